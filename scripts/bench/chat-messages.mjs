// Chat benchmark (issue 6): 1,000 messages from alice (+15550100, provider A) to bob (+15550101,
// provider B) on a real devnet (signed DNS on NSD/Knot, two Kamailio), through main/messaging and
// main/store (SQLite, WAL, synchronous FULL) as the app runs them:
// - seal+store: messages.send (store queued, SMIMEA lookup through the validating resolver,
//   S/MIME seal, outbox row), messages per second;
// - open+store: messages.receive of those sealed bodies (SMIMEA lookup, decrypt, verify, store);
// - end to end: one message at a time, send → the outbox body over a JsSIP UA (WSS) → Kamailio A
//   → Kamailio B → bob's JsSIP UA → messages.receive stored; p50/p95/p99 in ms;
// - memory: RSS and heap of this process (both apps' services live in it) before and after.
// Keys are in an in-memory key store (the keychain's D-Bus round trip is not measured here).
// Prints one JSON object. Run: node scripts/bench/chat-messages.mjs (needs `npm run build`).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const N = Number(process.env['YAKKER_BENCH_MESSAGES'] ?? 1000);
const cacheDir = 'node_modules/.cache/yakker-bench';
mkdirSync(cacheDir, { recursive: true });
const entry = join(cacheDir, 'chat-entry.mjs');
await build({
  stdin: {
    contents: `
      export { ChatStore } from './main/store/chat-store';
      export { MessageService } from './main/messaging/message-service';
      export { DnsPeerDirectory } from './main/messaging/dns-peer-directory';
      export { EventBus } from './main/core/event-bus';
      export { silentLogger } from './main/core/logger';
      export { IdentityService } from './main/keystore/identity-service';
      export { readNetworkProfile } from './main/network/network-profile';
      export { NetworkService } from './main/network/network-service';
      export { startTestDevnet } from './test/support/devnet-cli';
      export { startUa } from './test/support/jssip-node';`,
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: entry,
  logLevel: 'warning',
});
const lib = await import(pathToFileURL(join(process.cwd(), entry)).href);

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const mb = (bytes) => round(bytes / 1048576, 1);

/** An in-memory KeyStore (benchmark only; the product has no plaintext store). */
class MemoryKeyStore {
  backend = 'memory';
  items = new Map();
  get(k) {
    return Promise.resolve(this.items.get(k) ?? null);
  }
  set(k, v) {
    this.items.set(k, v);
    return Promise.resolve();
  }
  delete(k) {
    return Promise.resolve(this.items.delete(k));
  }
}

const devnet = await lib.startTestDevnet('yakker-bench-chat-');
const work = mkdtempSync(join(tmpdir(), 'yakker-bench-chat-'));
const uas = [];
try {
  const network = new lib.NetworkService({
    load: () => lib.readNetworkProfile(devnet.profileFile, 'env'),
  });
  const directory = new lib.DnsPeerDirectory({
    resolver: () => network.resolver(),
    suffix: () => network.profile().directorySuffix,
  });
  const side = async (user) => {
    const account = devnet.account(user);
    const identities = new lib.IdentityService(new MemoryKeyStore());
    const pem = readFileSync(account.key, 'utf8') + readFileSync(account.certificate, 'utf8');
    const id = (await identities.importFile({ file: Buffer.from(pem), password: null })).id;
    const store = lib.ChatStore.open(join(work, `${user}.db`), lib.silentLogger);
    const service = new lib.MessageService({
      store,
      directory,
      account: { current: () => Promise.resolve({ identityRef: id, aor: account.sipUri }) },
      identities,
      bus: new lib.EventBus(),
      logger: lib.silentLogger,
    });
    return { account, service, store };
  };
  const alice = await side('alice');
  const bob = await side('bob');
  const text = (i) => `Message ${i}: the quick brown fox jumps over the lazy dog.`;
  const memoryBefore = process.memoryUsage();

  // 1. seal + store
  let t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await alice.service.send('+15550101', text(i));
  const sealMs = ms(t);
  const outbox = await alice.service.outbox();
  if (outbox.length !== N) throw new Error(`outbox has ${outbox.length}, not ${N}`);

  // 2. open + store
  t = process.hrtime.bigint();
  for (const o of outbox) {
    const answer = await bob.service.receive({
      from: alice.account.sipUri,
      to: o.target,
      callId: o.id,
      contentType: o.contentType,
      body: o.body,
    });
    if (answer.status !== 200) throw new Error(`receive answered ${answer.status}`);
  }
  const openMs = ms(t);
  for (const o of outbox) alice.service.sent({ id: o.id, ok: true, status: 200 });

  // 3. end to end through Kamailio A → B, one message at a time.
  const ca = readFileSync(devnet.profile.caCertFile, 'utf8');
  const wss = (name) => devnet.profile.providers.find((p) => p.name === name).ports.wss;
  const ua = (name, account) => {
    const u = lib.startUa({
      wssUrl: `wss://127.0.0.1:${wss(name)}`,
      caPem: ca,
      uri: account.sipUri,
      password: account.password,
    });
    uas.push(u);
    return u;
  };
  const aliceUa = ua('a', alice.account);
  const bobUa = ua('b', bob.account);
  if ((await aliceUa.registration) !== 200 || (await bobUa.registration) !== 200)
    throw new Error('registration failed');
  const latencies = [];
  t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const start = process.hrtime.bigint();
    const sent = await alice.service.send('+15550101', `e2e ${text(i)}`);
    const [o] = await alice.service.outbox();
    if (o?.id !== sent.id) throw new Error('outbox out of order');
    const [status, got] = await Promise.all([
      aliceUa.send(o.target, o.body, o.contentType),
      bobUa.nextMessage(10_000),
    ]);
    alice.service.sent({ id: o.id, ok: status >= 200 && status < 300, status });
    const answer = await bob.service.receive({
      from: got.from,
      to: bob.account.sipUri,
      callId: `e2e-${i}`,
      contentType: got.contentType ?? '',
      body: got.body,
    });
    if (answer.status !== 200) throw new Error(`e2e receive answered ${answer.status}`);
    latencies.push(ms(start));
  }
  const e2eMs = ms(t);
  const memoryAfter = process.memoryUsage();
  const stored = bob.service.list('+15550100', undefined, 500).length;

  process.stdout.write(
    `${JSON.stringify({
      messages: N,
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', load1: round(loadavg()[0]) },
      sealAndStore: { totalMs: round(sealMs), perSecond: round((N / sealMs) * 1000, 1) },
      openAndStore: { totalMs: round(openMs), perSecond: round((N / openMs) * 1000, 1) },
      endToEnd: {
        via: 'JsSIP WSS → Kamailio A → Kamailio B → JsSIP WSS, sealed/opened/stored by main',
        totalMs: round(e2eMs),
        perSecond: round((N / e2eMs) * 1000, 1),
        p50Ms: round(pct(latencies, 50)),
        p95Ms: round(pct(latencies, 95)),
        p99Ms: round(pct(latencies, 99)),
      },
      memory: {
        rssBeforeMb: mb(memoryBefore.rss),
        rssAfterMb: mb(memoryAfter.rss),
        heapUsedBeforeMb: mb(memoryBefore.heapUsed),
        heapUsedAfterMb: mb(memoryAfter.heapUsed),
      },
      check: { bobThreadPageOf500: stored },
    })}\n`,
  );
} finally {
  for (const u of uas) u.stop();
  await new Promise((r) => setTimeout(r, 500));
  await devnet.down();
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
