import { YakkerError } from '../../shared/contract/result';
import type { ErrorCode } from '../../shared/contract/errors';

export interface ReceiveStatus {
  status: number;
  reason: string;
}

export const ACCEPTED: ReceiveStatus = { status: 200, reason: 'OK' };

const BY_CODE: Partial<Record<ErrorCode, ReceiveStatus>> = {
  'bad-input': { status: 400, reason: 'Bad Request' },
  'crypto-malformed': { status: 400, reason: 'Malformed S/MIME' },
  'crypto-decrypt-failed': { status: 400, reason: 'Undecryptable S/MIME' },
  'crypto-not-recipient': { status: 403, reason: 'Not Encrypted For Recipient' },
  'crypto-signature-invalid': { status: 403, reason: 'Bad Signature' },
  'crypto-sender-mismatch': { status: 403, reason: 'Sender Mismatch' },
  'crypto-replay': { status: 403, reason: 'Replayed Message' },
  'crypto-stale': { status: 403, reason: 'Stale Message' },
  'certificate-expired': { status: 403, reason: 'Sender Certificate Expired' },
  'certificate-invalid': { status: 403, reason: 'Sender Not Verified' },
  'dns-bogus': { status: 403, reason: 'Sender Not Verified' },
  'identity-not-found': { status: 404, reason: 'Not Found' },
  'key-unsupported': { status: 488, reason: 'Not Acceptable Here' },
  // Temporary: the sender (or the provider's store-and-forward) may try again later.
  'dns-servfail': { status: 503, reason: 'Service Unavailable' },
  'dns-indeterminate': { status: 503, reason: 'Service Unavailable' },
  unavailable: { status: 503, reason: 'Service Unavailable' },
  timeout: { status: 503, reason: 'Service Unavailable' },
  'keychain-locked': { status: 480, reason: 'Temporarily Unavailable' },
  'keychain-unavailable': { status: 480, reason: 'Temporarily Unavailable' },
  'not-configured': { status: 480, reason: 'Temporarily Unavailable' },
  'disk-full': { status: 503, reason: 'Storage Full' },
  'storage-failed': { status: 500, reason: 'Storage Failed' },
};

/** The SIP final response for a MESSAGE we could not accept. */
export function statusFor(error: unknown): ReceiveStatus {
  if (error instanceof YakkerError) {
    return BY_CODE[error.code] ?? { status: 500, reason: 'Server Internal Error' };
  }
  return { status: 500, reason: 'Server Internal Error' };
}
