// Benchmark: one device pairing, direct on the LAN (127.0.0.1) and through the relay mailbox of a
// devnet's directory service (`yakker devnet up` in a temporary state folder; needs a build:
// dist/main/cli.mjs), with the real PairingService on both sides (in-memory key stores, so the
// keychain is not what is measured). Per pairing: from `join` to the code on the new device
// (connect + Noise handshake), from the holder's confirm to the new device done (transfer, store,
// ACK), and the whole pairing from `start`. Prints one JSON object on stdout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTs, root, stats } from './bench-lib.mjs';

const N = Number(process.env['BENCH_ITERATIONS'] ?? 10);

const lib = await loadTs('pairing-paths', [
  "export { PairingService } from './main/pairing/pairing-service.ts';",
  "export { relayFromProfile } from './main/pairing/relay-config.ts';",
  "export { readNetworkProfile } from './main/network/network-profile.ts';",
  "export { IdentityService } from './main/keystore/identity-service.ts';",
  "export { FakeKeyStore } from './test/support/fake-key-store.ts';",
]);

const settings = { displayName: 'Alice', defaultCountry: 'US', privateLookups: false };

/** A PairingService on an in-memory key store; `next(role, state)` waits for that status. */
function device(lan, network) {
  const identities = new lib.IdentityService(new lib.FakeKeyStore());
  const waiters = [];
  const pairing = new lib.PairingService({
    identities,
    settings: { get: async () => settings, apply: async () => undefined },
    onChange: (s) => {
      for (const w of waiters.splice(0)) {
        if (w.role === s.role && (w.state === s.state || s.state === 'failed')) w.resolve(s);
        else waiters.push(w);
      }
    },
    hosts: () => ['127.0.0.1'],
    lan,
    network: () => network,
  });
  const next = (role, state) =>
    new Promise((resolve) => waiters.push({ role, state, resolve })).then((s) => {
      if (s.state === 'failed') throw new Error(`${role} failed: ${s.error?.message}`);
      return s;
    });
  return { identities, pairing, next };
}

async function pairOnce(lan, network, holder, identityId) {
  const joiner = device(lan, network);
  const t0 = performance.now();
  const offer = await holder.pairing.start(identityId);
  const confirmNeeded = holder.next('holder', 'confirm-needed');
  const t1 = performance.now();
  const shown = await joiner.pairing.join(offer.text, 'Bench phone');
  const t2 = performance.now();
  await confirmNeeded;
  const joinerDone = joiner.next('joiner', 'done');
  const holderDone = holder.next('holder', 'done');
  const t3 = performance.now();
  await holder.pairing.confirm(shown.code);
  await Promise.all([joinerDone, holderDone]);
  const t4 = performance.now();
  joiner.pairing.dispose();
  return { toCode: t2 - t1, confirmToDone: t4 - t3, total: t4 - t0 };
}

async function measure(lan, network) {
  const holder = device(lan, network);
  const id = await holder.identities.create({ tel: '+15550100', name: 'Alice' });
  const runs = [];
  for (let i = 0; i < N; i++) runs.push(await pairOnce(lan, network, holder, id.id));
  holder.pairing.dispose();
  return {
    toCodeMs: stats(runs.map((r) => r.toCode)),
    confirmToDoneMs: stats(runs.map((r) => r.confirmToDone)),
    totalMs: stats(runs.map((r) => r.total)),
  };
}

const stateDir = mkdtempSync(join(tmpdir(), 'yakker-bench-pairing-'));
const cli = (args) =>
  spawnSync(process.execPath, [join(root, 'bin/yakker.mjs'), ...args], { encoding: 'utf8' });
const up = cli(['--json', 'devnet', 'up', '--state', stateDir]);
if (up.status !== 0) throw new Error(`devnet up failed: ${up.stderr}`);
try {
  const profile = lib.readNetworkProfile(join(stateDir, 'devnet.json'), 'env');
  const relay = lib.relayFromProfile(profile);
  const noRelay = { relay: null, caPem: null };
  const result = {
    benchmark: 'pairing-paths',
    iterations: N,
    cpus: cpus().length,
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
    lan: await measure(true, noRelay),
    relay: await measure(false, relay),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  cli(['devnet', 'down', '--state', stateDir]);
  rmSync(stateDir, { recursive: true, force: true });
}
