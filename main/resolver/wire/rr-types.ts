/** RR type numbers and mnemonics (RFC 3597 TYPEnnn for the rest). */
const TYPES: Record<string, number> = {
  A: 1,
  NS: 2,
  MD: 3,
  MF: 4,
  CNAME: 5,
  SOA: 6,
  MB: 7,
  MG: 8,
  MR: 9,
  NULL: 10,
  WKS: 11,
  PTR: 12,
  HINFO: 13,
  MINFO: 14,
  MX: 15,
  TXT: 16,
  RP: 17,
  AFSDB: 18,
  SIG: 24,
  KEY: 25,
  PX: 26,
  AAAA: 28,
  LOC: 29,
  NXT: 30,
  SRV: 33,
  NAPTR: 35,
  KX: 36,
  CERT: 37,
  A6: 38,
  DNAME: 39,
  OPT: 41,
  DS: 43,
  SSHFP: 44,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  DHCID: 49,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52,
  SMIMEA: 53,
  CDS: 59,
  CDNSKEY: 60,
  OPENPGPKEY: 61,
  SVCB: 64,
  HTTPS: 65,
  SPF: 99,
  ANY: 255,
  URI: 256,
  CAA: 257,
};
const NAMES = new Map<number, string>(Object.entries(TYPES).map(([k, v]) => [v, k]));

export const T = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  NAPTR: 35,
  DNAME: 39,
  OPT: 41,
  DS: 43,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  NSEC3: 50,
  NSEC3PARAM: 51,
  TLSA: 52,
  SMIMEA: 53,
  ANY: 255,
} as const;

export function typeToText(type: number): string {
  return NAMES.get(type) ?? `TYPE${type}`;
}

/** Mnemonic or TYPEnnn to a number; undefined if unknown. */
export function textToType(text: string): number | undefined {
  const t = text.toUpperCase();
  const known = TYPES[t];
  if (known !== undefined) return known;
  const m = /^TYPE([0-9]{1,5})$/.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 0xffff ? n : undefined;
}

const RCODES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];

export function rcodeToText(rcode: number): string {
  return RCODES[rcode] ?? (rcode === 16 ? 'BADVERS' : `RCODE${rcode}`);
}

/**
 * Where names sit inside RDATA (RFC 1035, 2163, 2782, 3403, 4034). 'n' = a domain name, a
 * number = that many fixed octets, 's' = a character-string. Used to decompress RDATA and to
 * lower-case it for the canonical form.
 */
export type Field = 'n' | 's' | number;
export const LAYOUTS = new Map<number, { fields: Field[]; lower: boolean }>([
  [2, { fields: ['n'], lower: true }], // NS
  [3, { fields: ['n'], lower: true }], // MD
  [4, { fields: ['n'], lower: true }], // MF
  [5, { fields: ['n'], lower: true }], // CNAME
  [6, { fields: ['n', 'n', 20], lower: true }], // SOA
  [7, { fields: ['n'], lower: true }], // MB
  [8, { fields: ['n'], lower: true }], // MG
  [9, { fields: ['n'], lower: true }], // MR
  [12, { fields: ['n'], lower: true }], // PTR
  [14, { fields: ['n', 'n'], lower: true }], // MINFO
  [15, { fields: [2, 'n'], lower: true }], // MX
  [17, { fields: ['n', 'n'], lower: true }], // RP
  [18, { fields: [2, 'n'], lower: true }], // AFSDB
  [21, { fields: [2, 'n'], lower: true }], // RT
  [26, { fields: [2, 'n', 'n'], lower: true }], // PX
  [33, { fields: [6, 'n'], lower: true }], // SRV
  [35, { fields: [4, 's', 's', 's', 'n'], lower: true }], // NAPTR
  [36, { fields: [2, 'n'], lower: true }], // KX
  [39, { fields: ['n'], lower: true }], // DNAME
  [46, { fields: [18, 'n'], lower: true }], // RRSIG (signature follows, opaque)
  [47, { fields: ['n'], lower: false }], // NSEC (RFC 6840 §5.1: not lower-cased)
]);
