/**
 * The resolver's public types: the seam between the DNSSEC validator (main/resolver/dnssec/,
 * main/resolver/transport/) and what is built on it (ENUM, RFC 3263 location, certificate
 * lookup, the CLI). Keep this file small and stable.
 */

/** RFC 4035 §4.3 outcomes. */
export type DnssecStatus = 'secure' | 'insecure' | 'bogus' | 'indeterminate';

/** Known mnemonics, or any other rcode text (`string & {}` keeps the list for editors). */
export type Rcode =
  'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'FORMERR' | 'NOTIMP' | (string & {});

export interface ResourceRecord {
  /** Owner name, absolute, lower case, no trailing dot (root is ""). */
  name: string;
  /** Mnemonic: 'NAPTR', 'SRV', 'SMIMEA', 'TLSA', 'A', 'AAAA', 'CNAME', ... or 'TYPE65534'. */
  type: string;
  ttl: number;
  /** RDATA in presentation format, as dig/delv print it. */
  data: string;
  /** RDATA in uncompressed wire form (names expanded), for typed decoding. */
  rdata: Uint8Array;
}

export interface ValidatedAnswer {
  /** The question as asked (after normalisation). */
  name: string;
  type: string;
  status: DnssecStatus;
  rcode: Rcode;
  /** The answer RRsets, CNAME/DNAME links included, in the order they chain. */
  answers: ResourceRecord[];
  /** A sentence a person can read: why secure, insecure, bogus or indeterminate. */
  reason: string;
}

export interface ServerAddress {
  host: string;
  port: number;
}

/** A DNSSEC-validating resolver. Never throws for DNS outcomes; those are in the answer. */
export interface Resolver {
  resolve(name: string, type: string, options?: { signal?: AbortSignal }): Promise<ValidatedAnswer>;
}
