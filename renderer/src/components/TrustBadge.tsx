import { ShieldAlert, ShieldCheck, ShieldQuestion } from 'lucide-react';

export type Verdict = 'verified' | 'not-verified' | 'failed';

const TEXT: Record<Verdict, { label: string; description: string }> = {
  verified: {
    label: 'Verified',
    description: 'Their number and key check out in the signed directory.',
  },
  'not-verified': {
    label: 'Not verified',
    description:
      'A regular phone or an unsigned address. Calls work, but we cannot confirm who answers.',
  },
  failed: {
    label: "Can't verify — call blocked",
    description: 'Something is wrong with their directory entry or key, so Yakker blocked this.',
  },
};

/** The one trust signal, always after a person's name (see docs/ui.md). */
export function TrustBadge(props: { verdict: Verdict }) {
  const Icon =
    props.verdict === 'verified'
      ? ShieldCheck
      : props.verdict === 'failed'
        ? ShieldAlert
        : ShieldQuestion;
  const text = TEXT[props.verdict];
  return (
    <span className="badge" data-verdict={props.verdict} title={text.description}>
      <Icon aria-hidden="true" />
      {text.label}
    </span>
  );
}
