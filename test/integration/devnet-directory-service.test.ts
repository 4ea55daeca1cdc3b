/**
 * The directory service in this process (real HTTPS, real SQLite, the real publishing adapter)
 * with its clock injected, for what a devnet run cannot show without waiting: codes expire,
 * rate limits and lockouts end, signatures are judged by the server's clock. Its publishing
 * adapter points at a state folder with no DNS, so every publish fails: a verify then answers
 * 503 and changes nothing. Plain HTTP gets no answer. A restart keeps the state and certificate.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetPublisher } from '../../devnet/src/directory/publish-records';
import {
  devnetPaths,
  ensureAuthority,
  ensureDevnetCa,
  startDirectoryService,
  type DevnetCa,
  type RunningDirectory,
} from '../../devnet/src/index';
import { directoryClient, errorCode, type DirectoryClient } from '../support/directory-client';
import { makeIdentity, smsCode, type TestIdentity } from '../support/devnet-directory';

const dir = mkdtempSync(join(tmpdir(), 'yakker-directory-service-'));
const paths = devnetPaths(dir);
const clock = { now: Date.now() };
let service: RunningDirectory;
let ca: DevnetCa;
let api: DirectoryClient;
let gina: TestIdentity;
let hal: TestIdentity;
let ivy: TestIdentity;

const start = async (ca: DevnetCa): Promise<RunningDirectory> =>
  startDirectoryService({
    dir: paths.directory,
    ca,
    authority: await ensureAuthority(paths.authority),
    providers: () => [],
    // No DNS runs here: <state>/dns/ has no Knot and no TSIG key, so every publish fails.
    publish: devnetPublisher({ paths }),
    dns: { host: '127.0.0.1', port: 9 },
    suffix: 'e164.yakker.test.',
    now: () => clock.now,
  });

beforeAll(async () => {
  ca = await ensureDevnetCa(paths.ca);
  service = await start(ca);
  api = directoryClient(service.url, ca.certPem);
  gina = await makeIdentity(join(dir, 'ids'), 'gina', '+15550160');
  hal = await makeIdentity(join(dir, 'ids'), 'hal', '+15550161');
  ivy = await makeIdentity(join(dir, 'ids'), 'ivy', '+15550162');
  clock.now = Date.now(); // not before the certificates' notBefore
});

afterAll(async () => {
  await service.stop();
  rmSync(dir, { recursive: true, force: true });
});

const at = (id: TestIdentity) => ({ ...id, created: new Date(clock.now) });
const create = (id: TestIdentity) =>
  api.post('/v1/accounts', { number: id.number, certificate: id.certBase64 });

function rows(table: string): unknown[] {
  const db = new Database(service.dbFile, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${table}`).all();
  } finally {
    db.close();
  }
}

describe('directory service (in process, injected clock)', () => {
  it('a verify whose DNS update fails is 503 and changes nothing; the challenge stays for a retry', async () => {
    expect((await create(gina)).status).toBe(202);
    const code = await smsCode(api, gina.number);
    const challenges = rows('challenges');
    const reply = await api.post(
      '/v1/accounts/verify',
      { number: gina.number, code, target: 'sip:+15550160@a.provider.test' },
      at(gina),
    );
    expect(reply.status, reply.text).toBe(503);
    expect(errorCode(reply)).toBe('publish-failed');
    expect(rows('accounts')).toEqual([]);
    expect(rows('nonces')).toEqual([]);
    expect(rows('challenges')).toEqual(challenges);
    // The publish failed before anything was kept: no records file, or an empty one.
    const kept = existsSync(paths.directoryRecords)
      ? (JSON.parse(readFileSync(paths.directoryRecords, 'utf8')) as unknown)
      : {};
    expect(kept).toEqual({});
  });

  it('a code expires after 10 minutes', async () => {
    expect((await create(hal)).status).toBe(202);
    const code = await smsCode(api, hal.number);
    clock.now += 10 * 60_000;
    const reply = await api.post('/v1/accounts/verify', { number: hal.number, code }, at(hal));
    expect([reply.status, errorCode(reply)]).toEqual([410, 'code-expired']);
  });

  it('one code per minute; five wrong codes lock the number for 15 minutes', async () => {
    expect((await create(ivy)).status).toBe(202);
    clock.now += 30_000;
    const again = await create(ivy);
    expect([again.status, errorCode(again), again.headers['retry-after']]).toEqual([
      429,
      'rate-limited',
      '30',
    ]);
    clock.now += 30_000;
    expect((await create(ivy)).status).toBe(202);
    const code = await smsCode(api, ivy.number);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 4; i++)
      expect(
        errorCode(
          await api.post('/v1/accounts/verify', { number: ivy.number, code: wrong }, at(ivy)),
        ),
      ).toBe('code-invalid');
    const locked = await api.post(
      '/v1/accounts/verify',
      { number: ivy.number, code: wrong },
      at(ivy),
    );
    expect([locked.status, errorCode(locked), locked.headers['retry-after']]).toEqual([
      429,
      'number-locked',
      '900',
    ]);
    clock.now += 14 * 60_000;
    const still = await create(ivy);
    expect([errorCode(still), still.headers['retry-after']]).toEqual(['number-locked', '60']);
    clock.now += 60_000;
    expect((await create(ivy)).status).toBe(202);
  });

  it('judges signatures by its own clock: ±60 s', async () => {
    clock.now += 60_000;
    expect((await create(hal)).status).toBe(202);
    const code = await smsCode(api, hal.number);
    const body = { number: hal.number, code };
    for (const skew of [-61_000, 61_000]) {
      const reply = await api.post('/v1/accounts/verify', body, {
        ...hal,
        created: new Date(clock.now + skew),
      });
      expect([reply.status, errorCode(reply)]).toEqual([401, 'signature-stale']);
    }
    // Inside the window the signature is accepted; the publish then fails (no DNS here).
    const inside = await api.post('/v1/accounts/verify', body, {
      ...hal,
      created: new Date(clock.now + 55_000),
    });
    expect(errorCode(inside)).toBe('publish-failed');
  });

  it('does not speak plain HTTP', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = request(`http://127.0.0.1:${service.port}/v1/health`, (res) => {
        resolve(`answered ${res.statusCode ?? 0}`);
      });
      req.on('error', (error) => {
        resolve(`error ${error.message}`);
      });
      req.end();
    });
    expect(outcome).toMatch(/^error /);
  });

  it('restarts in the same folder with its state and the same certificate', async () => {
    const certPem = readFileSync(join(paths.directory, 'tls', 'directory.pem'), 'utf8');
    const texts = rows('sms');
    await service.stop();
    service = await start(ca);
    api = directoryClient(service.url, ca.certPem);
    expect(readFileSync(join(paths.directory, 'tls', 'directory.pem'), 'utf8')).toBe(certPem);
    expect(rows('sms')).toEqual(texts);
    expect((await api.get('/v1/health')).json).toEqual({ ok: true });
  });
});
