import type { DnssecStatus } from '../resolver/types';

/** A peer's published certificates, from validated DNS (SMIMEA). */
export interface PeerCertificates {
  status: DnssecStatus;
  /** DER certificates; empty when none is published or the answer is not usable. */
  certificates: Uint8Array[];
  reason: string;
}

/**
 * Where messaging learns about other people: their certificates (SMIMEA) and the SIP address a
 * MESSAGE goes to (ENUM for a number). The app's implementation asks our validating resolver
 * (dns-peer-directory.ts); unit tests give a fixed one.
 */
export interface PeerDirectory {
  certificates(identity: string): Promise<PeerCertificates>;
  /** The Request-URI for a peer key (`+15550101` → `sip:+15550101@b.provider.test`). */
  target(peerKey: string): Promise<string>;
}

/** Who we are when we send: the keychain identity that signs, and our address of record. */
export interface SenderAccount {
  /** Throws `not-configured` when there is no account or identity yet. */
  current(): Promise<{ identityRef: string; aor: string }>;
}
