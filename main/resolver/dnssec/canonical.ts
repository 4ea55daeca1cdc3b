/** Canonical RR form and the RRSIG signed data (RFC 4034 §6, RFC 4035 §5.3.2, RFC 6840 §5.1). */
import type { WireRecord } from '../wire/message';
import { type Name, labelCount, lowerName, prependLabel, readName, suffixName } from '../wire/name';
import { LAYOUTS } from '../wire/rr-types';
import type { Rrsig } from './records';

/** RDATA with embedded names lower-cased where RFC 4034 §6.2 (as corrected) says so. */
export function canonicalRdata(type: number, rdata: Uint8Array): Uint8Array {
  const layout = LAYOUTS.get(type);
  if (!layout?.lower) return rdata;
  const out = Uint8Array.from(rdata);
  let pos = 0;
  for (const f of layout.fields) {
    if (pos >= out.length) break;
    if (f === 'n') {
      const { name, next } = readName(rdata, pos);
      out.set(lowerName(name), pos);
      pos = next;
    } else pos += f === 's' ? (rdata[pos] ?? 0) + 1 : f;
  }
  return out;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** The owner name used in the signature: lower-cased, wildcard-restored if Labels < count. */
export function signedOwner(owner: Name, labels: number): Name {
  const lower = lowerName(owner);
  const count = labelCount(lower);
  return labels < count ? prependLabel('*', suffixName(lower, labels)) : lower;
}

/** signed_data = RRSIG_RDATA (no signature, signer lower-cased) | RR(1) | RR(2) ... */
export function signedData(sig: Rrsig, rrset: readonly WireRecord[]): Uint8Array {
  const first = rrset[0];
  if (!first) return new Uint8Array();
  const owner = signedOwner(first.owner, sig.labels);
  const rdatas = rrset.map((r) => canonicalRdata(r.type, r.rdata)).sort(compareBytes);
  const unique = rdatas.filter(
    (r, i) => i === 0 || compareBytes(r, rdatas[i - 1] ?? new Uint8Array()) !== 0,
  );
  const signer = lowerName(sig.signer);
  const head = sig.header.subarray(0, 18);
  let size = head.length + signer.length;
  for (const r of unique) size += owner.length + 10 + r.length;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  out.set(head, 0);
  out.set(signer, 18);
  let p = 18 + signer.length;
  for (const r of unique) {
    out.set(owner, p);
    p += owner.length;
    v.setUint16(p, first.type);
    v.setUint16(p + 2, first.klass);
    v.setUint32(p + 4, sig.originalTtl);
    v.setUint16(p + 8, r.length);
    out.set(r, p + 10);
    p += 10 + r.length;
  }
  return out;
}
