/**
 * The devnet directory service (docs/devnet.md "Directory service"), on a real devnet started by
 * `yakker devnet up` in a temporary state folder: the account lifecycle through the API (SMS code
 * from the sink, RFC 9421 signed verify, publish, revoke) checked in DNS by our validating
 * resolver and by delv; the private lookup's DNSSEC chain validated by our resolver from the
 * trust anchor (and bogus once tampered); the authority's provider list as a JWS; `down` stops
 * the directory with the rest; `seed` registers alice and bob through the API. Bad input:
 * devnet-directory-refusals.test.ts.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactVerify, generateKeyPair, importJWK, CompactSign } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevnetProfile } from '../../devnet/src/index';
import { lookupCertificates } from '../../main/resolver/cert/cert-lookup';
import { createResolver } from '../../main/resolver/create-resolver';
import { lookupEnum } from '../../main/resolver/enum/enum-lookup';
import { chainTransport } from '../support/chain-transport';
import type { DirectoryClient } from '../support/directory-client';
import { delv } from '../support/dns-hierarchy';
import {
  dbSnapshot,
  dnsView,
  makeIdentity,
  smsCode as sinkCode,
  startDirectoryDevnet,
  yakker,
  type DirectoryDevnet,
  type TestIdentity,
} from '../support/devnet-directory';

let devnet: DirectoryDevnet;
let profile: DevnetProfile;
let api: DirectoryClient;
let stateDir: string;
let idDir: string;

beforeAll(async () => {
  devnet = await startDirectoryDevnet('devnet-directory');
  ({ profile, api, stateDir, idDir } = devnet);
});

afterAll(async () => {
  await devnet.stop();
});

const smsCode = (number: string): Promise<string> => sinkCode(api, number);

describe('devnet directory: account lifecycle', () => {
  let carol: TestIdentity;
  let carolPhone: TestIdentity;

  it('devnet.json names the directory and the authority key; status shows it', async () => {
    expect(profile.directoryUrl).toMatch(/^https:\/\/127\.0\.0\.1:[0-9]+$/);
    expect(profile.authority?.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(profile.authority?.publicJwk).not.toHaveProperty('d');
    const status = await yakker(['devnet', 'status', '--state', stateDir]);
    expect(status.stdout).toContain(`directory API  ${profile.directoryUrl ?? ''}`);
    expect((await api.get('/v1/health')).json).toEqual({ ok: true });
  });

  it('create sends a 6-digit code to the SMS sink (JSON and the simulated phone page)', async () => {
    carol = await makeIdentity(idDir, 'carol', '+15550123');
    carolPhone = await makeIdentity(idDir, 'carol-phone', '+15550123');
    const created = await api.post('/v1/accounts', {
      number: carol.number,
      certificate: carol.certPem,
    });
    expect(created.status, created.text).toBe(202);
    expect(created.json).toMatchObject({ number: '+15550123', status: 'code-sent' });
    const code = await smsCode(carol.number);
    expect(code).toMatch(/^[0-9]{6}$/);
    const page = await api.get(`/sms?number=${encodeURIComponent(carol.number)}`);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Simulated phone');
    expect(page.text).toContain(`Your Yakker code is ${code}`);
    // Not published before the code and the key are proven.
    const before = await dnsView(profile, carol.number);
    expect(before).toMatchObject({ enumStatus: 'secure', uris: [], certs: [] });
  });

  it('a signed verify publishes NAPTR and SMIMEA: our resolver and delv validate them', async () => {
    const code = await smsCode(carol.number);
    const target = 'sip:+15550123@a.provider.test';
    const reply = await api.post(
      '/v1/accounts/verify',
      { number: carol.number, code, target },
      carol,
    );
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({ number: carol.number, status: 'active', target });
    const view = await dnsView(profile, carol.number);
    expect(view).toEqual({
      enumStatus: 'secure',
      uris: [target],
      certStatus: 'secure',
      certs: [carol.certBase64],
    });
    const owner = '3.2.1.0.5.5.5.1.e164.yakker.test';
    const naptr = await delv(profile.dns, profile.dns.delvAnchorFile, owner, 'NAPTR');
    expect(naptr.status, naptr.output).toBe('secure');
    expect(naptr.answers.join('\n')).toContain('!^.*$!sip:+15550123@a.provider.test!');
    const smimea = await delv(
      profile.dns,
      profile.dns.delvAnchorFile,
      `_smimecert.${owner}`,
      'SMIMEA',
    );
    expect(smimea.status, smimea.output).toBe('secure');
    expect(smimea.answers.join('').replace(/\s/g, '').toLowerCase()).toContain(
      carol.certDer.toString('hex').slice(0, 200),
    );
    expect(dbSnapshot(profile).challenges).toEqual([]);
  });

  it('the private lookup returns a chain our resolver validates from the trust anchor', async () => {
    const reply = await api.post('/v1/lookup', { number: carol.number });
    expect(reply.status, reply.text).toBe(200);
    const { messages } = reply.json as { messages: string[] };
    const resolver = createResolver({
      transport: chainTransport(messages),
      trustAnchorFiles: [profile.dns.trustAnchorFile],
      cache: false,
    });
    const suffix = profile.directory.suffix;
    const found = await lookupEnum(resolver, carol.number, { suffix });
    expect(found.status, found.reason).toBe('secure');
    expect(found.uris.map((u) => u.uri)).toEqual(['sip:+15550123@a.provider.test']);
    const certs = await lookupCertificates(resolver, `tel:${carol.number}`, { suffix });
    expect(certs.status, certs.reason).toBe('secure');
    expect(certs.certificates.map((c) => Buffer.from(c.der).equals(carol.certDer))).toEqual([true]);
  });

  it('a tampered chain is bogus; another trust anchor makes it bogus too', async () => {
    const { messages, names } = (await api.post('/v1/lookup', { number: carol.number })).json as {
      messages: string[];
      names: { naptr: string };
    };
    // Change one letter of the NAPTR target inside the NAPTR answer.
    const tampered = messages.map((b64) => {
      const msg = Buffer.from(b64, 'base64');
      const at = msg.indexOf('a.provider.test!');
      if (at < 0) return b64;
      msg[at] = 'b'.charCodeAt(0);
      return msg.toString('base64');
    });
    expect(tampered).not.toEqual(messages);
    const resolver = createResolver({
      transport: chainTransport(tampered),
      trustAnchorFiles: [profile.dns.trustAnchorFile],
      cache: false,
    });
    const answer = await resolver.resolve(names.naptr, 'NAPTR');
    expect(answer.status, answer.reason).toBe('bogus');
    const enumResult = await lookupEnum(resolver, carol.number, {
      suffix: profile.directory.suffix,
    });
    expect(enumResult.uris).toEqual([]);
    // The untampered chain against a trust anchor that is not the devnet's: not secure.
    const otherAnchor = createResolver({ transport: chainTransport(messages), cache: false });
    expect((await otherAnchor.resolve(names.naptr, 'NAPTR')).status).not.toBe('secure');
  });

  // Two certificates make an SMIMEA answer that fits a UDP reply unsigned but not signed; Knot's
  // online signing answered that with SERVFAIL until the zone went TCP-only (docs/devnet.md).
  it('publish (signed) moves the target and adds a certificate', async () => {
    const target = 'sip:+15550123@b.provider.test';
    const reply = await api.post(
      '/v1/records',
      { number: carol.number, target, certificates: [carolPhone.certBase64] },
      carol,
    );
    expect(reply.status, reply.text).toBe(200);
    const view = await dnsView(profile, carol.number);
    expect(view.uris).toEqual([target]);
    expect(view.certStatus, JSON.stringify(view)).toBe('secure');
    expect([...view.certs].sort()).toEqual([carol.certBase64, carolPhone.certBase64].sort());
  });

  it('revoke (signed) removes the records: secure denial in DNS and in the chain', async () => {
    const reply = await api.post('/v1/accounts/revoke', { number: carol.number }, carol);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({ status: 'revoked', records: [] });
    expect(await dnsView(profile, carol.number)).toEqual({
      enumStatus: 'secure',
      uris: [],
      certStatus: 'secure',
      certs: [],
    });
    const naptr = await delv(
      profile.dns,
      profile.dns.delvAnchorFile,
      '3.2.1.0.5.5.5.1.e164.yakker.test',
      'NAPTR',
    );
    expect(naptr.status, naptr.output).toBe('secure');
    // Knot signs the directory zone online with minimal NSEC ("black lies", docs/devnet.md): a
    // name that does not exist is answered NOERROR with an NSEC that lists no types but NSEC and
    // RRSIG, so that NSEC walking learns nothing. It is a validated denial either way.
    expect(['NXDOMAIN', 'NODATA', 'NOERROR']).toContain(naptr.rcode);
    const { messages } = (await api.post('/v1/lookup', { number: carol.number })).json as {
      messages: string[];
    };
    const resolver = createResolver({
      transport: chainTransport(messages),
      trustAnchorFiles: [profile.dns.trustAnchorFile],
      cache: false,
    });
    const gone = await lookupEnum(resolver, carol.number, { suffix: profile.directory.suffix });
    expect(gone.status, gone.reason).toBe('secure');
    expect(gone.uris).toEqual([]);
    const row = dbSnapshot(profile).accounts.find(
      (a) => (a as { number: string }).number === carol.number,
    );
    expect(row).toMatchObject({ status: 'revoked' });
  });
});

describe('devnet directory: the authority provider list', () => {
  it('is a JWS that verifies with the key pinned in devnet.json', async () => {
    const reply = await api.get('/v1/providers');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/jose');
    const key = await importJWK(profile.authority?.publicJwk ?? {}, 'ES256');
    const { payload, protectedHeader } = await compactVerify(reply.text, key);
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: profile.authority?.keyId });
    const list = JSON.parse(new TextDecoder().decode(payload)) as {
      iss: string;
      providers: { name: string; domain: string }[];
    };
    expect(list.iss).toBe('yakker-devnet-authority');
    expect(list.providers.map((p) => [p.name, p.domain])).toEqual([
      ['a', 'a.provider.test'],
      ['b', 'b.provider.test'],
    ]);
  });

  it('refuses a tampered list and one signed by another key', async () => {
    const jws = (await api.get('/v1/providers')).text;
    const key = await importJWK(profile.authority?.publicJwk ?? {}, 'ES256');
    const [head, body, sig] = jws.split('.');
    const forged = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as {
      providers: { domain: string }[];
    };
    forged.providers.push({ domain: 'evil.example' });
    const tampered = `${head ?? ''}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${sig ?? ''}`;
    await expect(compactVerify(tampered, key)).rejects.toThrow(/signature verification failed/);
    const other = await generateKeyPair('ES256');
    const impostor = await new CompactSign(Buffer.from(body ?? '', 'base64url'))
      .setProtectedHeader({ alg: 'ES256', kid: profile.authority?.keyId ?? '' })
      .sign(other.privateKey);
    await expect(compactVerify(impostor, key)).rejects.toThrow(/signature verification failed/);
  });
});

describe('devnet directory: seed goes through the API', () => {
  // The second seed re-publishes the same records (a no-op for Knot, which keeps the serial)
  // with a signed publish; it used to take that for a failure and ask for a new code.
  it('registers alice and bob as accounts (SMS code, signed verify); a second seed publishes again', async () => {
    for (let round = 0; round < 2; round++) {
      const seed = await yakker(['--json', 'devnet', 'seed', '--state', stateDir]);
      expect(seed.status, `${seed.stderr}\n${seed.stdout}`).toBe(0);
    }
    const accounts = dbSnapshot(profile).accounts as { number: string; status: string }[];
    expect(accounts.filter((a) => a.number === '+15550100' || a.number === '+15550101')).toEqual([
      expect.objectContaining({ number: '+15550100', status: 'active' }),
      expect.objectContaining({ number: '+15550101', status: 'active' }),
    ]);
    // One code each: the second seed was a signed publish, not a new registration.
    const texts = dbSnapshot(profile).sms as { number: string }[];
    expect(texts.filter((t) => t.number === '+15550100')).toHaveLength(1);
    const alice = await dnsView(profile, '+15550100');
    expect(alice).toMatchObject({ enumStatus: 'secure', uris: ['sip:+15550100@a.provider.test'] });
    const aliceCert = readFileSync(join(stateDir, 'demo-users', 'alice.cert.pem'), 'utf8');
    expect(alice.certs).toEqual([new X509Certificate(aliceCert).raw.toString('base64')]);
  });
});

describe('devnet directory: down', () => {
  it('stops the directory with the supervisor: its port no longer answers', async () => {
    const down = await devnet.stop();
    expect(down.status, down.stderr).toBe(0);
    expect(down.stdout).toContain('supervisor');
    await expect(api.get('/v1/health')).rejects.toThrow(/ECONNREFUSED/);
  });
});
