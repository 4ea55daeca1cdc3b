/** Typed views of the DNSSEC records (RFC 4034), decoded from wire RDATA. */
import type { WireRecord } from '../wire/message';
import { type Name, readName } from '../wire/name';
import { WireError } from '../wire/wire-error';

const u16 = (b: Uint8Array, o: number): number => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u32 = (b: Uint8Array, o: number): number => u16(b, o) * 65536 + u16(b, o + 2);

export interface Dnskey {
  flags: number;
  protocol: number;
  algorithm: number;
  publicKey: Uint8Array;
  keyTag: number;
  rdata: Uint8Array;
}

export interface Rrsig {
  typeCovered: number;
  algorithm: number;
  labels: number;
  originalTtl: number;
  expiration: number;
  inception: number;
  keyTag: number;
  signer: Name;
  signature: Uint8Array;
  /** RDATA without the signature, signer name as received (lower-cased when signing). */
  header: Uint8Array;
  record: WireRecord;
}

export interface Ds {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Uint8Array;
}

/** RFC 4034 Appendix B. */
export function keyTag(rdata: Uint8Array): number {
  let ac = 0;
  for (let i = 0; i < rdata.length; i++) ac += i & 1 ? (rdata[i] ?? 0) : (rdata[i] ?? 0) << 8;
  ac += (ac >>> 16) & 0xffff;
  return ac & 0xffff;
}

export function parseDnskey(rdata: Uint8Array): Dnskey {
  if (rdata.length < 5) throw new WireError('DNSKEY too short');
  return {
    flags: u16(rdata, 0),
    protocol: rdata[2] ?? 0,
    algorithm: rdata[3] ?? 0,
    publicKey: rdata.subarray(4),
    keyTag: keyTag(rdata),
    rdata,
  };
}

export const DNSKEY_ZONE = 0x0100;
export const DNSKEY_REVOKE = 0x0080;
export const DNSKEY_SEP = 0x0001;

export function parseRrsig(record: WireRecord): Rrsig {
  const rd = record.rdata;
  if (rd.length < 19) throw new WireError('RRSIG too short');
  const { name, next } = readName(rd, 18);
  return {
    typeCovered: u16(rd, 0),
    algorithm: rd[2] ?? 0,
    labels: rd[3] ?? 0,
    originalTtl: u32(rd, 4),
    expiration: u32(rd, 8),
    inception: u32(rd, 12),
    keyTag: u16(rd, 16),
    signer: name,
    signature: rd.subarray(next),
    header: rd.subarray(0, next),
    record,
  };
}

export function parseDs(rdata: Uint8Array): Ds {
  if (rdata.length < 5) throw new WireError('DS too short');
  return {
    keyTag: u16(rdata, 0),
    algorithm: rdata[2] ?? 0,
    digestType: rdata[3] ?? 0,
    digest: rdata.subarray(4),
  };
}
