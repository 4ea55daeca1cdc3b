import { Loader } from 'lucide-react';
import type { CallVerdict, DialTarget } from '../../../../shared/contract/areas/calls';
import { TrustBadge, type Verdict } from '../TrustBadge';

/** The badge for a call: main's verdict, or (before it arrives) what the dialer resolved. */
export function verdictOf(verdict: CallVerdict | null, target: DialTarget | null): Verdict | null {
  if (verdict && verdict.state !== 'pending') return verdict.state;
  if (target) return target.verified ? 'verified' : 'not-verified';
  return null;
}

/** TrustBadge, plus "Checking…" while main is still verifying. */
export function VerdictBadge(props: { verdict: Verdict | null }) {
  if (props.verdict === null)
    return (
      <span className="badge" data-verdict="pending" title="Checking who this is…">
        <Loader aria-hidden="true" />
        Checking…
      </span>
    );
  return <TrustBadge verdict={props.verdict} />;
}
