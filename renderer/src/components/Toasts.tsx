import { X } from 'lucide-react';
import { useApp, useServices } from '../state/context';

/** Short messages at the bottom; errors say what happened and what to do. Announced to screen readers. */
export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  const { store } = useServices();
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className="toast" data-tone={t.tone}>
          <span>{t.text}</span>
          <button
            type="button"
            aria-label="Dismiss"
            onClick={() => {
              store.getState().dismissToast(t.id);
            }}
          >
            <X aria-hidden="true" />
          </button>
        </div>
      ))}
    </div>
  );
}
