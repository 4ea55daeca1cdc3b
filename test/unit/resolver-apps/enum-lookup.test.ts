import { describe, expect, it } from 'vitest';
import { lookupEnum } from '../../../main/resolver/enum/enum-lookup';
import { FakeResolver, naptr } from './fake-resolver';

const RFC6116 = '3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa';

describe('ENUM lookup (RFC 6116) against a fake resolver', () => {
  it('RFC 6116 §4 example: E2U+sip wins, in order/preference order', async () => {
    const dns = new FakeResolver().set(RFC6116, 'NAPTR', [
      naptr(100, 52, 'u', 'E2U+email:mailto', '!^.*$!mailto:info@example.com!'),
      naptr(100, 51, 'u', 'E2U+h323', '!^\\+441632960083$!h323:operator@example.com!'),
      naptr(100, 50, 'u', 'E2U+sip', '!^(\\+441632960083)$!sip:\\1@example.com!'),
    ]);
    const result = await lookupEnum(dns, '+44 1632 960083');
    expect(result.e164).toBe('+441632960083');
    expect(result.domain).toBe(`${RFC6116}.`);
    expect(result.status).toBe('secure');
    expect(result.uris.map((u) => u.uri)).toEqual(['sip:+441632960083@example.com']);
    expect(result.uris[0]?.service).toBe('E2U+sip');
  });

  it('several sip rules in one ORDER come back by preference; a higher ORDER is not used', async () => {
    const dns = new FakeResolver().set('0.0.1.0.5.5.5.1.e164.arpa', 'NAPTR', [
      naptr(20, 1, 'u', 'E2U+sip', '!^.*$!sip:late@x.example!'),
      naptr(10, 20, 'U', 'e2u+SIP', '!^.*$!sip:second@x.example!'),
      naptr(10, 10, 'u', 'E2U+sip', '!^.*$!sips:first@x.example!'),
    ]);
    const result = await lookupEnum(dns, '+15550100');
    expect(result.uris.map((u) => u.uri)).toEqual(['sips:first@x.example', 'sip:second@x.example']);
  });

  it('sip-family subtypes and compound services match; other services, P- and garbage do not', async () => {
    const dns = new FakeResolver().set('0.0.1.0.5.5.5.1.e164.arpa', 'NAPTR', [
      naptr(10, 1, 'u', 'E2U+voice:tel', '!^.*$!tel:+15550100!'),
      naptr(10, 2, 'u', 'E2U+P-sip', '!^.*$!sip:private@x.example!'),
      naptr(10, 3, 'u', 'sip', '!^.*$!sip:noe2u@x.example!'),
      naptr(10, 4, 'u', 'E2U+sip', '!^.*$!http://not-sip.example/!'),
      naptr(10, 5, 'u', 'E2U+sip:x-custom', '!^.*$!sip:subtype@x.example!'),
      naptr(10, 6, 'u', 'E2U+voice:tel+sip', '!^.*$!sip:compound@x.example!'),
      naptr(10, 7, 'u', 'sip+E2U', '!^.*$!sip:rfc2916@x.example!'),
    ]);
    const result = await lookupEnum(dns, '+15550100');
    expect(result.uris.map((u) => u.uri)).toEqual([
      'sip:subtype@x.example',
      'sip:compound@x.example',
      'sip:rfc2916@x.example',
    ]);
  });

  it('unknown flags are skipped, whatever their order', async () => {
    const dns = new FakeResolver().set('0.0.1.0.5.5.5.1.e164.arpa', 'NAPTR', [
      naptr(1, 1, 'z', 'E2U+sip', '!^.*$!sip:unknown-flag@x.example!'),
      naptr(1, 2, 's', 'E2U+sip', '!^.*$!sip:s-flag@x.example!'),
      naptr(5, 1, 'u', 'E2U+sip', '!^.*$!sip:ok@x.example!'),
    ]);
    expect((await lookupEnum(dns, '+15550100')).uris.map((u) => u.uri)).toEqual([
      'sip:ok@x.example',
    ]);
  });

  it('a non-terminal rule (empty flags) continues at its replacement; status is the worst used', async () => {
    const dns = new FakeResolver()
      .set('0.0.1.0.5.5.5.1.e164.arpa', 'NAPTR', [naptr(10, 10, '', '', '', 'enum.pbx.example')])
      .set(
        'enum.pbx.example',
        'NAPTR',
        [naptr(100, 10, 'u', 'E2U+sip', '!^\\+1555(.*)$!sip:\\1@pbx.example!')],
        'insecure',
      );
    const result = await lookupEnum(dns, '+15550100');
    expect(result.uris).toEqual([
      {
        uri: 'sip:0100@pbx.example',
        service: 'E2U+sip',
        order: 100,
        preference: 10,
        status: 'insecure',
        path: ['0.0.1.0.5.5.5.1.e164.arpa', 'enum.pbx.example'],
      },
    ]);
    expect(result.status).toBe('insecure');
  });

  it('a bogus hop is discarded and processing goes on with the next NAPTR (RFC 6116 §5.2.1)', async () => {
    const dns = new FakeResolver()
      .set('0.0.1.0.5.5.5.1.e164.arpa', 'NAPTR', [
        naptr(10, 10, '', '', '', 'evil.example'),
        naptr(10, 20, 'u', 'E2U+sip', '!^.*$!sip:fallback@x.example!'),
      ])
      .set(
        'evil.example',
        'NAPTR',
        [naptr(1, 1, 'u', 'E2U+sip', '!^.*$!sip:evil@x.example!')],
        'bogus',
      );
    const result = await lookupEnum(dns, '+15550100');
    expect(result.uris.map((u) => u.uri)).toEqual(['sip:fallback@x.example']);
    expect(result.status).toBe('secure');
    expect(result.steps.find((s) => s.name === 'evil.example')?.discarded).toMatch(/bogus/);
  });

  it('a bogus first answer gives no URI and status bogus', async () => {
    const dns = new FakeResolver().set(
      '0.0.1.0.5.5.5.1.e164.arpa',
      'NAPTR',
      [naptr(1, 1, 'u', 'E2U+sip', '!^.*$!sip:evil@x.example!')],
      'bogus',
    );
    const result = await lookupEnum(dns, '+15550100');
    expect(result.uris).toEqual([]);
    expect(result.status).toBe('bogus');
    expect(result.reason).toMatch(/bogus/);
  });

  it('indeterminate is not used either', async () => {
    const dns = new FakeResolver().set(
      '0.0.1.0.5.5.5.1.e164.arpa',
      'NAPTR',
      [],
      'indeterminate',
      'SERVFAIL',
    );
    const result = await lookupEnum(dns, '+15550100');
    expect(result.status).toBe('indeterminate');
  });

  it('loops are detected and the chain is bounded', async () => {
    const dns = new FakeResolver()
      .set('0.0.1.0.5.5.5.1.e164.arpa', 'NAPTR', [naptr(1, 1, '', '', '', 'a.example')])
      .set('a.example', 'NAPTR', [naptr(1, 1, '', '', '', 'b.example')])
      .set('b.example', 'NAPTR', [naptr(1, 1, '', '', '', 'a.example')]);
    const result = await lookupEnum(dns, '+15550100');
    expect(result.uris).toEqual([]);
    expect(dns.queries).toHaveLength(3);

    const chain = new FakeResolver().set('0.0.1.0.5.5.5.1.e164.arpa', 'NAPTR', [
      naptr(1, 1, '', '', '', 'h1.example'),
    ]);
    for (let i = 1; i <= 10; i += 1)
      chain.set(`h${i}.example`, 'NAPTR', [naptr(1, 1, '', '', '', `h${i + 1}.example`)]);
    await lookupEnum(chain, '+15550100');
    expect(chain.queries).toHaveLength(6); // the first key and five non-terminal hops
  });

  it('a non-terminal with empty replacement is discarded', async () => {
    const dns = new FakeResolver().set('0.0.1.0.5.5.5.1.e164.arpa', 'NAPTR', [
      naptr(1, 1, '', '', '', '.'),
      naptr(2, 1, 'u', 'E2U+sip', '!^.*$!sip:ok@x.example!'),
    ]);
    expect((await lookupEnum(dns, '+15550100')).uris.map((u) => u.uri)).toEqual([
      'sip:ok@x.example',
    ]);
  });

  it('NXDOMAIN: no URI, the status of the denial', async () => {
    const result = await lookupEnum(new FakeResolver(), '+15550100', {
      suffix: 'e164.yakker.test',
    });
    expect(result.domain).toBe('0.0.1.0.5.5.5.1.e164.yakker.test.');
    expect(result.uris).toEqual([]);
    expect(result.status).toBe('secure');
    expect(result.reason).toMatch(/does not exist/);
  });

  it('malformed NAPTR RDATA is skipped', async () => {
    const dns = new FakeResolver().set('0.0.1.0.5.5.5.1.e164.arpa', 'NAPTR', [
      { rdata: Uint8Array.from([0, 1, 0]) },
      naptr(2, 1, 'u', 'E2U+sip', '!^.*$!sip:ok@x.example!'),
    ]);
    expect((await lookupEnum(dns, '+15550100')).uris.map((u) => u.uri)).toEqual([
      'sip:ok@x.example',
    ]);
  });

  it('national input with a default country', async () => {
    const dns = new FakeResolver().set('8.4.1.0.6.4.9.7.0.2.4.4.e164.arpa', 'NAPTR', [
      naptr(10, 100, 'u', 'E2U+sip', '!^.*$!sip:info@example.com!'),
    ]);
    const result = await lookupEnum(dns, '020 7946 0148', { defaultCountry: 'GB' });
    expect(result.uris[0]?.uri).toBe('sip:info@example.com');
  });
});
