import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupCertificates } from '../../main/resolver/cert/cert-lookup';
import { lookupEnum, type EnumResult } from '../../main/resolver/enum/enum-lookup';
import { locateSip, type LocateResult } from '../../main/resolver/locate/locate-sip';
import { delv, startHierarchy, type HierarchyFixture } from '../support/dns-hierarchy';

/**
 * ENUM, RFC 3263 location and certificate lookup through the real validating resolver on the
 * local hierarchy. Every answer a lookup used is also asked of delv, which must give the same
 * verdict.
 */
let fx: HierarchyFixture;

beforeAll(async () => {
  fx = await startHierarchy();
});

afterAll(async () => {
  await fx?.stop();
});

const SUFFIX = 'e164.yakker.test.';

async function expectDelvAgrees(steps: readonly { name: string; type: string; status: string }[]) {
  for (const step of steps) {
    const verdict = await delv(fx.nsd, fx.hierarchy.delvAnchorFile, step.name, step.type);
    expect(`${step.name} ${step.type} ${step.status}`, verdict.output).toBe(
      `${step.name} ${step.type} ${verdict.status}`,
    );
  }
}

const enumSteps = (r: EnumResult) => r.steps.map((s) => ({ ...s, type: 'NAPTR' }));
const locateSteps = (r: LocateResult) => r.steps;

describe('ENUM on the hierarchy', () => {
  it('a terminal rule: +15550100 -> sip:+15550100@provider.test, secure', async () => {
    const result = await lookupEnum(fx.resolver(), '+1 555 0100', { suffix: SUFFIX });
    expect(result.status).toBe('secure');
    expect(result.uris.map((u) => u.uri)).toEqual(['sip:+15550100@provider.test']);
    await expectDelvAgrees(enumSteps(result));
  });

  it('a non-terminal rule into another zone (alg 15 NSEC3 -> alg 8 NSEC)', async () => {
    const result = await lookupEnum(fx.resolver(), '+15550101', { suffix: SUFFIX });
    expect(result.uris.map((u) => u.uri)).toEqual(['sip:0101@provider.test']);
    expect(result.uris[0]?.path).toEqual(['1.0.1.0.5.5.5.1.e164.yakker.test', 'pbx.provider.test']);
    expect(result.status).toBe('secure');
    await expectDelvAgrees(enumSteps(result));
  });

  it('a wildcard NAPTR (NSEC3 wildcard proof)', async () => {
    const result = await lookupEnum(fx.resolver(), '+1 555 99 12', { suffix: SUFFIX });
    expect(result.uris.map((u) => u.uri)).toEqual(['sip:9912@provider.test']);
    expect(result.status).toBe('secure');
    await expectDelvAgrees(enumSteps(result));
  });

  it('a non-terminal into a bogus zone is discarded; the next rule answers, secure', async () => {
    const result = await lookupEnum(fx.resolver(), '+15550102', { suffix: SUFFIX });
    expect(result.uris.map((u) => u.uri)).toEqual(['sip:15550102@fallback.provider.test']);
    expect(result.status).toBe('secure');
    expect(result.steps.map((s) => `${s.name} ${s.status}`)).toEqual([
      '2.0.1.0.5.5.5.1.e164.yakker.test secure',
      'enum.tampered.yakker.test bogus',
    ]);
    await expectDelvAgrees(enumSteps(result));
  });

  it('a non-terminal into an unsigned zone makes the result insecure', async () => {
    const result = await lookupEnum(fx.resolver(), '+15550103', { suffix: SUFFIX });
    expect(result.uris.map((u) => u.uri)).toEqual(['sip:unsigned@provider.test']);
    expect(result.status).toBe('insecure');
    await expectDelvAgrees(enumSteps(result));
  });

  it('no entry: a secure NXDOMAIN', async () => {
    const result = await lookupEnum(fx.resolver(), '+15550199', { suffix: SUFFIX });
    expect(result.uris).toEqual([]);
    expect(result.status).toBe('secure');
    expect(result.steps[0]?.rcode).toBe('NXDOMAIN');
    await expectDelvAgrees(enumSteps(result));
  });

  it.each(['tampered', 'nosig', 'expired', 'future', 'wrongds'])(
    'NAPTR in the %s zone: bogus, no URI',
    async (zone) => {
      const result = await lookupEnum(fx.resolver(), '+15550104', {
        suffix: `${zone}.yakker.test`,
      });
      expect(result.uris).toEqual([]);
      expect(result.status).toBe('bogus');
      await expectDelvAgrees(enumSteps(result));
    },
  );
});

describe('RFC 3263 location on the hierarchy', () => {
  it('sips: NAPTR -> SRV (weighted, injected random) -> A/AAAA, TLSA secure and matching', async () => {
    const result = await locateSip(fx.resolver(), 'sips:alice@provider.test', { random: () => 0 });
    expect(result.status).toBe('secure');
    expect(
      result.targets.map((t) => `${t.transport} ${t.host}:${t.port} ${t.addresses.join(',')}`),
    ).toEqual([
      'tls sip1.provider.test:5061 127.0.0.1,::1',
      'tls sip2.provider.test:5061 127.0.0.2',
      'wss ws.provider.test:8443 127.0.0.1',
    ]);
    for (const target of result.targets) {
      expect(target.tlsa?.usable).toBe(true);
      expect(target.tlsa?.records.map((r) => r.data)).toEqual([
        fx.hierarchy.certs.server.spkiSha256,
      ]);
    }
    const other = await locateSip(fx.resolver(), 'sips:alice@provider.test', {
      random: () => 0.99,
    });
    expect(other.targets[0]?.host).toBe('sip2.provider.test');
    await expectDelvAgrees(locateSteps(result));
  });

  it('sip: adds TCP after TLS and WSS; UDP is never offered', async () => {
    const result = await locateSip(fx.resolver(), 'sip:alice@provider.test', { random: () => 0 });
    expect([...new Set(result.targets.map((t) => t.transport))]).toEqual(['tls', 'wss', 'tcp']);
    expect(result.targets.find((t) => t.transport === 'tcp')?.tlsa).toBeNull();
  });

  it('explicit port through a CNAME chain', async () => {
    const result = await locateSip(fx.resolver(), 'sip:bob@alias.yakker.test:5060');
    expect(result.targets).toEqual([
      expect.objectContaining({
        transport: 'tcp',
        host: 'alias.yakker.test',
        port: 5060,
        addresses: ['127.0.0.1', '::1'],
        status: 'secure',
      }),
    ]);
    await expectDelvAgrees(locateSteps(result));
  });

  it('an unsigned domain: insecure, no DANE', async () => {
    const result = await locateSip(fx.resolver(), 'sips:x@www.unsigned.yakker.test');
    expect(result.status).toBe('insecure');
    expect(result.targets[0]?.tlsa).toBeNull();
    await expectDelvAgrees(locateSteps(result));
  });

  it('a bogus NAPTR answer stops the lookup', async () => {
    const result = await locateSip(fx.resolver(), 'sip:x@expired.yakker.test');
    expect(result.status).toBe('bogus');
    expect(result.targets).toEqual([]);
    expect(result.steps).toHaveLength(1);
    await expectDelvAgrees(locateSteps(result));
  });

  it('a bogus address answer skips the target', async () => {
    const result = await locateSip(fx.resolver(), 'sip:x@www.tampered.yakker.test:5060');
    expect(result.targets).toEqual([]);
    expect(result.skipped[0]).toMatchObject({ host: 'www.tampered.yakker.test', status: 'bogus' });
    expect(result.status).toBe('bogus');
  });
});

describe('certificate lookup on the hierarchy', () => {
  it('E.164 identity: both published certificates, secure', async () => {
    const result = await lookupCertificates(fx.resolver(), 'tel:+15550100', { suffix: SUFFIX });
    expect(result.status).toBe('secure');
    expect(result.owner).toBe('_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test.');
    const published = result.certificates.map((c) => Buffer.from(c.der).toString('hex')).sort();
    expect(published).toEqual(fx.hierarchy.certs.tel.map((c) => c.der.toString('hex')).sort());
    await expectDelvAgrees([
      { name: result.owner.replace(/\.$/, ''), type: 'SMIMEA', status: result.status },
    ]);
  });

  it('SIP identity at the RFC 8162 name', async () => {
    const result = await lookupCertificates(fx.resolver(), 'sip:alice@provider.test');
    expect(result.status).toBe('secure');
    expect(result.certificates.map((c) => Buffer.from(c.der).toString('hex'))).toEqual([
      fx.hierarchy.certs.sip.der.toString('hex'),
    ]);
  });

  it('no certificate: secure denial', async () => {
    for (const id of ['+15550199', 'sip:nobody@provider.test']) {
      const result = await lookupCertificates(fx.resolver(), id, { suffix: SUFFIX });
      expect(result.certificates).toEqual([]);
      expect(result.status).toBe('secure');
      await expectDelvAgrees([
        { name: result.owner.replace(/\.$/, ''), type: 'SMIMEA', status: result.status },
      ]);
    }
  });

  it('a bogus zone gives no certificate', async () => {
    const result = await lookupCertificates(fx.resolver(), 'sip:alice@expired.yakker.test');
    expect(result.status).toBe('bogus');
    expect(result.certificates).toEqual([]);
    await expectDelvAgrees([
      { name: result.owner.replace(/\.$/, ''), type: 'SMIMEA', status: result.status },
    ]);
  });
});
