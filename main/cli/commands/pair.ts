import type { Command } from 'commander';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PairingStatus } from '../../../shared/contract/requests';
import { YakkerError } from '../../../shared/contract/result';
import { formatSas } from '../../../shared/pairing/sas';
import { defaultDataDir } from '../../app/data-dir';
import { silentLogger } from '../../core/logger';
import { IdentityService } from '../../keystore/identity-service';
import { openKeyStore } from '../../keystore/open-key-store';
import { systemClock, type PairingClock } from '../../pairing/pairing-clock';
import { PairingService } from '../../pairing/pairing-service';
import { pairingHosts, parseHostList } from '../../pairing/pairing-hosts';
import { lanEnabled, pairingNetwork } from '../../pairing/relay-config';
import { SettingsStore } from '../../settings/settings-store';
import type { CliIo, RegisterCommand } from '../cli-context';
import { CliError, EXIT, type ExitCode } from '../cli-error';
import { outputFor } from '../output';

/** Security outcomes (altered, refused, wrong code, replayed, late) exit 3; bad text 1; rest 2. */
const SECURITY = new Set(['pairing-tampered', 'pairing-denied', 'pairing-used', 'pairing-expired']);

function pairingExit(error: unknown): unknown {
  if (!(error instanceof YakkerError)) return error;
  let exit: ExitCode = EXIT.failure;
  if (SECURITY.has(error.code)) exit = EXIT.security;
  else if (error.code === 'pairing-invalid-code' || error.code === 'bad-input') exit = EXIT.usage;
  return new CliError(error.message, exit, error.code);
}

/** Timers that do not keep the CLI alive once the pairing ended (open sockets still do). */
const unrefClock: PairingClock = {
  ...systemClock,
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
};

/**
 * A PairingService for one command, and a promise of the role's final status. The relay comes
 * from the network profile (YAKKER_NETWORK_PROFILE); `relayOnly` turns the LAN path off.
 */
function pairing(
  io: CliIo,
  hosts: string | undefined,
  relayOnly: boolean,
  onStatus: (s: PairingStatus) => void,
) {
  const settings = new SettingsStore(join(defaultDataDir(io.env), 'settings.json'), silentLogger);
  let settle: (s: PairingStatus) => void = () => undefined;
  const finished = new Promise<PairingStatus>((resolve) => (settle = resolve));
  const service = new PairingService({
    identities: new IdentityService(openKeyStore(io.env)),
    settings: {
      get: () => settings.get(),
      apply: async (patch) => {
        await settings.update(patch);
      },
    },
    clock: unrefClock,
    hosts: () => (hosts ? parseHostList(hosts) : pairingHosts(io.env)),
    network: () => pairingNetwork(io.env),
    lan: !relayOnly && lanEnabled(io.env),
    onChange: (status) => {
      onStatus(status);
      if (status.state === 'done' || status.state === 'failed') settle(status);
    },
  });
  return { service, finished };
}

/** The end of a pairing: print the result, or throw the error with its exit code. */
function finish(command: Command, io: CliIo, status: PairingStatus): void {
  if (status.state === 'failed') {
    const error = status.error ?? { code: 'internal' as const, message: 'pairing failed' };
    const uncertain = status.uncertain
      ? ' The other device may or may not have finished: check it before trying again.'
      : '';
    throw pairingExit(new YakkerError(error.code, error.message + uncertain));
  }
  outputFor(command, io).result({ linked: status.identity ?? null, peer: status.peerName }, () =>
    status.identity
      ? `linked: ${status.identity.name} (fingerprint ${status.identity.fingerprint})`
      : 'linked',
  );
}

function readLine(): Promise<string | null> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, terminal: false });
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      rl.close();
      resolve(line);
    });
    rl.once('close', () => {
      // Done with the terminal: a still-open stdin must not keep the command running.
      process.stdin.pause();
      (process.stdin as { unref?: () => void }).unref?.();
      if (!answered) resolve(null);
    });
  });
}

/** `yakker pair ...`: link another device with this identity over the local network. */
export const registerPairCommand: RegisterCommand = (program, io) => {
  const pair = program
    .command('pair')
    .description(
      "link another device: copy an identity over the local network or the network's relay (docs/pairing.md)",
    );

  pair
    .command('join')
    .description(
      'on the new device: join with the text the other device shows, import the identity',
    )
    .argument('<text>', 'the YAKKER-PAIR:1:... text shown by the other device')
    .option('--name <device>', "this device's name, shown on the other device")
    .option('--relay-only', "skip the code's LAN addresses; use its relay mailbox")
    .action(
      async (text: string, opts: { name?: string; relayOnly?: boolean }, command: Command) => {
        const { service, finished } = pairing(
          io,
          undefined,
          opts.relayOnly === true,
          () => undefined,
        );
        try {
          const shown = await service.join(text, opts.name);
          io.stderr(
            `Type this code on ${shown.peerName ?? 'the other device'}: ${formatSas(shown.code ?? '')}\n`,
          );
          finish(command, io, await finished);
        } catch (error) {
          throw pairingExit(error);
        } finally {
          service.dispose();
        }
      },
    );

  pair
    .command('offer')
    .description(
      'on the device that has the identity: print a one-time pairing text, then ask for the code the new device shows (stdin)',
    )
    .argument('<id>', 'identity id, name, number or SIP URI')
    .option(
      '--hosts <ips>',
      "addresses to listen on, comma-separated (default: this device's LAN addresses)",
    )
    .option('--relay-only', "don't listen on the LAN; offer only the network's relay mailbox")
    .action(
      async (ref: string, opts: { hosts?: string; relayOnly?: boolean }, command: Command) => {
        const out = outputFor(command, io);
        let asked: Promise<void> = Promise.resolve();
        const { service, finished } = pairing(io, opts.hosts, opts.relayOnly === true, (status) => {
          if (status.state !== 'confirm-needed') return;
          io.stderr(`${status.peerName ?? 'A device'} wants to link. Type the code it shows: `);
          asked = readLine().then(async (line) => {
            if (line === null || line.trim() === '') service.deny();
            else await service.confirm(line).catch(() => undefined);
          });
        });
        try {
          const offer = await service.start(ref);
          const when = new Date(offer.expiresAt).toISOString();
          if (out.json) io.stderr(`${offer.text}\n`);
          else io.stdout(`${offer.text}\n`);
          out.info(`Valid until ${when}. Only link a device you are holding.`);
          const status = await finished;
          await asked;
          finish(command, io, status);
        } catch (error) {
          throw pairingExit(error);
        } finally {
          service.dispose();
        }
      },
    );
};
