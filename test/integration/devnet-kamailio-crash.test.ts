/**
 * A provider's Kamailio killed (SIGKILL to every process of it: a crash, no clean shutdown) and
 * started again in the same folder on the same ports: a JsSIP user that stayed running
 * reconnects and registers again by itself and is reachable, and a MESSAGE stored for an offline
 * user before the crash is delivered when that user registers (msilo keeps them in SQLite).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  ensureDevnetCa,
  kamailioPids,
  startProvider,
  type RunningProvider,
} from '../../devnet/src/index';
import { startUa, type TestUa } from '../support/jssip-node';

const A = 'a.provider.test';
const root = mkdtempSync(join(tmpdir(), 'yakker-devnet-crash-'));
const uas: TestUa[] = [];
let a: RunningProvider | undefined;

function ua(provider: RunningProvider, user: string, password: string): TestUa {
  const u = startUa({
    wssUrl: `wss://127.0.0.1:${provider.ports.wss}`,
    caPem: provider.caCertPem,
    uri: `sip:${user}@${provider.domain}`,
    password,
  });
  uas.push(u);
  return u;
}

afterAll(async () => {
  for (const u of uas) u.stop();
  await a?.stop();
  rmSync(root, { recursive: true, force: true });
});

it('recovers registrations and keeps stored messages after a crash', async () => {
  const ca = await ensureDevnetCa(join(root, 'ca'));
  const start = (ports?: RunningProvider['ports']): Promise<RunningProvider> =>
    startProvider({
      name: 'a',
      domain: A,
      stateDir: join(root, 'a'),
      ca,
      ...(ports ? { ports } : {}),
    });
  let provider = await start();
  a = provider;
  await provider.addUser('alice', 'alice-pass-1');
  await provider.addUser('bob', 'bob-pass-22');
  await provider.addUser('frank', 'frank-pass-666');
  const alice = ua(provider, 'alice', 'alice-pass-1');
  expect(await alice.registration).toBe(200);
  expect(await alice.send(`sip:frank@${A}`, 'stored before the crash')).toBe(202);
  expect(await provider.storedMessageCount('frank')).toBe(1);

  // Attached after the first registration: the next 'registered' is the re-registration.
  const reRegistered = new Promise<void>((resolve) => {
    alice.ua.on('registered', () => {
      resolve();
    });
  });
  const pids = await kamailioPids(provider.configPath);
  expect(pids.length).toBeGreaterThan(3);
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 50 && (await kamailioPids(provider.configPath)).length > 0; i++)
    await new Promise((r) => setTimeout(r, 100));
  expect(await kamailioPids(provider.configPath)).toEqual([]);

  provider = await start(provider.ports);
  a = provider;
  // alice's UA was never told: it reconnects and registers again on its own.
  await reRegistered;
  const bob = ua(provider, 'bob', 'bob-pass-22');
  expect(await bob.registration).toBe(200);
  expect(await bob.send(`sip:alice@${A}`, 'after the restart')).toBe(200);
  expect(await alice.nextMessage()).toMatchObject({ body: 'after the restart' });

  expect(await provider.storedMessageCount('frank')).toBe(1);
  const frank = ua(provider, 'frank', 'frank-pass-666');
  expect(await frank.registration).toBe(200);
  expect(await frank.nextMessage()).toMatchObject({
    from: `sip:alice@${A}`,
    body: 'stored before the crash',
  });
}, 60_000);
