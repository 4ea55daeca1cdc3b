import type { Name } from './name';

/** RFC 1035 query with RD and CD set and an EDNS0 OPT record (DO=1, 1232-octet payload). */
export function encodeQuery(id: number, name: Name, type: number): Uint8Array {
  const out = new Uint8Array(12 + name.length + 4 + 11);
  const v = new DataView(out.buffer);
  v.setUint16(0, id);
  v.setUint16(2, 0x0100 | 0x0010); // RD | CD
  v.setUint16(4, 1); // QDCOUNT
  v.setUint16(10, 1); // ARCOUNT (OPT)
  out.set(name, 12);
  let p = 12 + name.length;
  v.setUint16(p, type);
  v.setUint16(p + 2, 1); // IN
  p += 4;
  out[p] = 0; // OPT owner: root
  v.setUint16(p + 1, 41);
  v.setUint16(p + 3, 1232);
  v.setUint32(p + 5, 0x00008000); // DO
  v.setUint16(p + 9, 0);
  return out;
}
