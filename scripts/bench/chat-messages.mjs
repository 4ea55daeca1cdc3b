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
// - through the apps (YAKKER_BENCH_UI_MESSAGES, default the same 1,000; only in a loopback-only
//   namespace): two web apps, each with its own gnome-keyring and Chromium; alice types the
//   messages into the composer back to back (Enter each), bob has the thread open. Send rate
//   (Enter to Enter), delivery rate, latency Enter → the text in bob's thread (p50/p95/p99), and
//   memory: each web host's RSS (main) and each page's JS heap and DOM nodes (renderer, after a
//   GC), before and after.
// Prints one JSON object. Run (needs the build):
//   unshare -rn sh -c 'ip link set lo up && node scripts/bench/chat-messages.mjs'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTs, runningDevnet } from './bench-lib.mjs';

const N = Number(process.env['YAKKER_BENCH_MESSAGES'] ?? 1000);
/** Messages typed into the app (0 skips that part; it needs a loopback-only namespace). */
const UI_N = Number(process.env['YAKKER_BENCH_UI_MESSAGES'] ?? N);
const lib = await loadTs('chat-messages', [
  "export { ChatStore } from './main/store/chat-store';",
  "export { MessageService } from './main/messaging/message-service';",
  "export { DnsPeerDirectory } from './main/messaging/dns-peer-directory';",
  "export { EventBus } from './main/core/event-bus';",
  "export { silentLogger } from './main/core/logger';",
  "export { IdentityService } from './main/keystore/identity-service';",
  "export { readNetworkProfile } from './main/network/network-profile';",
  "export { NetworkService } from './main/network/network-service';",
  "export { startTestDevnet } from './test/support/devnet-cli';",
  "export { startUa } from './test/support/jssip-node';",
  "export { openCallDevice } from './test/e2e/support/call-devices';",
]);
const loopbackOnly = Object.values(networkInterfaces())
  .flat()
  .every((a) => a?.internal !== false);

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const mb = (bytes) => round(bytes / 1048576, 1);
const log = (text) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

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

/** The RSS of the web host serving `dataDir` (its main process), from /proc. */
function webHostRssMb(dataDir) {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.includes('web-host.mjs') || !cmd.includes(dataDir)) continue;
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : round(Number(kb) / 1024, 1);
  }
  return null;
}

/** A page's JS heap (after a GC) and DOM nodes, through the DevTools protocol. */
async function rendererMemory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { jsHeapUsedMb: mb(get('JSHeapUsedSize')), domNodes: get('Nodes') };
}

async function memoryOf(device) {
  return {
    mainRssMb: webHostRssMb(device.app.dataDir),
    renderer: await rendererMemory(device.page),
  };
}

/** alice types `n` messages to bob in the apps; bob's open thread records when each shows. */
async function throughTheApps(devnet, n) {
  log('through the apps: keychains, web hosts, Chromium, sign-in');
  const alice = await lib.openCallDevice(devnet, 'alice', 440);
  const bob = await lib.openCallDevice(devnet, 'bob', 660);
  try {
    await alice.page.getByRole('link', { name: 'Chats' }).click();
    await alice.page.getByRole('button', { name: 'New chat' }).first().click();
    await alice.page.getByLabel('Phone number or address').fill(devnet.account('bob').e164);
    await alice.page.getByRole('button', { name: 'Start chat' }).click();
    const box = alice.page.getByRole('textbox', { name: /^Message / });
    await box.fill('bench warm-up');
    await box.press('Enter');
    await bob.page.getByRole('link', { name: 'Chats' }).click();
    await bob.page.getByRole('button', { name: /\+15550100/ }).click({ timeout: 30_000 });
    const bobLog = bob.page.getByRole('log', { name: /Messages with/ });
    await bobLog.getByText('bench warm-up').waitFor({ timeout: 30_000 });
    await bob.page.evaluate(() => {
      const arrivals = (window.__arrivals = {});
      const log = [...document.querySelectorAll('[role=log]')].find((e) =>
        (e.getAttribute('aria-label') ?? '').startsWith('Messages with'),
      );
      // Scans the whole thread on every change (React may add nodes or rewrite text).
      const scan = () => {
        for (const m of (log?.textContent ?? '').matchAll(/bench #(\d+)\./g))
          arrivals[m[1]] ??= Date.now();
      };
      new MutationObserver(scan).observe(log ?? document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    const before = { alice: await memoryOf(alice), bob: await memoryOf(bob) };
    log(`through the apps: typing ${n} messages`);
    const sentAt = [];
    for (let i = 0; i < n; i++) {
      const text = `bench #${i}. The quick brown fox jumps over the lazy dog.`;
      await box.fill(text);
      sentAt.push(Date.now());
      await box.press('Enter');
      // The composer takes the next message once this one is handed to main (it then clears).
      await alice.page.waitForFunction(
        () => document.querySelector('textarea')?.value === '',
        null,
        { timeout: 30_000, polling: 5 },
      );
    }
    const typedMs = Date.now() - sentAt[0];
    // Until every message is in bob's thread, or nothing new arrived for a minute.
    let arrivals = {};
    let count = 0;
    let progressAt = Date.now();
    while (Date.now() - progressAt < 60_000) {
      arrivals = await bob.page.evaluate(() => window.__arrivals);
      const now = Object.keys(arrivals).length;
      if (now > count) {
        count = now;
        progressAt = Date.now();
      }
      if (count >= n) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    log(`through the apps: ${count} of ${n} in bob's thread`);
    const states = await alice.page.evaluate(() => {
      const count = {};
      for (const e of document.querySelectorAll('.delivery[data-state]'))
        count[e.getAttribute('data-state')] = (count[e.getAttribute('data-state')] ?? 0) + 1;
      return count;
    });
    const latencies = sentAt.map((t, i) => arrivals[i] - t).filter((x) => Number.isFinite(x));
    const lastArrival = Math.max(...Object.values(arrivals));
    const after = { alice: await memoryOf(alice), bob: await memoryOf(bob) };
    return {
      via: 'alice types in the composer (web bridge) → main seals → JsSIP → Kamailio A → B → bob’s JsSIP → main opens → bob’s thread',
      typed: n,
      delivered: latencies.length,
      sendPerSecond: round((n / typedMs) * 1000, 1),
      deliveredPerSecond: round((latencies.length / (lastArrival - sentAt[0])) * 1000, 1),
      aliceDeliveryStates: states,
      latencyP50Ms: round(pct(latencies, 50)),
      latencyP95Ms: round(pct(latencies, 95)),
      latencyP99Ms: round(pct(latencies, 99)),
      memoryBefore: before,
      memoryAfter: after,
      pageProblems: [...alice.problems, ...bob.problems].slice(0, 5),
    };
  } finally {
    await alice.stop();
    await bob.stop();
  }
}

const devnet = process.env.BENCH_DEVNET_STATE
  ? runningDevnet(process.env.BENCH_DEVNET_STATE)
  : await lib.startTestDevnet('yakker-bench-chat-');
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
  log(`seal + store: ${N} messages`);
  let t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await alice.service.send('+15550101', text(i));
  const sealMs = ms(t);
  const outbox = await alice.service.outbox();
  if (outbox.length !== N) throw new Error(`outbox has ${outbox.length}, not ${N}`);

  // 2. open + store
  log('open + store');
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
  log('end to end through Kamailio, one at a time');
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
  for (const u of uas.splice(0)) u.stop(); // the apps register alice and bob next
  await new Promise((r) => setTimeout(r, 500));
  const apps =
    UI_N > 0 && loopbackOnly
      ? await throughTheApps(devnet, UI_N)
      : { skipped: UI_N > 0 ? 'not in a loopback-only network namespace' : 'UI_N=0' };

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
      throughTheApps: apps,
    })}\n`,
  );
} finally {
  for (const u of uas) u.stop();
  await new Promise((r) => setTimeout(r, 500));
  await devnet.down();
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
