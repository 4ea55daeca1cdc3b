/**
 * The directory's account operations (wire-profile.md "Directory API"): create (SMS code to the
 * sink), verify (code + signature by the certificate's key: publishes NAPTR and SMIMEA), publish
 * (new target, extra certificates), revoke. Every refused request leaves the state as it was,
 * except what refusing counts: a wrong code uses up one of the tries. One operation at a time,
 * and the database changes only after DNS took the new records.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from './api-error';
import type { AccountRow, DirectoryDb } from './directory-db';
import { recordsFor } from './directory-records-for';
import { checkCertificate, checkE164, checkTarget } from './identity-input';
import type { PublishRecords } from './publish-records';
import {
  SIGNATURE_WINDOW_S,
  signatureParams,
  verifyRequestSignature,
  type SignedRequest,
} from './request-signature';

export const CODE_TTL_MS = 10 * 60_000;
export const MAX_CODE_TRIES = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const CREATE_INTERVAL_MS = 60_000;
export const MAX_EXTRA_CERTIFICATES = 4;

// Long enough for any mistake to reach checkE164, which says what is wrong.
const number = z.string().max(64);
const target = z.string().max(300);
const certificate = z.string().max(8000);

export const createSchema = z.strictObject({ number, certificate, target: target.optional() });
export const verifySchema = z.strictObject({
  number,
  code: z.string().regex(/^[0-9]{6}$/, 'the code is 6 digits'),
  target: target.optional(),
});
export const publishSchema = z.strictObject({
  number,
  target: target.nullable().optional(),
  certificates: z.array(certificate).max(MAX_EXTRA_CERTIFICATES).optional(),
});
/** `replacement`: a new certificate takes the old one's place (key rollover); else the account closes. */
export const revokeSchema = z.strictObject({ number, replacement: certificate.optional() });

export interface AccountView {
  number: string;
  status: AccountRow['status'];
  keyId: string;
  target: string | null;
  records: string[];
}

function view(a: AccountRow): AccountView {
  return {
    number: a.number,
    status: a.status,
    keyId: a.keyId,
    target: a.target,
    records: a.status === 'active' ? recordsFor(a) : [],
  };
}

function codeHash(num: string, code: string): string {
  return createHash('sha256').update(`${num}:${code}`).digest('hex');
}

export class DirectoryAccounts {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: DirectoryDb,
    private readonly publish: PublishRecords,
    private readonly now: () => number,
  ) {}

  /** Runs operations one after the other (the DB and the zone change together). */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  create(
    input: z.infer<typeof createSchema>,
  ): Promise<{ number: string; status: 'code-sent'; expiresAt: string }> {
    return this.serial(() => {
      const now = this.now();
      const num = checkE164(input.number);
      const cert = checkCertificate(input.certificate, num, new Date(now));
      const tgt = input.target === undefined ? null : checkTarget(num, input.target);
      this.checkNotLocked(num, now);
      const recent = this.db.sms(num, now - CREATE_INTERVAL_MS + 1);
      const last = recent[0];
      if (last !== undefined)
        throw new ApiError(
          429,
          'rate-limited',
          'one code per number per minute; wait and try again',
          Math.ceil((last.sentAt + CREATE_INTERVAL_MS - now) / 1000),
        );
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = now + CODE_TTL_MS;
      this.db.transaction(() => {
        this.db.putChallenge({
          number: num,
          codeHash: codeHash(num, code),
          certDer: cert.der,
          keyId: cert.keyId,
          target: tgt,
          expiresAt,
          attempts: 0,
        });
        this.db.addSms(num, `Your Yakker code is ${code}. It expires in 10 minutes.`, now);
      });
      return Promise.resolve({
        number: num,
        status: 'code-sent' as const,
        expiresAt: new Date(expiresAt).toISOString(),
      });
    });
  }

  verify(input: z.infer<typeof verifySchema>, request: SignedRequest): Promise<AccountView> {
    return this.serial(async () => {
      const now = this.now();
      const num = checkE164(input.number);
      this.checkNotLocked(num, now);
      const challenge = this.db.challenge(num);
      if (challenge === null)
        throw new ApiError(404, 'no-pending-account', `no account waits for a code for ${num}`);
      if (challenge.expiresAt <= now)
        throw new ApiError(410, 'code-expired', 'the code expired: create the account again');
      const key = new X509Certificate(challenge.certDer).publicKey;
      const sig = await this.checkSignature(request, challenge.keyId, key, now);
      const tgt = input.target === undefined ? challenge.target : checkTarget(num, input.target);
      const good = timingSafeEqual(
        Buffer.from(codeHash(num, input.code), 'hex'),
        Buffer.from(challenge.codeHash, 'hex'),
      );
      if (!good) {
        const tries = challenge.attempts + 1;
        this.db.transaction(() => {
          this.remember(sig, now);
          if (tries >= MAX_CODE_TRIES) {
            this.db.deleteChallenge(num);
            this.db.lock(num, now + LOCKOUT_MS);
          } else this.db.countFailedAttempt(num);
        });
        if (tries >= MAX_CODE_TRIES)
          throw new ApiError(
            429,
            'number-locked',
            `${MAX_CODE_TRIES} wrong codes: ${num} is locked for 15 minutes`,
            LOCKOUT_MS / 1000,
          );
        throw new ApiError(
          403,
          'code-invalid',
          `wrong code (${MAX_CODE_TRIES - tries} tries left)`,
        );
      }
      const existing = this.db.account(num);
      const account: AccountRow = {
        number: num,
        certDer: challenge.certDer,
        keyId: challenge.keyId,
        status: 'active',
        target: tgt,
        extraCerts: existing?.keyId === challenge.keyId ? existing.extraCerts : [],
        updatedAt: now,
      };
      await this.published(num, recordsFor(account));
      this.db.transaction(() => {
        this.remember(sig, now);
        this.db.putAccount(account);
        this.db.deleteChallenge(num);
      });
      return view(account);
    });
  }

  publishRecords(
    input: z.infer<typeof publishSchema>,
    request: SignedRequest,
  ): Promise<AccountView> {
    return this.serial(async () => {
      const now = this.now();
      const num = checkE164(input.number);
      const current = this.activeAccount(num);
      const sig = await this.checkSignature(
        request,
        current.keyId,
        new X509Certificate(current.certDer).publicKey,
        now,
      );
      if (input.target === undefined && input.certificates === undefined)
        throw new ApiError(400, 'invalid-request', 'give a target, certificates, or both');
      const tgt =
        input.target === undefined
          ? current.target
          : input.target === null
            ? null
            : checkTarget(num, input.target);
      const extra =
        input.certificates === undefined
          ? current.extraCerts
          : input.certificates.map((c) => checkCertificate(c, num, new Date(now)).der);
      if (extra.some((der) => der.equals(current.certDer)))
        throw new ApiError(
          400,
          'invalid-request',
          "the account's own certificate is published already",
        );
      const account: AccountRow = { ...current, target: tgt, extraCerts: extra, updatedAt: now };
      await this.published(num, recordsFor(account));
      this.db.transaction(() => {
        this.remember(sig, now);
        this.db.putAccount(account);
      });
      return view(account);
    });
  }

  revoke(input: z.infer<typeof revokeSchema>, request: SignedRequest): Promise<AccountView> {
    if (input.replacement !== undefined)
      return this.replaceKey(input.number, input.replacement, request);
    return this.serial(async () => {
      const now = this.now();
      const num = checkE164(input.number);
      const current = this.activeAccount(num);
      const sig = await this.checkSignature(
        request,
        current.keyId,
        new X509Certificate(current.certDer).publicKey,
        now,
      );
      const account: AccountRow = { ...current, status: 'revoked', updatedAt: now };
      await this.published(num, null);
      this.db.transaction(() => {
        this.remember(sig, now);
        this.db.putAccount(account);
      });
      return view(account);
    });
  }

  /**
   * Key rollover after a device is removed (docs/pairing.md §13): signed by the current key, the
   * replacement (self-signed, so its key signed it: proof of possession) becomes the account's
   * only certificate in one DNS update: the old certificate and every extra one are revoked, and
   * requests signed by them are refused from then on (`signature-key-mismatch`). Repeating the
   * request signed by the replacement's key, once it is current, changes nothing and answers 200,
   * so a client whose first answer was lost can find out that it went through.
   */
  private replaceKey(
    number: string,
    replacement: string,
    request: SignedRequest,
  ): Promise<AccountView> {
    return this.serial(async () => {
      const now = this.now();
      const num = checkE164(number);
      const current = this.activeAccount(num);
      const cert = checkCertificate(replacement, num, new Date(now));
      if (!new X509Certificate(cert.der).verify(cert.publicKey))
        throw new ApiError(
          400,
          'invalid-certificate',
          'the replacement certificate must be self-signed by its own key',
        );
      if (cert.keyId === current.keyId) {
        const sig = await this.checkSignature(request, current.keyId, cert.publicKey, now);
        this.remember(sig, now);
        return view(current);
      }
      const sig = await this.checkSignature(
        request,
        current.keyId,
        new X509Certificate(current.certDer).publicKey,
        now,
      );
      if (
        new X509Certificate(cert.der).publicKey.equals(
          new X509Certificate(current.certDer).publicKey,
        )
      )
        throw new ApiError(400, 'invalid-request', 'the replacement must have a new key');
      const account: AccountRow = {
        ...current,
        certDer: cert.der,
        keyId: cert.keyId,
        extraCerts: [],
        updatedAt: now,
      };
      await this.published(num, recordsFor(account));
      this.db.transaction(() => {
        this.remember(sig, now);
        this.db.putAccount(account);
      });
      return view(account);
    });
  }

  account(num: string): AccountView | null {
    const a = this.db.account(checkE164(num));
    return a === null ? null : view(a);
  }

  /** Publishes into DNS; a failure is a 503 and, since the database is written after, no change. */
  private async published(num: string, records: string[] | null): Promise<void> {
    try {
      await this.publish(num, records);
    } catch (error) {
      throw new ApiError(
        503,
        'publish-failed',
        `the directory could not update DNS, nothing changed; try again (${(error as Error).message})`,
      );
    }
  }

  private activeAccount(num: string): AccountRow {
    const a = this.db.account(num);
    if (a === null || a.status !== 'active')
      throw new ApiError(404, 'no-account', `${num} has no active account`);
    return a;
  }

  private checkNotLocked(num: string, now: number): void {
    const until = this.db.lockedUntil(num);
    if (until !== null && until > now)
      throw new ApiError(
        429,
        'number-locked',
        `too many wrong codes: ${num} is locked until ${new Date(until).toISOString()}`,
        Math.ceil((until - now) / 1000),
      );
  }

  private async checkSignature(
    request: SignedRequest,
    keyId: string,
    key: X509Certificate['publicKey'],
    now: number,
  ): Promise<{ keyId: string; nonce: string }> {
    if (signatureParams(request.headers).keyId !== keyId)
      throw new ApiError(
        401,
        'signature-key-mismatch',
        "the request is not signed with the key of the number's certificate",
      );
    const sig = await verifyRequestSignature(request, key, now);
    if (!this.db.nonceFresh(sig.keyId, sig.nonce, now))
      throw new ApiError(401, 'signature-replayed', 'this signature nonce was used already');
    return sig;
  }

  private remember(sig: { keyId: string; nonce: string }, now: number): void {
    this.db.rememberNonce(sig.keyId, sig.nonce, now + 2 * SIGNATURE_WINDOW_S * 1000 + 1000, now);
  }
}
