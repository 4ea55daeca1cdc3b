import { WireReader } from './wire-reader';

/** A NAPTR record (RFC 3403 §4.1), decoded from uncompressed RDATA. */
export interface NaptrRecord {
  order: number;
  preference: number;
  /** As published; compare case-insensitively. */
  flags: string;
  services: string;
  /** The substitution expression, on-the-wire form (single backslashes). */
  regexp: string;
  /** Lower case, no trailing dot; "" is the root ("."), meaning "no replacement". */
  replacement: string;
}

export function decodeNaptr(rdata: Uint8Array): NaptrRecord {
  const reader = new WireReader(rdata, 'NAPTR');
  const record: NaptrRecord = {
    order: reader.u16(),
    preference: reader.u16(),
    flags: reader.characterString(),
    services: reader.characterString(),
    regexp: reader.characterString(),
    replacement: reader.name(),
  };
  reader.end();
  return record;
}

/**
 * Sorts NAPTR records by ORDER, then PREFERENCE, lowest first (RFC 3403 §4.1). The sort is
 * stable, so identical pairs keep the order of the answer.
 */
export function sortNaptr<T extends { order: number; preference: number }>(
  records: readonly T[],
): T[] {
  return [...records].sort((a, b) => a.order - b.order || a.preference - b.preference);
}
