import * as asn1js from 'asn1js';
import { createHash } from 'node:crypto';
import { toArrayBuffer } from './der';

/**
 * ECC-CMS-SharedInfo (RFC 5753 §7.2): the KDF input that binds the derived key to the key wrap
 * algorithm, the optional user keying material and the key length in bits.
 */
export function eccCmsSharedInfo(wrapOid: string, keyBytes: number, ukm: Buffer | null): Buffer {
  if (ukm === null) {
    const key = `${wrapOid}/${keyBytes}`;
    const cached = withoutUkm.get(key);
    if (cached) return cached;
    const built = buildSharedInfo(wrapOid, keyBytes, null);
    withoutUkm.set(key, built);
    return built;
  }
  return buildSharedInfo(wrapOid, keyBytes, ukm);
}

/** SharedInfo without ukm depends only on the wrap algorithm: built once each (asn1js is slow). */
const withoutUkm = new Map<string, Buffer>();

function buildSharedInfo(wrapOid: string, keyBytes: number, ukm: Buffer | null): Buffer {
  const suppPubInfo = Buffer.alloc(4);
  suppPubInfo.writeUInt32BE(keyBytes * 8);
  const parts: asn1js.AsnType[] = [
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: wrapOid })] }),
  ];
  if (ukm) {
    parts.push(
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 },
        value: [new asn1js.OctetString({ valueHex: toArrayBuffer(ukm) })],
      }),
    );
  }
  parts.push(
    new asn1js.Constructed({
      idBlock: { tagClass: 3, tagNumber: 2 },
      value: [new asn1js.OctetString({ valueHex: toArrayBuffer(suppPubInfo) })],
    }),
  );
  return Buffer.from(new asn1js.Sequence({ value: parts }).toBER(false));
}

/** ANSI X9.63 KDF (SEC 1 §3.6.1): Hash(Z || counter || SharedInfo) blocks, counter from 1. */
export function x963Kdf(hash: string, z: Buffer, sharedInfo: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  let total = 0;
  for (let counter = 1; total < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(z).update(c).update(sharedInfo).digest();
    blocks.push(block);
    total += block.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}
