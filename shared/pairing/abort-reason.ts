import type { ErrorCode } from '../contract/errors';
import { YakkerError } from '../contract/result';

/**
 * Why a pairing session ended early. Each reason has a one-byte wire code (sent in ABORT and
 * HOLDER_DENY messages, docs/pairing.md §7) and maps to one contract error code for the UI.
 */
export const ABORT_REASONS = {
  expired: { wire: 0x01, code: 'pairing-expired' },
  'already-used': { wire: 0x02, code: 'pairing-used' },
  'handshake-failed': { wire: 0x03, code: 'pairing-tampered' },
  tampered: { wire: 0x04, code: 'pairing-tampered' },
  truncated: { wire: 0x05, code: 'pairing-tampered' },
  'user-denied': { wire: 0x06, code: 'pairing-denied' },
  'code-mismatch': { wire: 0x07, code: 'pairing-denied' },
  timeout: { wire: 0x08, code: 'timeout' },
  cancelled: { wire: 0x09, code: 'pairing-aborted' },
  'protocol-violation': { wire: 0x0a, code: 'pairing-aborted' },
  'too-large': { wire: 0x0b, code: 'pairing-aborted' },
  'bad-transfer': { wire: 0x0c, code: 'pairing-aborted' },
  'peer-closed': { wire: 0x0d, code: 'pairing-aborted' },
  'unsupported-version': { wire: 0x0e, code: 'pairing-invalid-code' },
  'invalid-code': { wire: 0x0f, code: 'pairing-invalid-code' },
  unreachable: { wire: 0x10, code: 'unavailable' },
} as const satisfies Record<string, { wire: number; code: ErrorCode }>;

export type AbortReason = keyof typeof ABORT_REASONS;

export function reasonFromWire(wire: number): AbortReason | null {
  for (const [reason, entry] of Object.entries(ABORT_REASONS)) {
    if (entry.wire === wire) return reason as AbortReason;
  }
  return null;
}

const MESSAGES: Record<AbortReason, string> = {
  expired: 'The pairing code has expired. Start linking again on the other device.',
  'already-used': 'This pairing code was already used. Start linking again on the other device.',
  'handshake-failed':
    'The other device used a different or altered pairing code. Nothing was transferred.',
  tampered: 'The connection was altered in transit. Pairing stopped; nothing secret was sent.',
  truncated: 'The connection ended in the middle of a message. Pairing stopped.',
  'user-denied': 'Linking was refused on the device that holds the identity.',
  'code-mismatch': 'The confirmation codes did not match. Pairing stopped; nothing was sent.',
  timeout: 'The other device stopped answering. Pairing stopped.',
  cancelled: 'Pairing was cancelled.',
  'protocol-violation': 'The other device sent something out of order. Pairing stopped.',
  'too-large': 'The data to transfer is larger than pairing allows.',
  'bad-transfer': 'The transferred data could not be read.',
  'peer-closed': 'The other device closed the connection.',
  'unsupported-version': 'This pairing code needs a newer version of Yakker.',
  'invalid-code': 'This is not a valid Yakker pairing code.',
  unreachable: 'The other device could not be reached.',
};

/** A coded error that also says which side decided to stop and why. */
export class PairingError extends YakkerError {
  constructor(
    readonly reason: AbortReason,
    /** True when the peer told us (ABORT/HOLDER_DENY), false when we detected it ourselves. */
    readonly remote: boolean,
    detail?: string,
  ) {
    super(
      ABORT_REASONS[reason].code,
      detail ? `${MESSAGES[reason]} (${detail})` : MESSAGES[reason],
    );
    this.name = 'PairingError';
  }
}

export function pairingMessage(reason: AbortReason): string {
  return MESSAGES[reason];
}
