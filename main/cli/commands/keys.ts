import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { IdentityService } from '../../keystore/identity-service';
import type { IdentitySummary } from '../../keystore/identity-types';
import { openKeyStore } from '../../keystore/open-key-store';
import type { CliIo, RegisterCommand } from '../cli-context';
import { outputFor, table } from '../output';
import { readInputFile, readPasswordFile, withCliErrors } from './cli-security';

interface CreateOpts {
  tel?: string;
  sip?: string;
  name?: string;
  days?: string;
}

/** `yakker keys ...`: identities in the OS keychain (docs/keystore.md). */
export const registerKeysCommand: RegisterCommand = (program, io) => {
  const keys = program
    .command('keys')
    .description('identity keys and certificates in the OS keychain');
  const service = () => new IdentityService(openKeyStore(io.env));

  keys
    .command('create')
    .description('create an identity: P-256 key and self-signed certificate')
    .option('--tel <e164>', 'phone number, e.g. +15550100')
    .option('--sip <uri>', 'SIP address, e.g. sip:alice@example.org')
    .option('--name <name>', 'a name for this identity')
    .option('--days <n>', 'certificate validity in days (at most 730)', '365')
    .action((opts: CreateOpts, command: Command) =>
      withCliErrors(async () => {
        const id = await service().create({ ...opts, validityDays: Number(opts.days) });
        print(command, io, id);
      }),
    );

  keys
    .command('list')
    .description('list identities')
    .action((_opts: unknown, command: Command) =>
      withCliErrors(async () => {
        const all = await service().list();
        outputFor(command, io).result({ identities: all.map(brief) }, () =>
          all.length === 0
            ? 'no identities (yakker keys create --tel +E164)'
            : table([
                ['ID', 'NAME', 'TEL', 'SIP', 'KEY', 'EXPIRES'],
                ...all.map((i) => [
                  i.id,
                  i.name,
                  i.tel ?? '-',
                  i.sip ?? '-',
                  i.keyType,
                  i.current.notAfter.slice(0, 10),
                ]),
              ]),
        );
      }),
    );

  keys
    .command('import')
    .description('import a key (PEM: PKCS#8/SEC1, encrypted or not; or PKCS#12)')
    .argument('<file>', 'key file')
    .option('--password-file <file>', 'file whose first line is the password')
    .option('--tel <e164>', 'phone number (when the file has no certificate naming it)')
    .option('--sip <uri>', 'SIP address (when the file has no certificate naming it)')
    .option('--name <name>', 'a name for this identity')
    .action((file: string, opts: CreateOpts & { passwordFile?: string }, command: Command) =>
      withCliErrors(async () => {
        const password = opts.passwordFile ? await readPasswordFile(opts.passwordFile) : null;
        const bytes = await readInputFile(file, 'the key file');
        const id = await service().importFile({
          file: bytes,
          password,
          tel: opts.tel,
          sip: opts.sip,
          name: opts.name,
        });
        print(command, io, id);
      }),
    );

  keys
    .command('export')
    .description('write an encrypted backup (PKCS#12, AES-256 + PBKDF2-SHA256)')
    .argument('<id>', 'identity id, name, number or SIP URI')
    .requiredOption('--out <file>', 'where to write the .p12')
    .requiredOption('--password-file <file>', 'file whose first line is the backup password')
    .action((ref: string, opts: { out: string; passwordFile: string }, command: Command) =>
      withCliErrors(async () => {
        const p12 = await service().exportPkcs12(ref, await readPasswordFile(opts.passwordFile));
        await writeFile(opts.out, p12, { mode: 0o600 });
        outputFor(command, io).result(
          { written: opts.out, bytes: p12.length },
          () => `wrote ${opts.out}`,
        );
      }),
    );

  keys
    .command('records')
    .description('print the SMIMEA records to publish for an identity')
    .argument('<id>', 'identity id, name, number or SIP URI')
    .requiredOption('--suffix <zone>', 'ENUM zone, e.g. e164.yakker.test')
    .action((ref: string, opts: { suffix: string }, command: Command) =>
      withCliErrors(async () => {
        const records = await service().records(ref, opts.suffix);
        outputFor(command, io).result({ records }, () => records.map((r) => r.zoneLine).join('\n'));
      }),
    );

  keys
    .command('cert')
    .description('print the current certificate (PEM) of an identity')
    .argument('<id>', 'identity id, name, number or SIP URI')
    .action((ref: string, _opts: unknown, command: Command) =>
      withCliErrors(async () => {
        const id = await service().get(ref);
        outputFor(command, io).result({ id: id.id, pem: id.current.pem }, () => id.current.pem);
      }),
    );

  keys
    .command('renew')
    .description(
      'issue a new certificate (same key, or --new-key); the old one stays until it expires',
    )
    .argument('<id>', 'identity id, name, number or SIP URI')
    .option('--new-key', 'make a new key pair too')
    .option('--days <n>', 'certificate validity in days (at most 730)', '365')
    .action((ref: string, opts: { newKey?: boolean; days: string }, command: Command) =>
      withCliErrors(async () => {
        const id = await service().renew(ref, {
          newKey: Boolean(opts.newKey),
          validityDays: Number(opts.days),
        });
        print(command, io, id);
      }),
    );

  keys
    .command('rename')
    .argument('<id>', 'identity id, name, number or SIP URI')
    .argument('<name>', 'the new name')
    .description('rename an identity')
    .action((ref: string, name: string, _opts: unknown, command: Command) =>
      withCliErrors(async () => {
        print(command, io, await service().rename(ref, name));
      }),
    );

  keys
    .command('delete')
    .argument('<id>', 'identity id, name, number or SIP URI')
    .description('delete an identity and its keys from the keychain')
    .action((ref: string, _opts: unknown, command: Command) =>
      withCliErrors(async () => {
        await service().delete(ref);
        outputFor(command, io).result({ deleted: ref }, () => `deleted ${ref}`);
      }),
    );
};

function brief(i: IdentitySummary) {
  return {
    id: i.id,
    name: i.name,
    tel: i.tel,
    sip: i.sip,
    keyType: i.keyType,
    features: i.features,
    fingerprint: i.current.fingerprint,
    notBefore: i.current.notBefore,
    notAfter: i.current.notAfter,
    certificates: i.certificates.length,
  };
}

function print(command: Command, io: CliIo, i: IdentitySummary): void {
  outputFor(command, io).result({ identity: brief(i) }, () =>
    table([
      ['id', i.id],
      ['name', i.name],
      ['tel', i.tel ?? '-'],
      ['sip', i.sip ?? '-'],
      ['key', i.keyType],
      ['serves', i.features.join(', ')],
      ['fingerprint', i.current.fingerprint],
      ['valid', `${i.current.notBefore} .. ${i.current.notAfter}`],
      ['certificates', String(i.certificates.length)],
    ]),
  );
}
