import type { KeyObject } from 'node:crypto';
import { YakkerError } from '../../shared/contract/result';
import { passportIdentity, type PassportClaims } from '../../shared/crypto/passport-claims';
import { extractFingerprints } from '../../shared/crypto/sdp-fingerprint';
import { smimeaOwnerForSip, smimeaOwnerForTel } from '../resolver/cert/smimea-owner';
import {
  formatIdentityHeader,
  parseIdentityHeader,
  smimeaInfoUri,
} from '../crypto/identity-header';
import { signPassport, verifyPassport } from '../crypto/passport';
import { systemClock, type Clock } from './identity-service';
import type { SigningKey } from './signing-key-cache';

/** Where signing keys come from: a SigningKeyCache (the keychain, read once per session). */
export interface SigningKeys {
  get(ref: string): Promise<SigningKey>;
}

/**
 * The Identity header for calls (wire profile, "Calls"): a PASSporT with `mky` signed by the
 * caller's (or callee's, for responses) identity key, and its verification.
 */
export class CallIdentity {
  constructor(
    private readonly keys: SigningKeys,
    /** The ENUM zone the SMIMEA records live under, for the `info` pointer. */
    private readonly enumSuffix: string,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The Identity header value for an SDP sent by identity `ref` to `dest` (tel or SIP URI). */
  async sign(ref: string, dest: string, sdp: string): Promise<string> {
    const { summary, key } = await this.keys.get(ref);
    const orig = summary.tel ? `tel:${summary.tel}` : (summary.sip ?? '');
    const owner = summary.tel
      ? smimeaOwnerForTel(summary.tel, this.enumSuffix)
      : smimeaOwnerForSip(orig);
    const to = passportIdentity(dest);
    const claims: PassportClaims = {
      orig: passportIdentity(orig),
      dest: 'tn' in to ? { tn: [to.tn] } : { uri: [to.uri] },
      iat: Math.floor(this.clock.now().getTime() / 1000),
      mky: extractFingerprints(sdp),
    };
    const info = smimeaInfoUri(owner);
    return formatIdentityHeader(await signPassport(key, claims, info), info);
  }

  /**
   * Verifies a received Identity header with the signer's public key (from its certificate found
   * through validated DNS), the SIP identities and the SDP that came with it.
   */
  async verify(
    header: string,
    signerKey: KeyObject,
    expected: { from: string; to?: string; sdp: string },
  ): Promise<PassportClaims> {
    const parsed = parseIdentityHeader(header);
    if (parsed.alg !== null && parsed.alg !== 'ES256') {
      throw new YakkerError('crypto-malformed', `Identity alg ${parsed.alg} is not ES256`);
    }
    return verifyPassport(parsed.token, signerKey, {
      orig: passportIdentity(expected.from),
      ...(expected.to ? { dest: passportIdentity(expected.to) } : {}),
      fingerprints: extractFingerprints(expected.sdp),
      nowSeconds: Math.floor(this.clock.now().getTime() / 1000),
    });
  }
}
