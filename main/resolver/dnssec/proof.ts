/** Outcomes shared by the NSEC and NSEC3 denial proofs. */
export type Proof =
  | { status: 'secure' }
  | { status: 'insecure'; reason: string }
  | { status: 'bogus'; reason: string };

/** What a DS query's denial says about a name while walking down from a trust anchor. */
export type CutProbe =
  | { kind: 'insecure'; reason: string } // a delegation without DS (or opt-out span)
  | { kind: 'no-cut' } // the name exists in this zone and is not a delegation
  | { kind: 'nonexistent' } // the name does not exist: no deeper zone on this path
  | { kind: 'bogus'; reason: string };

export const SECURE: Proof = { status: 'secure' };
export const bogus = (reason: string): Proof => ({ status: 'bogus', reason });
