import type { Command } from 'commander';
import { join } from 'node:path';
import { defaultDataDir } from '../../app/data-dir';
import { FileSeenMessageIds } from '../../crypto/seen-message-ids';
import { DEFAULT_MAX_AGE_MS } from '../../crypto/smime-message';
import { IdentityService } from '../../keystore/identity-service';
import { openKeyStore } from '../../keystore/open-key-store';
import { SecureMessages } from '../../keystore/secure-messages';
import type { RegisterCommand } from '../cli-context';
import { outputFor } from '../output';
import { readInputFile, withCliErrors } from './cli-security';

/** `yakker msg seal|open`: S/MIME messages as a SIP MESSAGE carries them (RFC 8591). */
export const registerMsgCommand: RegisterCommand = (program, io) => {
  const msg = program
    .command('msg')
    .description('seal and open end-to-end encrypted messages (S/MIME)');
  const messages = () =>
    new SecureMessages(
      new IdentityService(openKeyStore(io.env)),
      // Replay protection across invocations: seen ids live in the data folder (not secret).
      new FileSeenMessageIds(
        join(defaultDataDir(io.env), 'seen-message-ids.json'),
        DEFAULT_MAX_AGE_MS,
        () => new Date(),
      ),
    );

  msg
    .command('seal')
    .description('sign and encrypt standard input; print the S/MIME entity')
    .requiredOption('--from <id>', 'sending identity (id, name, number or SIP URI)')
    .requiredOption('--to <cert.pem>', 'recipient certificate (repeatable)', collect, [])
    .action((opts: { from: string; to: string[] }, command: Command) =>
      withCliErrors(async () => {
        const recipients = await Promise.all(
          opts.to.map((file) => readInputFile(file, 'the certificate')),
        );
        const body = (await io.readStdin()).toString('utf8');
        const sealed = await messages().seal(opts.from, recipients, body);
        const out = outputFor(command, io);
        if (out.json) {
          out.result({ messageId: sealed.cpim.messageId, entity: sealed.entity }, () => '');
        } else {
          io.stdout(sealed.entity);
        }
      }),
    );

  msg
    .command('open')
    .description('decrypt and verify an S/MIME message on standard input; print the text')
    .requiredOption('--as <id>', 'receiving identity (id, name, number or SIP URI)')
    .requiredOption('--sender-cert <cert.pem>', "the sender's published certificate")
    .option('--expect-from <uri>', 'the SIP From identity the message arrived with')
    .action((opts: { as: string; senderCert: string; expectFrom?: string }, command: Command) =>
      withCliErrors(async () => {
        const senderCertificate = await readInputFile(opts.senderCert, 'the certificate');
        const opened = await messages().open(
          opts.as,
          await io.readStdin(),
          senderCertificate,
          opts.expectFrom,
        );
        outputFor(command, io).result(
          {
            from: opened.from,
            to: opened.to,
            dateTime: opened.dateTime.toISOString(),
            messageId: opened.messageId,
            contentType: opened.contentType,
            body: opened.body,
          },
          () => opened.body,
        );
      }),
    );
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
