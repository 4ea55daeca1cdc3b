/**
 * A zone to write and sign (build-zones.ts): origin, signer, algorithm, denial method, records,
 * and for tests an optional breakage applied after signing.
 */

export type Signer = 'bind' | 'ldns' | 'none';
export type Denial = 'nsec' | 'nsec3' | 'nsec3-optout';
export type Breakage =
  | 'tampered' // a signed record's data edited after signing
  | 'expired' // every signature expired
  | 'future' // every signature not yet valid
  | 'nosig' // one RRSIG removed (downgrade attempt)
  | 'wrongds' // the parent's DS digest does not match the key
  | 'badnsec' // a name removed after signing: its NSEC predecessor does not cover it
  | 'unsupported-ds'; // the parent's DS names algorithm 17 (SM2SM3), unsupported

export interface ZoneSpec {
  /** Absolute, with trailing dot ("." for the root). */
  origin: string;
  signer: Signer;
  algorithm: 8 | 13 | 15;
  denial: Denial;
  /** NSEC3 salt, hex (default: no salt). */
  nsec3Salt?: string;
  breakage?: Breakage;
  /** Records, relative to the origin or absolute, one per line. SOA and NS are added. */
  records: string[];
}

/** The parent zone of an origin ("." for a TLD). */
export function parentOf(origin: string): string {
  if (origin === '.') return '';
  const rest = origin.slice(origin.indexOf('.') + 1);
  return rest === '' ? '.' : rest;
}

export function labelCount(origin: string): number {
  return origin === '.' ? 0 : origin.replace(/\.$/, '').split('.').length;
}
