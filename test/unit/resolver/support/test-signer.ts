/** Signs test zones at test time with keys made by node:crypto (Ed25519, P-256, RSA). */
import { type KeyObject, generateKeyPairSync, sign } from 'node:crypto';
import { dsDigest } from '../../../../main/resolver/dnssec/algorithms';
import { signedData } from '../../../../main/resolver/dnssec/canonical';
import { keyTag, parseRrsig } from '../../../../main/resolver/dnssec/records';
import type { TrustAnchor } from '../../../../main/resolver/options';
import type { WireRecord } from '../../../../main/resolver/wire/message';
import {
  type Name,
  labelCount,
  lowerName,
  nameKey,
  textToName,
} from '../../../../main/resolver/wire/name';
import { parseZoneText } from '../../../../main/resolver/wire/zone-text';

export interface TestKey {
  flags: number;
  algorithm: number;
  privateKey: KeyObject;
  rdata: Uint8Array;
  tag: number;
}

function publicKeyField(alg: number, pub: KeyObject): Uint8Array {
  const jwk = pub.export({ format: 'jwk' });
  const b = (s: string | undefined): Buffer => Buffer.from(s ?? '', 'base64url');
  if (alg === 15) return b(jwk.x);
  if (alg === 13) return Buffer.concat([b(jwk.x), b(jwk.y)]);
  const e = b(jwk.e);
  return Buffer.concat([Buffer.from([e.length]), e, b(jwk.n)]);
}

export function makeKey(alg: 8 | 13 | 15, flags: number): TestKey {
  const { privateKey, publicKey } =
    alg === 15
      ? generateKeyPairSync('ed25519')
      : alg === 13
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 1024 });
  const rdata = Buffer.concat([
    Buffer.from([flags >> 8, flags & 0xff, 3, alg]),
    publicKeyField(alg, publicKey),
  ]);
  return { flags, algorithm: alg, privateKey, rdata: new Uint8Array(rdata), tag: keyTag(rdata) };
}

const u32 = (n: number): number[] => [
  (n >>> 24) & 0xff,
  (n >>> 16) & 0xff,
  (n >>> 8) & 0xff,
  n & 0xff,
];

export interface SignOptions {
  inception?: number;
  expiration?: number;
  labels?: number;
  originalTtl?: number;
  key?: TestKey;
  /** Replace the signature with garbage of the same length. */
  corrupt?: boolean;
}

export class TestZone {
  readonly origin: Name;
  readonly ksk: TestKey;
  readonly zsk: TestKey;
  extraKeys: TestKey[] = [];

  constructor(
    origin: string,
    readonly alg: 8 | 13 | 15 = 15,
    readonly now = Math.floor(Date.UTC(2026, 0, 1) / 1000),
  ) {
    this.origin = textToName(origin);
    this.ksk = makeKey(alg, 257);
    this.zsk = makeKey(alg, 256);
  }

  get name(): string {
    return nameKey(this.origin);
  }

  dnskeys(ttl = 3600): WireRecord[] {
    return [this.ksk, this.zsk, ...this.extraKeys].map((k) => ({
      owner: this.origin,
      type: 48,
      klass: 1,
      ttl,
      rdata: k.rdata,
    }));
  }

  ds(digestType = 2, ttl = 3600): WireRecord {
    const digest = dsDigest(lowerName(this.origin), this.ksk.rdata, digestType) ?? new Uint8Array();
    const rdata = Uint8Array.from([
      this.ksk.tag >> 8,
      this.ksk.tag & 0xff,
      this.ksk.algorithm,
      digestType,
      ...digest,
    ]);
    return { owner: this.origin, type: 43, klass: 1, ttl, rdata };
  }

  anchor(): TrustAnchor {
    return { name: this.name, type: 'DS', rdata: this.ds().rdata };
  }

  /** RRSIG over an RRset (all records must share owner and type). */
  sign(rrset: readonly WireRecord[], opts: SignOptions = {}): WireRecord {
    const first = rrset[0];
    if (!first) throw new Error('empty RRset');
    const key = opts.key ?? (first.type === 48 ? this.ksk : this.zsk);
    const labels =
      opts.labels ??
      labelCount(first.owner) - (first.owner[1] === 0x2a && first.owner[0] === 1 ? 1 : 0);
    const head = Uint8Array.from([
      first.type >> 8,
      first.type & 0xff,
      key.algorithm,
      labels,
      ...u32(opts.originalTtl ?? first.ttl),
      ...u32(opts.expiration ?? this.now + 30 * 86400),
      ...u32(opts.inception ?? this.now - 86400),
      key.tag >> 8,
      key.tag & 0xff,
      ...lowerName(this.origin),
    ]);
    const unsigned: WireRecord = {
      owner: first.owner,
      type: 46,
      klass: 1,
      ttl: first.ttl,
      rdata: head,
    };
    const data = signedData(parseRrsig(unsigned), rrset);
    let sig = new Uint8Array(
      key.algorithm === 13
        ? sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
        : key.algorithm === 15
          ? sign(null, data, key.privateKey)
          : sign('sha256', data, key.privateKey),
    );
    if (opts.corrupt) sig = sig.map((b) => b ^ 0x5a);
    const rdata = new Uint8Array(head.length + sig.length);
    rdata.set(head);
    rdata.set(sig, head.length);
    return { ...unsigned, rdata };
  }

  /** Records from zone text plus one RRSIG per RRset. */
  signed(text: string, opts: SignOptions = {}): WireRecord[] {
    const recs = parseZoneText(text);
    const groups = new Map<string, WireRecord[]>();
    for (const r of recs) {
      const k = `${nameKey(r.owner)}/${r.type}`;
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    return [...groups.values()].flatMap((g) => [...g, this.sign(g, opts)]);
  }

  /** The DNSKEY RRset with its RRSIG (KSK-signed). */
  keyAnswer(opts: SignOptions = {}): WireRecord[] {
    const keys = this.dnskeys();
    return [...keys, this.sign(keys, opts)];
  }
}
