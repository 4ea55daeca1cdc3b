// Benchmark: the devnet's provider side. `yakker devnet up` (wall clock, now with rtpengine, the
// PSTN gateway and the provider APIs), then against provider A's API: an unsigned rates request
// (HTTPS baseline), a signed balance request (adds the SMIMEA lookup through the validating
// resolver, uncached, and the RFC 9421 check), a signed account creation (adds the SIP
// credential write); and PSTN call setup from a baresip UA (dial to CALL_ESTABLISHED, through
// Kamailio's balance check, rtpengine and the gateway). Prints one JSON object on stdout. Needs
// the devnet's Debian packages (.ci/apt-packages.txt) and a built CLI (npm run build).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTs, root, stats, time } from './bench-lib.mjs';

const N = Number(process.env['BENCH_ITERATIONS'] ?? 30);
const CALLS = Number(process.env['BENCH_CALLS'] ?? 5);

const lib = await loadTs('devnet-provider', [
  "export * from './test/support/provider-api-client.ts';",
  "export { startBaresipUa } from './test/support/baresip-ua.ts';",
]);

const yakker = (args) => {
  const run = spawnSync(process.execPath, [join(root, 'bin/yakker.mjs'), ...args], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`yakker ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
};

const state = mkdtempSync(join(tmpdir(), 'yakker-bench-provider-'));
const result = { cpus: cpus().length, loadavg: loadavg().map((x) => Math.round(x * 100) / 100) };
try {
  const t0 = performance.now();
  yakker(['--json', 'devnet', 'up', '--state', state]);
  result.devnetUpMs = Math.round(performance.now() - t0);
  yakker(['--json', 'devnet', 'seed', '--state', state]);
  const profile = JSON.parse(readFileSync(join(state, 'devnet.json'), 'utf8'));
  const ca = readFileSync(profile.caCertFile, 'utf8');
  const a = profile.providers[0];
  const signer = () => lib.demoSigner(state, 'alice');
  const ok = (reply, status) => {
    if (reply.status !== status) throw new Error(`HTTP ${reply.status}: ${reply.text}`);
  };
  const create = async () =>
    lib.signedCall(
      ca,
      `${a.apiUrl}/v1/accounts`,
      'POST',
      { number: '+15550100' },
      { signer: signer() },
    );
  ok(await create(), 201);
  const account = lib.accountClient(ca, a.apiUrl, '+15550100', signer);
  const rates = [];
  const balance = [];
  const creation = [];
  for (let i = 0; i < N; i++) {
    rates.push(
      await time(async () => ok(await lib.httpsCall(ca, `${a.apiUrl}/v1/rates`, 'GET', {}), 200)),
    );
    balance.push(await time(async () => ok(await account.balance(), 200)));
    creation.push(await time(async () => ok(await create(), 200)));
  }
  result.ratesUnsignedMs = stats(rates);
  result.balanceSignedMs = stats(balance);
  result.accountCreateSignedMs = stats(creation);

  const reissued = await create();
  ok(await account.topUp('20.000000'), 200);
  const ua = await lib.startBaresipUa({
    dir: join(state, 'bench-caller'),
    user: '+15550100',
    domain: 'a.provider.test',
    password: reissued.json.sip.password,
    kamailioTcpPort: a.ports.tcp,
  });
  const setup = [];
  try {
    await ua.registered();
    for (let i = 0; i < CALLS; i++) {
      const mark = ua.events.length;
      const t = performance.now();
      ua.command('dial', 'sip:+15550150@a.provider.test');
      const e = await ua.waitFor(['CALL_ESTABLISHED', 'CALL_CLOSED'], 15_000, mark);
      if (e.type !== 'CALL_ESTABLISHED') throw new Error(`call ${i}: ${e.param}`);
      setup.push(performance.now() - t);
      const end = ua.events.length;
      ua.command('hangup');
      await ua.waitFor(['CALL_CLOSED'], 10_000, end);
    }
  } finally {
    await ua.stop();
  }
  result.pstnCallSetupMs = stats(setup);
} finally {
  spawnSync(process.execPath, [join(root, 'bin/yakker.mjs'), 'devnet', 'down', '--state', state]);
  rmSync(state, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
