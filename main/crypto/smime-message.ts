import { randomBytes, type KeyObject } from 'node:crypto';
import {
  formatCpimEntity,
  parseCpim,
  parseCpimEntity,
  type CpimMessage,
} from '../../shared/crypto/cpim';
import { YakkerError } from '../../shared/contract/result';
import { certificateIdentities } from './certificate-identities';
import {
  createEnvelopedData,
  openEnvelopedData,
  type DecryptionCredential,
} from './cms-enveloped-data';
import { createSignedData, verifySignedData } from './cms-signed-data';
import { assertCertificateCurrent, type ParsedCertificate } from './der';
import type { SeenMessageIds } from './seen-message-ids';
import { extractCmsDer, formatSmimeEntity } from './smime-entity';

/** Messages older than this are refused as stale (the provider stores and forwards offline). */
export const DEFAULT_MAX_AGE_MS = 7 * 86_400_000;
/** Clock skew tolerated for messages dated in the future. */
export const DEFAULT_MAX_FUTURE_MS = 5 * 60_000;

export interface SealInput {
  sender: { key: KeyObject; certificate: ParsedCertificate };
  recipients: readonly ParsedCertificate[];
  body: string;
  contentType?: string;
  now: Date;
  messageId?: string;
}

export interface Sealed {
  /** The application/pkcs7-mime entity a SIP MESSAGE carries. */
  entity: string;
  der: Buffer;
  cpim: CpimMessage;
}

/**
 * Seal (RFC 8591 + wire profile): CPIM (From, To, DateTime, message id) → CMS SignedData by the
 * sender → CMS EnvelopedData to every recipient certificate plus the sender's own.
 */
export function sealMessage(input: SealInput): Sealed {
  const { sender, now } = input;
  assertCertificateCurrent(sender.certificate, now, "the sender's");
  for (const r of input.recipients) assertCertificateCurrent(r, now, 'a recipient');
  const from = certificateIdentities(sender.certificate)[0];
  if (!from)
    throw new YakkerError(
      'certificate-invalid',
      'the sender certificate names no tel/sip identity',
    );
  const to = input.recipients.map((r) => certificateIdentities(r)[0] ?? '').filter((u) => u !== '');
  const cpim: CpimMessage = {
    from,
    to: [...new Set(to)],
    dateTime: now,
    messageId: input.messageId ?? randomBytes(16).toString('hex'),
    contentType: input.contentType ?? 'text/plain;charset=utf-8',
    body: input.body,
  };
  const signed = createSignedData(Buffer.from(formatCpimEntity(cpim), 'utf8'), sender, now);
  const inner = Buffer.from(formatSmimeEntity(signed, 'signed-data'), 'latin1');
  const der = createEnvelopedData(inner, [...input.recipients, sender.certificate]);
  return { entity: formatSmimeEntity(der, 'enveloped-data'), der, cpim };
}

export interface OpenInput {
  message: Uint8Array;
  /** Our certificates and keys (every generation of the receiving identity). */
  credentials: readonly DecryptionCredential[];
  /** The sender's published certificate (from validated DNS), never the message's own. */
  senderCertificate: ParsedCertificate;
  /** The SIP From identity the message arrived with, when known. */
  expectedSender?: string;
  now: Date;
  seenIds: SeenMessageIds;
  maxAgeMs?: number;
  maxFutureMs?: number;
}

export interface Opened extends CpimMessage {
  signingTime: Date | null;
}

/**
 * Open: decrypt, verify the signature against the claimed sender's certificate, check the CPIM
 * From names that certificate (and the SIP From), the DateTime window, then the message id.
 * Each failure has its own code: crypto-malformed, crypto-not-recipient, crypto-decrypt-failed,
 * certificate-expired, crypto-sender-mismatch, crypto-signature-invalid, crypto-stale,
 * crypto-replay.
 */
export async function openMessage(input: OpenInput): Promise<Opened> {
  const inner = openEnvelopedData(extractCmsDer(input.message), input.credentials);
  let signedDer: Buffer;
  try {
    signedDer = extractCmsDer(inner);
  } catch (error) {
    throw new YakkerError(
      'crypto-decrypt-failed',
      'decrypted content is not a signed message (altered ciphertext?)',
      {
        cause: error,
      },
    );
  }
  assertCertificateCurrent(input.senderCertificate, input.now, "the sender's");
  const { content, signingTime } = verifySignedData(signedDer, input.senderCertificate);
  const text = content.toString('utf8');
  const cpim = parseCpimEntity(text) ?? parseCpim(text);
  if (!cpim)
    throw new YakkerError('crypto-malformed', 'the signed content is not a message/cpim message');
  const names = certificateIdentities(input.senderCertificate);
  if (!names.includes(cpim.from) || (input.expectedSender && input.expectedSender !== cpim.from)) {
    throw new YakkerError(
      'crypto-sender-mismatch',
      `CPIM From ${cpim.from} is not the sender (${input.expectedSender ?? names.join(', ')})`,
    );
  }
  const age = input.now.getTime() - cpim.dateTime.getTime();
  if (
    age > (input.maxAgeMs ?? DEFAULT_MAX_AGE_MS) ||
    -age > (input.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS)
  ) {
    throw new YakkerError(
      'crypto-stale',
      `message DateTime ${cpim.dateTime.toISOString()} is outside the accepted window`,
    );
  }
  if (!(await input.seenIds.remember(cpim.from, cpim.messageId, cpim.dateTime))) {
    throw new YakkerError(
      'crypto-replay',
      `message ${cpim.messageId} from ${cpim.from} was already received`,
    );
  }
  return { ...cpim, signingTime };
}
