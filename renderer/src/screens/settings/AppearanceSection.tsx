import type { Settings } from '../../../../shared/contract/requests';
import { useApp, useServices } from '../../state/context';

const THEMES: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function AppearanceSection() {
  const { store } = useServices();
  const theme = useApp((s) => s.settings?.theme ?? 'system');
  return (
    <>
      <h2>Appearance</h2>
      <p className="lead">
        Yakker follows your system's light or dark mode unless you choose one here.
      </p>
      <div className="card">
        <div className="field">
          <div className="field-text">
            <span className="field-label" id="theme-label">
              Theme
            </span>
          </div>
          <div className="segmented" role="radiogroup" aria-labelledby="theme-label">
            {THEMES.map((t) => (
              <label key={t.value}>
                <input
                  type="radio"
                  name="theme"
                  value={t.value}
                  checked={theme === t.value}
                  onChange={() => void store.getState().updateSettings({ theme: t.value })}
                />
                <span>{t.label}</span>
              </label>
            ))}
          </div>
        </div>
      </div>
    </>
  );
}
