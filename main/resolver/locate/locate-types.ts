import type { DnssecStatus } from '../types';
import type { SipTransport } from './sip-transport';
import type { RandomSource } from './srv-order';
import type { TlsaResult } from './tlsa-lookup';

/** What locateSip takes and returns (RFC 3263 server location). */
export interface LocateOptions {
  /** Transports to consider, most preferred first (default TLS, TCP, WSS). */
  transports?: readonly SipTransport[];
  /** For RFC 2782 weighted selection; Math.random by default. */
  random?: RandomSource;
  /** Look up TLSA for TLS/WSS endpoints (default true). */
  tlsa?: boolean;
  /** Most targets returned. */
  maxTargets?: number;
  signal?: AbortSignal;
}

export interface SipTarget {
  transport: SipTransport;
  host: string;
  port: number;
  addresses: string[];
  /** TLSA for `_port._tcp.host`; null when not looked up (with `tlsaNote` saying why). */
  tlsa: TlsaResult | null;
  tlsaNote?: string;
  /** Worst status of every answer used to reach this target (NAPTR, SRV, A/AAAA, TLSA). */
  status: DnssecStatus;
  /** How it was found. */
  via: 'numeric' | 'explicit-port' | 'naptr' | 'srv' | 'address';
}

export interface LocateStep {
  name: string;
  type: string;
  status: DnssecStatus;
  rcode: string;
  records: number;
}

export interface SkippedTarget {
  host: string;
  port: number;
  transport: SipTransport;
  status: DnssecStatus;
  reason: string;
}

export interface LocateResult {
  uri: string;
  /** The TARGET of RFC 3263 §4: the maddr parameter, else the host. */
  target: string;
  status: DnssecStatus;
  targets: SipTarget[];
  skipped: SkippedTarget[];
  steps: LocateStep[];
  reason: string;
}
