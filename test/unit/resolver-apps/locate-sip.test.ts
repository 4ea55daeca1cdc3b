import { describe, expect, it } from 'vitest';
import { locateSip } from '../../../main/resolver/locate/locate-sip';
import { parseSipUri } from '../../../main/resolver/locate/sip-uri';
import { FakeResolver, a, aaaa, association, naptr, sequence, srv } from './fake-resolver';

const first = sequence(0);

function provider(): FakeResolver {
  return new FakeResolver()
    .set('example.com', 'NAPTR', [
      naptr(50, 50, 's', 'SIPS+D2T', '', '_sips._tcp.example.com'),
      naptr(90, 50, 's', 'SIP+D2T', '', '_sip._tcp.example.com'),
      naptr(100, 50, 's', 'SIP+D2U', '', '_sip._udp.example.com'),
      naptr(60, 50, 's', 'SIPS+D2W', '', '_sips._ws.example.com'),
    ])
    .set('_sips._tcp.example.com', 'SRV', [
      srv(0, 1, 5061, 'server1.example.com'),
      srv(0, 2, 5061, 'server2.example.com'),
    ])
    .set('_sip._tcp.example.com', 'SRV', [srv(0, 0, 5060, 'server1.example.com')])
    .set('_sips._ws.example.com', 'SRV', [srv(0, 0, 8443, 'ws.example.com')])
    .set('server1.example.com', 'A', [a('192.0.2.1')])
    .set('server1.example.com', 'AAAA', [aaaa('20010db8000000000000000000000001')])
    .set('server2.example.com', 'A', [a('192.0.2.2')])
    .set('ws.example.com', 'A', [a('192.0.2.3')])
    .set('_5061._tcp.server1.example.com', 'TLSA', [
      association(3, 1, 1, new Uint8Array(32).fill(0xab)),
    ]);
}

describe('SIP URI parsing', () => {
  it('parses user, host, port and parameters', () => {
    expect(
      parseSipUri('sips:+15550100@Example.COM:5071;transport=TCP;maddr=10.0.0.1?subject=x'),
    ).toEqual({
      scheme: 'sips',
      user: '+15550100',
      host: 'example.com',
      port: 5071,
      params: { transport: 'TCP', maddr: '10.0.0.1' },
    });
    expect(parseSipUri('<sip:[2001:db8::1]:5060>').host).toBe('2001:db8::1');
    expect(parseSipUri('sip:al%69ce:secret@example.org').user).toBe('alice');
  });

  it.each([
    'http://example.com',
    'sip:',
    'sip:a@b@',
    'sip:x@[::1',
    'sip:x@host:99999',
    'sip:x@bad_host!',
  ])('rejects %s', (uri) => {
    expect(() => parseSipUri(uri)).toThrow();
  });
});

describe('RFC 3263 server location against a fake resolver', () => {
  it('RFC 3263 §4.1 example: NAPTR order gives TLS, then WSS, then TCP; UDP is never used', async () => {
    const result = await locateSip(provider(), 'sip:user@example.com', { random: first });
    expect(result.status).toBe('secure');
    expect(result.targets.map((t) => `${t.transport} ${t.host}:${t.port}`)).toEqual([
      'tls server1.example.com:5061',
      'tls server2.example.com:5061',
      'wss ws.example.com:8443',
      'tcp server1.example.com:5060',
    ]);
    expect(result.targets[0]?.addresses).toEqual(['192.0.2.1', '2001:db8::1']);
    expect(result.targets[0]?.tlsa?.usable).toBe(true);
    expect(result.targets[0]?.tlsa?.owner).toBe('_5061._tcp.server1.example.com');
    expect(result.targets[0]?.tlsa?.records[0]).toEqual({
      usage: 3,
      selector: 1,
      matchingType: 1,
      data: 'ab'.repeat(32),
    });
    expect(result.targets[1]?.tlsa?.usable).toBe(false);
    expect(result.targets[3]?.tlsa).toBeNull();
  });

  it('the SRV weighted choice is driven by the random source', async () => {
    const result = await locateSip(provider(), 'sip:user@example.com', {
      random: sequence(0.9, 0),
    });
    expect(result.targets[0]?.host).toBe('server2.example.com');
  });

  it('sips: keeps only SIPS services', async () => {
    const result = await locateSip(provider(), 'sips:user@example.com', { random: first });
    expect([...new Set(result.targets.map((t) => t.transport))]).toEqual(['tls', 'wss']);
  });

  it('numeric host: no DNS at all; TCP for sip:, TLS for sips:', async () => {
    const dns = new FakeResolver();
    const sip = await locateSip(dns, 'sip:alice@192.0.2.7');
    expect(sip.targets).toEqual([
      expect.objectContaining({ transport: 'tcp', host: '192.0.2.7', port: 5060, via: 'numeric' }),
    ]);
    const sips = await locateSip(dns, 'sips:alice@[2001:db8::7]:7000');
    expect(sips.targets[0]).toMatchObject({ transport: 'tls', host: '2001:db8::7', port: 7000 });
    expect(dns.queries).toEqual([]);
  });

  it('explicit port: address records only, TLSA at that port', async () => {
    const dns = provider();
    const result = await locateSip(dns, 'sips:user@server1.example.com:5061');
    expect(dns.queries.some((q) => q.endsWith('NAPTR') || q.endsWith('SRV'))).toBe(false);
    expect(result.targets[0]).toMatchObject({ transport: 'tls', port: 5061, via: 'explicit-port' });
    expect(result.targets[0]?.tlsa?.usable).toBe(true);
  });

  it('transport parameter: SRV for that transport only', async () => {
    const result = await locateSip(provider(), 'sip:user@example.com;transport=tcp', {
      random: first,
    });
    expect(result.targets.map((t) => `${t.transport} ${t.host}:${t.port}`)).toEqual([
      'tcp server1.example.com:5060',
    ]);
    const udp = await locateSip(provider(), 'sip:user@example.com;transport=udp');
    expect(udp.targets).toEqual([]);
    expect(udp.reason).toMatch(/not supported/);
  });

  it('no NAPTR: SRV for each supported transport; no SRV: address records', async () => {
    const dns = new FakeResolver()
      .set('_sip._tcp.plain.example', 'SRV', [srv(0, 0, 5080, 'pbx.plain.example')])
      .set('pbx.plain.example', 'A', [a('192.0.2.9')]);
    const result = await locateSip(dns, 'sip:bob@plain.example');
    expect(result.targets.map((t) => `${t.transport} ${t.host}:${t.port} ${t.via}`)).toEqual([
      'tcp pbx.plain.example:5080 srv',
    ]);
    const bare = new FakeResolver().set('host.example', 'A', [a('192.0.2.10')]);
    const direct = await locateSip(bare, 'sips:bob@host.example');
    expect(direct.targets[0]).toMatchObject({ transport: 'tls', port: 5061, via: 'address' });
  });

  it('a bogus NAPTR stops everything: no fallback to SRV', async () => {
    const dns = provider().set(
      'example.com',
      'NAPTR',
      [naptr(1, 1, 's', 'SIPS+D2T', '', '_sips._tcp.example.com')],
      'bogus',
    );
    const result = await locateSip(dns, 'sip:user@example.com');
    expect(result.targets).toEqual([]);
    expect(result.status).toBe('bogus');
    expect(dns.queries).toEqual(['example.com NAPTR']);
  });

  it('RFC 7673: an insecure SRV means no TLSA lookup; a bogus address skips the target', async () => {
    const dns = provider()
      .set(
        '_sips._tcp.example.com',
        'SRV',
        [srv(0, 1, 5061, 'server1.example.com'), srv(1, 1, 5061, 'server2.example.com')],
        'insecure',
      )
      .set('server2.example.com', 'A', [a('192.0.2.2')], 'bogus');
    const result = await locateSip(dns, 'sips:user@example.com', { random: first });
    expect(result.targets[0]).toMatchObject({
      host: 'server1.example.com',
      tlsa: null,
      status: 'insecure',
    });
    expect(result.targets[0]?.tlsaNote).toMatch(/RFC 7673/);
    expect(dns.queries).not.toContain('_5061._tcp.server1.example.com TLSA');
    expect(result.skipped).toEqual([
      expect.objectContaining({ host: 'server2.example.com', status: 'bogus' }),
    ]);
  });

  it('a bogus TLSA answer removes the target (RFC 6698 §4.1: do not start TLS)', async () => {
    const dns = provider().set(
      '_5061._tcp.server1.example.com',
      'TLSA',
      [association(3, 1, 1, new Uint8Array(32))],
      'bogus',
    );
    const result = await locateSip(dns, 'sips:user@example.com', { random: first });
    expect(result.targets.map((t) => t.host)).not.toContain('server1.example.com');
    expect(result.skipped[0]).toMatchObject({ host: 'server1.example.com', status: 'bogus' });
  });

  it('SRV target "." means not available', async () => {
    const dns = new FakeResolver().set('_sips._tcp.none.example', 'SRV', [srv(0, 0, 0, '.')]);
    const result = await locateSip(dns, 'sips:x@none.example');
    expect(result.targets).toEqual([]);
    expect(dns.queries).not.toContain('none.example A');
  });
});
