/**
 * Bad input at every endpoint of the devnet directory service (docs/devnet.md "Directory
 * service"), on a real devnet started by `yakker devnet up`: malformed JSON, oversized bodies,
 * numbers that are not E.164, certificates that do not match the number or the signing key,
 * missing, broken, stale and replayed signatures, wrong SMS codes up to the lockout, rate
 * limits. Each gets a clear `{error: {code, message}}`, and neither the directory's database
 * nor the DNS (seen by our validating resolver) changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevnetProfile } from '../../devnet/src/index';
import { errorCode, type ApiReply, type DirectoryClient } from '../support/directory-client';
import {
  dbSnapshot,
  dnsView,
  makeIdentity,
  register as registerThrough,
  smsCode as sinkCode,
  startDirectoryDevnet,
  type DirectoryDevnet,
  type TestIdentity,
} from '../support/devnet-directory';

let devnet: DirectoryDevnet;
let profile: DevnetProfile;
let api: DirectoryClient;
let idDir: string;

beforeAll(async () => {
  devnet = await startDirectoryDevnet('devnet-directory-refusals');
  ({ profile, api, idDir } = devnet);
});

afterAll(async () => {
  await devnet.stop();
});

const smsCode = (number: string): Promise<string> => sinkCode(api, number);
const register = (id: TestIdentity, target: string): Promise<void> =>
  registerThrough(api, id, target);

/** The database and the number's DNS view: what a refused request must leave as it was. */
async function everything(number: string): Promise<unknown> {
  return { db: dbSnapshot(profile), dns: await dnsView(profile, number) };
}

describe('devnet directory: bad input is refused clearly and changes nothing', () => {
  let dave: TestIdentity;
  let erin: TestIdentity;
  let frank: TestIdentity;

  /** Sends, checks status and error code, and that neither the DB nor the DNS changed. */
  async function refused(
    number: string,
    send: () => Promise<ApiReply>,
    status: number,
    code: string,
  ): Promise<void> {
    const before = await everything(number);
    const reply = await send();
    expect(reply.status, reply.text).toBe(status);
    expect(errorCode(reply), reply.text).toBe(code);
    expect((reply.json as { error: { message: string } }).error.message.length).toBeGreaterThan(5);
    expect(await everything(number)).toEqual(before);
  }

  beforeAll(async () => {
    dave = await makeIdentity(idDir, 'dave', '+15550140');
    erin = await makeIdentity(idDir, 'erin', '+15550141');
    frank = await makeIdentity(idDir, 'frank', '+15550150');
  });

  it('create: malformed JSON, oversized body, wrong type, unknown field, bad numbers, bad certificates', async () => {
    const n = dave.number;
    const post = (raw: string, type = 'application/json') =>
      api.send('POST', '/v1/accounts', { raw, headers: { 'content-type': type } });
    await refused(n, () => post('{"number": "+15550140", '), 400, 'malformed-json');
    await refused(
      n,
      () => post(JSON.stringify({ number: n, certificate: 'A'.repeat(40_000) })),
      413,
      'body-too-large',
    );
    await refused(
      n,
      () => post(JSON.stringify({ number: n, certificate: dave.certBase64 }), 'text/plain'),
      415,
      'unsupported-media-type',
    );
    await refused(
      n,
      () => api.post('/v1/accounts', { number: n, certificate: dave.certBase64, admin: true }),
      400,
      'invalid-request',
    );
    for (const bad of ['15550140', '+05550140', '+1555014O', '+1', '+1234567890123456'])
      await refused(
        n,
        () => api.post('/v1/accounts', { number: bad, certificate: dave.certBase64 }),
        400,
        'invalid-number',
      );
    await refused(
      n,
      () => api.post('/v1/accounts', { number: n, certificate: erin.certBase64 }),
      400,
      'certificate-number-mismatch',
    );
    await refused(
      n,
      () => api.post('/v1/accounts', { number: n, certificate: 'bm90IGEgY2VydA==' }),
      400,
      'invalid-certificate',
    );
    await refused(
      n,
      () =>
        api.post('/v1/accounts', {
          number: n,
          certificate: dave.certBase64,
          target: 'sip:+15550141@a.provider.test',
        }),
      400,
      'invalid-target',
    );
    expect(dbSnapshot(profile).sms.some((s) => (s as { number: string }).number === n)).toBe(false);
  });

  it('create: one code per number per minute', async () => {
    expect(
      (await api.post('/v1/accounts', { number: dave.number, certificate: dave.certBase64 }))
        .status,
    ).toBe(202);
    await refused(
      dave.number,
      () => api.post('/v1/accounts', { number: dave.number, certificate: dave.certBase64 }),
      429,
      'rate-limited',
    );
  });

  it('verify: unsigned, signed by another key, broken or stale signatures, missing nonce', async () => {
    const n = dave.number;
    const code = await smsCode(n);
    const body = { number: n, code };
    await refused(n, () => api.post('/v1/accounts/verify', body), 401, 'signature-missing');
    await refused(
      n,
      () => api.post('/v1/accounts/verify', body, erin),
      401,
      'signature-key-mismatch',
    );
    await refused(
      n,
      () => api.post('/v1/accounts/verify', body, { ...erin, certDer: dave.certDer }),
      401,
      'signature-invalid',
    );
    await refused(
      n,
      () =>
        api.send('POST', '/v1/accounts/verify', {
          json: body,
          sign: dave,
          afterSign: (h) => {
            h['content-digest'] = 'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:';
          },
        }),
      401,
      'signature-invalid',
    );
    await refused(
      n,
      () =>
        api.send('POST', '/v1/accounts/verify', {
          json: body,
          sign: dave,
          afterSign: (h) => {
            h['signature'] = (h['signature'] ?? '').replace(
              /:([A-Za-z0-9+/])/,
              (_m, c: string) => `:${c === 'A' ? 'B' : 'A'}`,
            );
          },
        }),
      401,
      'signature-invalid',
    );
    await refused(
      n,
      () =>
        api.post('/v1/accounts/verify', body, { ...dave, created: new Date(Date.now() - 120_000) }),
      401,
      'signature-stale',
    );
    await refused(
      n,
      () =>
        api.post('/v1/accounts/verify', body, { ...dave, created: new Date(Date.now() + 120_000) }),
      401,
      'signature-stale',
    );
    await refused(
      n,
      () => api.post('/v1/accounts/verify', body, { ...dave, nonce: null }),
      401,
      'signature-invalid',
    );
    await refused(
      n,
      () =>
        api.send('POST', '/v1/accounts/verify', {
          raw: '{"number":',
          headers: { 'content-type': 'application/json' },
          sign: dave,
        }),
      400,
      'malformed-json',
    );
    await refused(
      n,
      () => api.post('/v1/accounts/verify', { number: '5550140', code }, dave),
      400,
      'invalid-number',
    );
    await refused(
      n,
      () => api.post('/v1/accounts/verify', { number: n, code: '12345' }, dave),
      400,
      'invalid-request',
    );
    await refused(
      erin.number,
      () => api.post('/v1/accounts/verify', { number: erin.number, code }, erin),
      404,
      'no-pending-account',
    );
  });

  it('verify: wrong codes count, a replay does not; five lock the number, the right code too', async () => {
    const n = dave.number;
    const code = await smsCode(n);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const attempts = (): number =>
      (
        dbSnapshot(profile).challenges.find((c) => (c as { number: string }).number === n) as {
          attempts: number;
        }
      ).attempts;
    const first = { ...dave, nonce: 'replayed-nonce-0001', created: new Date() };
    const r1 = await api.post('/v1/accounts/verify', { number: n, code: wrong }, first);
    expect(r1.status).toBe(403);
    expect(errorCode(r1)).toBe('code-invalid');
    expect((r1.json as { error: { message: string } }).error.message).toContain('4 tries left');
    expect(attempts()).toBe(1);
    await refused(
      n,
      () => api.post('/v1/accounts/verify', { number: n, code: wrong }, first),
      401,
      'signature-replayed',
    );
    expect(attempts()).toBe(1);
    for (const left of [3, 2, 1]) {
      const r = await api.post('/v1/accounts/verify', { number: n, code: wrong }, dave);
      expect(errorCode(r)).toBe('code-invalid');
      expect((r.json as { error: { message: string } }).error.message).toContain(
        `${left} tries left`,
      );
    }
    const fifth = await api.post('/v1/accounts/verify', { number: n, code: wrong }, dave);
    expect(fifth.status).toBe(429);
    expect(errorCode(fifth)).toBe('number-locked');
    await refused(
      n,
      () => api.post('/v1/accounts/verify', { number: n, code }, dave),
      429,
      'number-locked',
    );
    await refused(
      n,
      () => api.post('/v1/accounts', { number: n, certificate: dave.certBase64 }),
      429,
      'number-locked',
    );
    expect(await dnsView(profile, n)).toMatchObject({ uris: [], certs: [] });
    expect(dbSnapshot(profile).accounts.some((a) => (a as { number: string }).number === n)).toBe(
      false,
    );
  });

  it('publish and revoke: unsigned, wrong key, bad target or certificates, no account, replays', async () => {
    await register(frank, 'sip:+15550150@a.provider.test');
    const n = frank.number;
    expect((await dnsView(profile, n)).uris).toEqual(['sip:+15550150@a.provider.test']);
    const move = { number: n, target: 'sip:+15550150@b.provider.test' };
    await refused(n, () => api.post('/v1/records', move), 401, 'signature-missing');
    await refused(n, () => api.post('/v1/records', move, erin), 401, 'signature-key-mismatch');
    await refused(
      n,
      () => api.post('/v1/records', { number: n, target: 'sip:+15550151@b.provider.test' }, frank),
      400,
      'invalid-target',
    );
    await refused(
      n,
      () => api.post('/v1/records', { number: n, target: 'sip:+15550150@B.provider.test' }, frank),
      400,
      'invalid-target',
    );
    await refused(
      n,
      () => api.post('/v1/records', { number: n, certificates: [erin.certBase64] }, frank),
      400,
      'certificate-number-mismatch',
    );
    await refused(
      n,
      () =>
        api.post(
          '/v1/records',
          { number: n, certificates: Array(5).fill(frank.certBase64) as string[] },
          frank,
        ),
      400,
      'invalid-request',
    );
    await refused(n, () => api.post('/v1/records', { number: n }, frank), 400, 'invalid-request');
    await refused(
      '+15550159',
      () =>
        api.post(
          '/v1/records',
          { number: '+15550159', target: 'sip:+15550159@a.provider.test' },
          frank,
        ),
      404,
      'no-account',
    );
    await refused(
      n,
      () => api.post('/v1/accounts/revoke', { number: n }, erin),
      401,
      'signature-key-mismatch',
    );
    await refused(
      n,
      () => api.post('/v1/accounts/revoke', { number: 'frank' }, frank),
      400,
      'invalid-number',
    );
    // A signature made for another endpoint (same key, same body) does not carry over.
    await refused(
      n,
      () =>
        api.send('POST', '/v1/accounts/revoke', {
          json: { number: n },
          sign: frank,
          signAsPath: '/v1/records',
        }),
      401,
      'signature-invalid',
    );
    // A replayed publish: the first is applied, the copy is refused and changes nothing.
    const once = { ...frank, nonce: 'publish-once-nonce-1', created: new Date() };
    expect((await api.post('/v1/records', move, once)).status).toBe(200);
    await refused(n, () => api.post('/v1/records', move, once), 401, 'signature-replayed');
    expect((await dnsView(profile, n)).uris).toEqual([move.target]);
  });

  it('lookup and routing: bad numbers, malformed JSON, unknown paths, wrong methods', async () => {
    const n = dave.number;
    await refused(n, () => api.post('/v1/lookup', { number: '555' }), 400, 'invalid-number');
    await refused(
      n,
      () =>
        api.send('POST', '/v1/lookup', {
          raw: 'number=+15550140',
          headers: { 'content-type': 'application/json' },
        }),
      400,
      'malformed-json',
    );
    await refused(n, () => api.get('/v1/nothing'), 404, 'not-found');
    await refused(n, () => api.get('/v1/accounts'), 405, 'method-not-allowed');
    await refused(n, () => api.get('/v1/sms?number=abc'), 400, 'invalid-number');
  });
});
