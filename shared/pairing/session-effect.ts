import type { PairingError } from './abort-reason';
import type { TransferPayload } from './transfer-payload';

/**
 * What a session asks its driver to do. Sessions are pure: they never write, wait or read the
 * clock themselves; the driver performs these in order.
 */
export type SessionEffect =
  /** Write one message (the driver adds the 2-byte length). */
  | { kind: 'send'; message: Uint8Array }
  /** Holder: show the SAS and the new device's name; ask the user to type the code it shows. */
  | { kind: 'confirm-needed'; sas: string; deviceName: string }
  /** Joiner: show the SAS and wait for the holder's decision. */
  | { kind: 'show-code'; sas: string; holderName: string }
  /** Joiner: the transfer arrived whole and parsed. */
  | { kind: 'transfer-received'; payload: TransferPayload }
  | { kind: 'completed' }
  /** Terminal. `error.remote` says whether the peer told us. Close the stream after this. */
  | { kind: 'aborted'; error: PairingError };

/** A two-byte refusal the holder sends instead of handshake message 2 (unauthenticated). */
export const REFUSAL_TYPE = 0x7f;
