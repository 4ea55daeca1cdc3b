/**
 * `a=fingerprint` lines of an SDP (RFC 8122 §5), session and media level, in the form the
 * PASSporT `mky` claim carries them (RFC 8225 §5.2.2): hash function name lower-case, the
 * digest as upper-case hex pairs joined by colons, sorted by alg then dig, duplicates removed.
 */
export interface SdpFingerprint {
  alg: string;
  dig: string;
}

export function extractFingerprints(sdp: string): SdpFingerprint[] {
  const found = new Map<string, SdpFingerprint>();
  for (const line of sdp.split(/\r?\n/)) {
    const match = /^a=fingerprint:\s*(\S+)\s+([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})+)\s*$/.exec(line);
    if (!match) continue;
    const fp = { alg: (match[1] ?? '').toLowerCase(), dig: (match[2] ?? '').toUpperCase() };
    found.set(`${fp.alg} ${fp.dig}`, fp);
  }
  return sortFingerprints([...found.values()]);
}

export function sortFingerprints(list: readonly SdpFingerprint[]): SdpFingerprint[] {
  return [...list].sort((a, b) => (a.alg === b.alg ? cmp(a.dig, b.dig) : cmp(a.alg, b.alg)));
}

/** True when two fingerprint sets are equal (order-insensitive, case-normalised). */
export function sameFingerprints(
  a: readonly SdpFingerprint[],
  b: readonly SdpFingerprint[],
): boolean {
  const norm = (l: readonly SdpFingerprint[]) =>
    sortFingerprints(l.map((f) => ({ alg: f.alg.toLowerCase(), dig: f.dig.toUpperCase() })))
      .map((f) => `${f.alg} ${f.dig}`)
      .join('|');
  return norm(a) === norm(b);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
