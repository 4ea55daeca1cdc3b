import { X509Certificate, type KeyObject } from 'node:crypto';
import type { CallVerdict } from '../../shared/contract/areas/calls';
import type { PassportClaims } from '../../shared/crypto/passport-claims';
import { YakkerError } from '../../shared/contract/result';
import type { Logger } from '../core/logger';
import { parseIdentityHeader, smimeaInfoUri } from '../crypto/identity-header';
import type { CertLookupResult } from '../resolver/cert/cert-lookup';
import { extractFingerprints } from '../../shared/crypto/sdp-fingerprint';
import { identityOfUri, tagOf, uriOfNameAddr } from './sip-address';
import {
  cseqMethod,
  hasSdp,
  header,
  parseSipMessage,
  responseTo,
  withHeader,
  type SipMessage,
} from './sip-message';
import type { SipTimingTrace } from './sip-timing-trace';
import type { SipMessageFilter } from './sip-transport-service';
import type { VerdictStore } from './verdict-store';

/** Who we are on the wire: the account's AOR and the keychain identity that signs for it. */
export interface OwnIdentity {
  aor: string;
  /** `identityOfUri(aor)`: `tel:+15550100` or `sip:user@host`. */
  identity: string;
  /** Null when the account has no signing identity: our SDP then goes out unsigned. */
  identityId: string | null;
}

export interface IdentityLayerDeps {
  own: () => Promise<OwnIdentity | null>;
  /** The Identity header value for `sdp` sent by `identityId` to `dest` (CallIdentity.sign). */
  sign: (identityId: string, dest: string, sdp: string) => Promise<string>;
  /** Loads the signing key ahead of the first call (optional; errors surface on the first sign). */
  prepareSigning?: (identityId: string) => Promise<void>;
  /** The peer's published certificates through validated DNS (lookupCertificates). */
  lookup: (identity: string) => Promise<CertLookupResult>;
  /** Verifies a PASSporT (CallIdentity.verify); throws a YakkerError with a crypto-* code. */
  verify: (
    header: string,
    key: KeyObject,
    expected: { from: string; to: string; sdp: string },
  ) => Promise<PassportClaims>;
  verdicts: VerdictStore;
  logger: Logger;
  now?: () => Date;
  /** Timing trace for the call-setup benchmark (sip-timing-trace.ts): when a check decided. */
  trace?: SipTimingTrace;
}

const SIGNED_REQUESTS = new Set(['INVITE', 'UPDATE']);
const MAX_LOOKUPS = 500;

type Decided = Omit<CallVerdict, 'callId' | 'peer'>;

/**
 * The identity layer on the wire (wire profile "Calls"; docs/calls.md): every SDP we send goes
 * out with an RFC 8224 Identity header (a PASSporT with `mky`) signed by the account's key;
 * every SDP we receive is checked against the peer's SMIMEA certificate found through validated
 * DNS. A verdict per Call-ID; an incoming INVITE or UPDATE that fails is answered 438 here and
 * never reaches JsSIP.
 */
export class IdentityLayer implements SipMessageFilter {
  /** Certificate lookups per call and peer (one DNS lookup per call, not per message). */
  private readonly lookups = new Map<string, Promise<CertLookupResult>>();
  /** Verified a=fingerprint sets per dialog. */
  private readonly pinned = new Map<string, string>();
  /** Checks of responses still running (their messages went on to JsSIP already). */
  private readonly checking = new Set<Promise<void>>();

  constructor(private readonly deps: IdentityLayerDeps) {}

  /** Readies what signing needs (the account's key) so the first INVITE does not wait for it. */
  async prepare(): Promise<void> {
    const own = await this.deps.own();
    if (own?.identityId) await this.deps.prepareSigning?.(own.identityId);
  }

  async outgoing(text: string): Promise<string> {
    const message = parseSipMessage(text);
    if (message === null || !hasSdp(message)) return text;
    const method = message.method ?? cseqMethod(message);
    if (method === null || !SIGNED_REQUESTS.has(method)) return text;
    if (message.status !== null && (message.status < 180 || message.status > 299)) return text;
    const own = await this.deps.own();
    if (own === null) return text;
    const fromUri = uriOfNameAddr(header(message, 'from') ?? '');
    const toUri = uriOfNameAddr(header(message, 'to') ?? '');
    const [ourUri, peerUri] = message.method !== null ? [fromUri, toUri] : [toUri, fromUri];
    if (!this.isUs(ourUri, own)) return text;
    const peer = safeIdentity(peerUri);
    const callId = header(message, 'call-id');
    if (message.method !== null && callId !== null && peer !== null) {
      // Their certificate is needed when the answer comes: look it up while the INVITE travels.
      this.lookup(callId, peer).catch(() => undefined);
      this.deps.verdicts.set({
        callId,
        peer: displayPeer(peer),
        state: 'pending',
        reason: 'Waiting for their answer to check who they are.',
        dnssec: null,
        fingerprint: null,
      });
    }
    if (own.identityId === null || peer === null) {
      this.deps.logger.warn('SDP sent without an Identity header', {
        reason: own.identityId === null ? 'the account has no signing key' : 'unreadable peer',
      });
      return text;
    }
    const value = await this.deps.sign(own.identityId, peer, message.body);
    return withHeader(message, 'Identity', value);
  }

  /**
   * A request (INVITE, UPDATE) waits here for its check: a failed one is answered 438 and never
   * reaches JsSIP. A response (18x/2xx to our INVITE) goes on to JsSIP at once and is checked
   * meanwhile: its media setup (ICE, DTLS) overlaps the check, and the renderer keeps the call
   * silent both ways until the verdict, ending it if the verdict is failed (docs/calls.md).
   */
  async incoming(text: string, reply: (text: string) => void): Promise<string | null> {
    const message = parseSipMessage(text);
    if (message === null || !hasSdp(message)) return text;
    const method = message.method ?? cseqMethod(message);
    if (method === null || !SIGNED_REQUESTS.has(method)) return text;
    if (message.status !== null && (message.status < 180 || message.status > 299)) return text;
    const callId = header(message, 'call-id');
    if (callId === null) return text;
    const peerUri = uriOfNameAddr(header(message, message.method !== null ? 'from' : 'to') ?? '');
    const peer = safeIdentity(peerUri);
    const base = { callId, peer: peer === null ? peerUri : displayPeer(peer) };
    this.deps.verdicts.set({
      ...base,
      state: 'pending',
      reason: 'Checking who is calling.',
      dnssec: null,
      fingerprint: null,
    });
    const decide = async (): Promise<CallVerdict> => {
      let decided: Decided;
      try {
        decided =
          peer === null
            ? failed(`Their address (${peerUri}) cannot be read.`, null)
            : await this.check(message, callId, peer);
      } catch (error) {
        this.deps.logger.error('identity check failed unexpectedly', { error });
        decided = failed('Their identity could not be checked.', null);
      }
      this.deps.trace?.('verdict', text);
      return this.deps.verdicts.set({ ...base, ...decided });
    };
    if (message.method === null) {
      this.track(decide());
      return text;
    }
    const kept = await decide();
    if (kept.state === 'failed') {
      reply(
        responseTo(message, 438, 'Invalid Identity Header', [
          `Reason: SIP;cause=438;text="${kept.reason.replace(/["\\\r\n]/g, '')}"`,
        ]),
      );
      return null;
    }
    return text;
  }

  /** Resolves once every check started so far has its verdict (tests; shutting down). */
  async settled(): Promise<void> {
    while (this.checking.size > 0) await Promise.all([...this.checking]);
  }

  private track(check: Promise<unknown>): void {
    const done = check.then(
      () => undefined,
      () => undefined,
    );
    this.checking.add(done);
    void done.then(() => this.checking.delete(done));
  }

  private isUs(uri: string, own: OwnIdentity): boolean {
    return safeIdentity(uri) === own.identity;
  }

  private async check(message: SipMessage, callId: string, peer: string): Promise<Decided> {
    const own = await this.deps.own();
    const lookup = await this.lookup(callId, peer);
    const identityHeader = header(message, 'identity');
    if (lookup.status === 'bogus')
      return failed(
        'The DNS answer for their certificate failed its DNSSEC check: someone may be tampering with it.',
        'bogus',
      );
    if (lookup.status === 'indeterminate')
      return failed(
        'Their certificate could not be looked up (no DNS answer), so this call cannot be checked.',
        'indeterminate',
      );
    if (lookup.status === 'insecure')
      return notVerified(
        'Their directory entry is not signed with DNSSEC, so who they are cannot be checked.',
        'insecure',
      );
    if (lookup.certificates.length === 0)
      return notVerified(
        'They have no Yakker certificate: a plain SIP phone or service.',
        lookup.status,
      );
    if (identityHeader === null)
      return failed(
        'They publish a Yakker certificate, but this call came without their signature.',
        lookup.status,
      );
    let info: string | null;
    try {
      info = parseIdentityHeader(identityHeader).info;
    } catch {
      return failed('Their Identity header cannot be read.', lookup.status);
    }
    if (info !== null && info !== smimeaInfoUri(lookup.owner))
      return failed('Their signature points at a certificate that is not theirs.', lookup.status);
    const now = (this.deps.now ?? (() => new Date()))();
    let firstError: YakkerError | null = null;
    for (const published of lookup.certificates) {
      let cert: X509Certificate;
      try {
        cert = new X509Certificate(published.der);
      } catch {
        continue;
      }
      if (new Date(cert.validTo) < now || new Date(cert.validFrom) > now) {
        firstError ??= new YakkerError('certificate-expired', 'expired');
        continue;
      }
      const details = cert.publicKey.asymmetricKeyDetails;
      if (cert.publicKey.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1') {
        firstError ??= new YakkerError('key-unsupported', 'not P-256');
        continue;
      }
      try {
        await this.deps.verify(identityHeader, cert.publicKey, {
          from: peer,
          to: own?.identity ?? '',
          sdp: message.body,
        });
        if (!this.pin(message, callId, message.body))
          return failed(
            'Their media keys (a=fingerprint) changed during the call: the call may be intercepted.',
            lookup.status,
          );
        return {
          state: 'verified',
          reason: 'Signed with their Yakker certificate, found in DNSSEC-signed DNS.',
          dnssec: 'secure',
          fingerprint: published.sha256,
        };
      } catch (error) {
        const e =
          error instanceof YakkerError ? error : new YakkerError('crypto-malformed', String(error));
        // With several certificates, the wrong ones fail on the signature: keep a better reason.
        if (firstError === null || firstError.code === 'crypto-signature-invalid') firstError = e;
      }
    }
    return failed(reasonFor(firstError?.code ?? ''), lookup.status);
  }

  /**
   * Pins the verified fingerprints per dialog (Call-ID and the peer's tag; forks of one call are
   * separate dialogs): a later SDP in the same dialog must carry the same set (wire profile,
   * "Calls", step 6). False when it changed.
   */
  private pin(message: SipMessage, callId: string, sdp: string): boolean {
    const peerTag = tagOf(header(message, message.method !== null ? 'from' : 'to') ?? '') ?? '';
    const key = `${callId}\n${peerTag}`;
    const set = extractFingerprints(sdp)
      .map((f) => `${f.alg} ${f.dig}`)
      .join('|');
    const before = this.pinned.get(key);
    if (before === undefined) {
      this.pinned.set(key, set);
      while (this.pinned.size > MAX_LOOKUPS) {
        const oldest = this.pinned.keys().next().value;
        if (oldest === undefined) break;
        this.pinned.delete(oldest);
      }
      return true;
    }
    return before === set;
  }

  private lookup(callId: string, peer: string): Promise<CertLookupResult> {
    const key = `${callId}\n${peer}`;
    let pending = this.lookups.get(key);
    if (pending === undefined) {
      pending = this.deps.lookup(peer);
      this.lookups.set(key, pending);
      pending.catch(() => this.lookups.delete(key));
      while (this.lookups.size > MAX_LOOKUPS) {
        const oldest = this.lookups.keys().next().value;
        if (oldest === undefined) break;
        this.lookups.delete(oldest);
      }
    }
    return pending;
  }
}

function reasonFor(code: string): string {
  switch (code) {
    case 'crypto-fingerprint-mismatch':
      return "The call's media keys (a=fingerprint) are not the ones they signed: the call may be intercepted.";
    case 'crypto-stale':
      return "The call's signature is more than 60 seconds old or in the future.";
    case 'crypto-sender-mismatch':
      return 'The signature names another caller or callee.';
    case 'crypto-malformed':
      return 'Their Identity header cannot be read.';
    case 'certificate-expired':
      return 'Their published certificate has expired.';
    case 'key-unsupported':
      return 'Their published certificate has a key type calls cannot use.';
    default:
      return "The call's signature does not match their published certificate.";
  }
}

function failed(reason: string, dnssec: CallVerdict['dnssec']): Decided {
  return { state: 'failed', reason, dnssec, fingerprint: null };
}

function notVerified(reason: string, dnssec: CallVerdict['dnssec']): Decided {
  return { state: 'not-verified', reason, dnssec, fingerprint: null };
}

function safeIdentity(uri: string): string | null {
  try {
    return identityOfUri(uri);
  } catch {
    return null;
  }
}

/** `tel:+15550101` → `+15550101`; SIP identities as they are. */
function displayPeer(identity: string): string {
  return identity.startsWith('tel:') ? identity.slice(4) : identity;
}
