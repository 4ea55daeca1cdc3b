/**
 * registerThroughApi (devnet/src/directory/api-registration.ts), the way `seed` registers the
 * demo users, against a scripted directory on 127.0.0.1 (HTTPS with a devnet CA): which answers
 * lead to a signed publish only, which to a registration by SMS code, which are errors. The real
 * directory: test/integration/devnet-directory.test.ts (seed twice).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoIdentity } from '../../../devnet/src/demo-identity';
import { ensureDevnetCa, issueServerCertificate } from '../../../devnet/src/devnet-ca';
import {
  registerThroughApi,
  type ApiRegistration,
} from '../../../devnet/src/directory/api-registration';

type Answer = [status: number, body: unknown, headers?: Record<string, string>];
/** What the fake directory answers, by path (a list: one per request, the last repeats). */
let script: Record<string, Answer | Answer[]>;
let seen: { path: string; body: unknown; signed: boolean }[];

const dir = mkdtempSync(join(tmpdir(), 'yakker-api-registration-'));
let server: Server;
let registration: ApiRegistration;

beforeAll(async () => {
  const ca = await ensureDevnetCa(join(dir, 'ca'));
  const tls = await issueServerCertificate(ca, join(dir, 'tls'), {
    fileStem: 'directory',
    dnsNames: ['localhost'],
    ips: ['127.0.0.1'],
  });
  server = createServer({ cert: tls.certPem, key: readFileSync(tls.keyPath) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const text = Buffer.concat(chunks).toString('utf8');
      seen.push({
        path,
        body: text === '' ? null : (JSON.parse(text) as unknown),
        signed: req.headers['signature'] !== undefined,
      });
      const planned = script[path] ?? [500, { error: { code: 'unexpected' } }];
      const answers = (Array.isArray(planned[0]) ? planned : [planned]) as Answer[];
      const [status, body, headers] = (answers.length > 1 ? answers.shift() : answers[0]) as Answer;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const id = await ensureDemoIdentity(
    join(dir, 'ids'),
    'alice',
    '+15550100',
    'sip:+15550100@a.provider.test',
  );
  registration = {
    directoryUrl: `https://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    caPem: ca.certPem,
    number: '+15550100',
    target: 'sip:+15550100@a.provider.test',
    certDer: id.certDer,
    keyPem: readFileSync(id.keyPath, 'utf8'),
  };
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  rmSync(dir, { recursive: true, force: true });
});

const RECORDS = { records: ['0.0.1.0.5.5.5.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!x!" .'] };
const error = (code: string): { error: { code: string; message: string } } => ({
  error: { code, message: code },
});
const SMS = { messages: [{ text: 'Your Yakker code is 123456. It expires in 10 minutes.' }] };

function run(answers: Record<string, Answer | Answer[]>): Promise<string[]> {
  script = answers;
  seen = [];
  return registerThroughApi(registration);
}

describe('registerThroughApi', () => {
  it('an account this key holds: one signed publish, no code asked for', async () => {
    expect(await run({ '/v1/records': [200, RECORDS] })).toEqual(RECORDS.records);
    expect(seen.map((s) => [s.path, s.signed])).toEqual([['/v1/records', true]]);
  });

  it.each(['no-account', 'signature-key-mismatch'])(
    'publish refused as %s: registers by SMS code and a signed verify',
    async (code) => {
      const records = await run({
        '/v1/records': [code === 'no-account' ? 404 : 401, error(code)],
        '/v1/accounts': [202, { status: 'code-sent' }],
        '/v1/sms': [200, SMS],
        '/v1/accounts/verify': [200, RECORDS],
      });
      expect(records).toEqual(RECORDS.records);
      expect(seen.map((s) => s.path)).toEqual([
        '/v1/records',
        '/v1/accounts',
        '/v1/sms',
        '/v1/accounts/verify',
      ]);
      expect(seen[3]).toMatchObject({
        signed: true,
        body: { number: '+15550100', code: '123456' },
      });
    },
  );

  it('a code sent within the minute (a run stopped before verifying) is used, not a new one', async () => {
    const records = await run({
      '/v1/records': [404, error('no-account')],
      '/v1/accounts': [429, error('rate-limited')],
      '/v1/sms': [200, SMS],
      '/v1/accounts/verify': [200, RECORDS],
    });
    expect(records).toEqual(RECORDS.records);
    expect(seen.at(-1)?.body).toMatchObject({ code: '123456' });
  });

  it("the minute's code was used already: waits out Retry-After, asks again, verifies", async () => {
    const records = await run({
      '/v1/records': [401, error('signature-key-mismatch')],
      '/v1/accounts': [
        [429, error('rate-limited'), { 'retry-after': '1' }],
        [202, { status: 'code-sent' }],
      ],
      '/v1/sms': [200, SMS],
      '/v1/accounts/verify': [
        [404, error('no-pending-account')],
        [200, RECORDS],
      ],
    });
    expect(records).toEqual(RECORDS.records);
    expect(seen.map((s) => s.path)).toEqual([
      '/v1/records',
      '/v1/accounts',
      '/v1/sms',
      '/v1/accounts/verify',
      '/v1/accounts',
      '/v1/sms',
      '/v1/accounts/verify',
    ]);
  });

  it.each<[string, Record<string, Answer | Answer[]>, RegExp]>([
    [
      'DNS down (503): no registration is started',
      { '/v1/records': [503, error('publish-failed')] },
      /directory publish \+15550100: 503 .*publish-failed/,
    ],
    [
      'a locked number',
      { '/v1/records': [404, error('no-account')], '/v1/accounts': [429, error('number-locked')] },
      /directory create \+15550100: 429 .*number-locked/,
    ],
    [
      'a pending code for another key',
      {
        '/v1/records': [404, error('no-account')],
        '/v1/accounts': [429, error('rate-limited')],
        '/v1/sms': [200, SMS],
        '/v1/accounts/verify': [401, error('signature-key-mismatch')],
      },
      /directory verify \+15550100 \(with the code sent in the last minute\): 401/,
    ],
    [
      'no code in the sink',
      {
        '/v1/records': [404, error('no-account')],
        '/v1/accounts': [202, {}],
        '/v1/sms': [200, { messages: [] }],
      },
      /no SMS code for \+15550100 in the sink/,
    ],
  ])('%s: a clear error', async (_name, answers, message) => {
    await expect(run(answers)).rejects.toThrow(message);
    if (answers['/v1/accounts'] === undefined)
      expect(seen.map((s) => s.path)).toEqual(['/v1/records']);
  });
});
