import { parseCertificate, type ParsedCertificate } from '../crypto/der';
import type { SeenMessageIds } from '../crypto/seen-message-ids';
import { openMessage, sealMessage, type Opened, type Sealed } from '../crypto/smime-message';
import { systemClock, type Clock, type IdentityService } from './identity-service';

/** A certificate as PEM/DER, or already parsed. */
export type CertificateInput = ParsedCertificate | string | Uint8Array;

/**
 * S/MIME messages for an identity in the keychain (wire profile, "Messages"). What main's
 * handlers and the CLI call; the private key never leaves main.
 */
export class SecureMessages {
  constructor(
    private readonly identities: IdentityService,
    private readonly seenIds: SeenMessageIds,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Signs and encrypts `body` from identity `fromRef` to the recipients (and to itself). */
  async seal(
    fromRef: string,
    recipients: readonly CertificateInput[],
    body: string,
  ): Promise<Sealed> {
    const sender = await this.identities.current(fromRef, 'messages');
    return sealMessage({
      sender,
      recipients: recipients.map(toCertificate),
      body,
      now: this.clock.now(),
    });
  }

  /**
   * Opens a message for identity `asRef` with the sender's published certificate and, when
   * known, the SIP From identity it arrived with. Throws the codes of openMessage().
   */
  async open(
    asRef: string,
    message: Uint8Array,
    senderCertificate: CertificateInput,
    expectedSender?: string,
  ): Promise<Opened> {
    const credentials = await this.identities.credentials(asRef, 'messages');
    return openMessage({
      message,
      credentials,
      senderCertificate: toCertificate(senderCertificate),
      ...(expectedSender ? { expectedSender } : {}),
      now: this.clock.now(),
      seenIds: this.seenIds,
    });
  }
}

function toCertificate(input: CertificateInput): ParsedCertificate {
  return typeof input === 'string' || input instanceof Uint8Array ? parseCertificate(input) : input;
}
