import { Loader } from 'lucide-react';
import type { Resolution } from '../../hooks/useDialTarget';
import { TrustBadge } from '../TrustBadge';

/** Who the typed target is and how the call will go, in one line under the dialer field. */
export function DialTargetLine(props: { resolution: Resolution }) {
  const r = props.resolution;
  let body: React.ReactNode = null;
  if (r.state === 'looking')
    body = (
      <span className="dial-target-looking">
        <Loader aria-hidden="true" /> Looking up…
      </span>
    );
  else if (r.state === 'error') body = <span className="dial-target-error">{r.message}</span>;
  else if (r.state === 'done') {
    const t = r.target;
    if (t.kind === 'yakker')
      body = (
        <>
          <span>
            Yakker, {t.verified ? 'verified' : 'not verified'}
            {t.number ? ` · ${t.number}` : ''}
          </span>
          <TrustBadge verdict={t.verified ? 'verified' : 'not-verified'} />
        </>
      );
    else if (t.kind === 'sip')
      body = (
        <>
          <span>SIP, not verified</span>
          <TrustBadge verdict="not-verified" />
        </>
      );
    else if (t.kind === 'no-account')
      body = <span>No Yakker account: calling ordinary phones comes later.</span>;
    else
      body = (
        <span className="dial-target-error">{t.reason || 'That is not a number or address.'}</span>
      );
  }
  return (
    <div
      id="dialer-target"
      className="dial-target"
      data-kind={r.state === 'done' ? r.target.kind : r.state}
      aria-live="polite"
    >
      {body}
    </div>
  );
}
