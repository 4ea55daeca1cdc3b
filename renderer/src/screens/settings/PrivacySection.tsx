import { useApp, useServices } from '../../state/context';

export function PrivacySection() {
  const { store } = useServices();
  const privateLookups = useApp((s) => s.settings?.privateLookups ?? false);
  return (
    <>
      <h2>Privacy</h2>
      <p className="lead">
        Yakker checks every number against the signed directory itself, so no server can pretend to
        be someone else.
      </p>
      <div className="card">
        <div className="field">
          <label className="field-text" htmlFor="private-lookups">
            <span className="field-label">Private number lookups</span>
            <span className="field-help">
              Ask the directory directly instead of your network's DNS, so your network cannot see
              whom you look up. Answers are still checked the same way.
            </span>
          </label>
          <input
            id="private-lookups"
            type="checkbox"
            role="switch"
            className="switch"
            checked={privateLookups}
            onChange={(e) =>
              void store.getState().updateSettings({ privateLookups: e.target.checked })
            }
          />
        </div>
      </div>
    </>
  );
}
