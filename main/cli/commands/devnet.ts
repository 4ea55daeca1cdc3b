import type { Command } from 'commander';
import { X509Certificate } from 'node:crypto';
import {
  defaultStateDir,
  devnetDown,
  devnetSeed,
  devnetStatus,
  devnetUp,
  startDevnetInBackground,
  type DevnetProfile,
  type DemoAccount,
  type DevnetStatus,
  type ExternalCertificate,
  type SeededAccount,
} from '../../../devnet/src/index';
import { createStreamLogger } from '../../core/logger';
import { IdentityService } from '../../keystore/identity-service';
import { openKeyStore } from '../../keystore/open-key-store';
import type { RegisterCommand } from '../cli-context';
import { outputFor, table } from '../output';
import { withCliErrors } from './cli-security';
import { devnetRequestVerifier } from './devnet-request-verifier';

interface StateOpts {
  state?: string;
}

/**
 * `yakker devnet up|down|status|seed`: the local Yakker network on loopback (docs/devnet.md).
 * The only main/ module that imports devnet/.
 */
export const registerDevnetCommand: RegisterCommand = (program, io) => {
  const devnet = program
    .command('devnet')
    .description('the local Yakker network on 127.0.0.1: DNS (signed), providers A and B');
  const stateDir = (opts: StateOpts): string =>
    opts.state === undefined
      ? defaultStateDir(io.env)
      : defaultStateDir({ YAKKER_DEVNET_DIR: opts.state });
  const stateOption = (c: Command): Command =>
    c.option('--state <dir>', 'state folder (default: $YAKKER_DEVNET_DIR or .devnet/ in the repo)');

  stateOption(devnet.command('up'))
    .description('start the devnet (in the background unless --foreground) and print its profile')
    .option('--foreground', 'run in this process until Ctrl+C (npm run devnet)')
    .option('--no-restart', 'leave a Knot or Kamailio that dies down (tests that stage an outage)')
    .action((opts: StateOpts & { foreground?: boolean; restart: boolean }, command: Command) =>
      withCliErrors(async () => {
        const dir = stateDir(opts);
        const out = outputFor(command, io);
        if (opts.foreground !== true) {
          const script = process.argv[1] ?? 'bin/yakker.mjs';
          const status = await startDevnetInBackground({
            stateDir: dir,
            command: [
              process.execPath,
              script,
              'devnet',
              'up',
              '--foreground',
              '--state',
              dir,
              ...(opts.restart ? [] : ['--no-restart']),
            ],
          });
          out.result(status, () => describeStatus(status));
          return;
        }
        // Warnings and errors (e.g. a server that died and was started again) to stderr, which
        // is <state>/devnet.log when the supervisor runs in the background.
        const log = createStreamLogger((line) => process.stderr.write(line), 'devnet');
        const running = await devnetUp({
          stateDir: dir,
          requestVerifier: devnetRequestVerifier,
          logger: { ...log, info: () => undefined },
          restart: opts.restart,
        });
        out.result(
          devnetStatus({ stateDir: dir }),
          () =>
            `${describeProfile(running.profile)}\n\nrunning until Ctrl+C (or yakker devnet down)`,
        );
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            void running.stop().finally(resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        out.info('devnet stopped');
      }),
    );

  stateOption(devnet.command('down'))
    .description('stop every devnet process (by PID) and check none is left')
    .action((opts: StateOpts, command: Command) =>
      withCliErrors(async () => {
        const result = await devnetDown({ stateDir: stateDir(opts) });
        outputFor(command, io).result(result, () =>
          result.stopped.length === 0
            ? 'no devnet was running'
            : `stopped ${result.stopped.map((p) => `${p.name} (${p.pid})`).join(', ')}`,
        );
      }),
    );

  stateOption(devnet.command('status'))
    .description('what runs, where')
    .action((opts: StateOpts, command: Command) =>
      withCliErrors(() => {
        const status = devnetStatus({ stateDir: stateDir(opts) });
        outputFor(command, io).result(status, () => describeStatus(status));
        return Promise.resolve();
      }),
    );

  stateOption(devnet.command('seed'))
    .description('create the demo accounts alice (+15550100, A) and bob (+15550101, B)')
    .option(
      '--keychain',
      'keep their keys as identities in the OS keychain (yakker keys) instead of the state folder',
    )
    .action((opts: StateOpts & { keychain?: boolean }, command: Command) =>
      withCliErrors(async () => {
        const service = opts.keychain === true ? new IdentityService(openKeyStore(io.env)) : null;
        const accounts = await devnetSeed({
          stateDir: stateDir(opts),
          ...(service ? { certificateFor: keychainCertificate(service) } : {}),
        });
        outputFor(command, io).result({ accounts }, () => describeAccounts(accounts));
      }),
    );
};

/** The account's identity in the keychain (found by number, or created), as `yakker keys` does. */
function keychainCertificate(
  service: IdentityService,
): (account: DemoAccount, sipUri: string) => Promise<ExternalCertificate> {
  return async (account, sipUri) => {
    const existing = (await service.list()).find((i) => i.tel === account.e164);
    const identity =
      existing ??
      (await service.create({ tel: account.e164, sip: sipUri, name: `devnet ${account.user}` }));
    return {
      certDer: new X509Certificate(identity.current.pem).raw,
      source: `keychain identity ${identity.id}`,
    };
  };
}

function describeProfile(p: DevnetProfile): string {
  return table([
    ['DNS', `${p.dns.server} (trust anchor ${p.dns.trustAnchorFile})`],
    ['directory', p.directory.suffix],
    ...(p.directoryUrl === null
      ? []
      : [
          ['directory API', `${p.directoryUrl} (simulated phone: ${p.directoryUrl}/sms)`],
          ['authority key', p.authority?.keyId ?? ''],
        ]),
    ...p.providers.flatMap((x) => [
      [
        `provider ${x.name}`,
        `${x.domain}: tls ${x.ports.tls}, wss ${x.ports.wss}, tcp ${x.ports.tcp}, ws ${x.ports.ws}`,
      ],
      [`  API`, x.apiUrl],
      ...(x.pstnGateway ? [[`  PSTN`, `${x.pstnGateway.numbers} -> ${x.pstnGateway.sipUri}`]] : []),
    ]),
    [
      'rtpengine',
      `ng 127.0.0.1:${p.media.rtpengine.ngPort}, media ${p.media.rtpengine.portMin}-${p.media.rtpengine.portMax}`,
    ],
    ['CA', p.caCertFile],
    ['profile', `${p.stateDir}/devnet.json`],
  ]);
}

function describeStatus(s: DevnetStatus): string {
  const processes =
    s.processes.length === 0
      ? ''
      : table([
          ['PROCESS', 'PID', 'RUNNING'],
          ...s.processes.map((p) => [p.name, String(p.pid), p.running ? 'yes' : 'no']),
        ]);
  return [`devnet: ${s.state}`, processes, s.profile ? describeProfile(s.profile) : '']
    .filter((x) => x !== '')
    .join('\n\n');
}

function describeAccounts(accounts: readonly SeededAccount[]): string {
  return table([
    ['USER', 'NUMBER', 'SIP', 'PASSWORD', 'CERTIFICATE'],
    ...accounts.map((a) => [a.user, a.e164, a.sipUri, a.password, a.certificate]),
  ]);
}
