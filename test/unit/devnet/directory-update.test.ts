/**
 * The pure parts of the devnet's directory publishing: which record lines pass, the knsupdate
 * script they become (one UPDATE: deletes first, then adds), and knot.conf for an online zone.
 * The real server's behaviour is in test/integration/devnet-dns-updates.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  checkDirectoryRecord,
  MAX_WIRE_BYTES_PER_NAME,
  recordWireBytes,
  relativeOwner,
  updateScript,
} from '../../../devnet/src/dns/directory-update';
import { knotConfig } from '../../../devnet/src/dns/knot-config';

const ZONE = 'e164.yakker.test.';
const NAPTR = '0.0.1.0.5.5.5.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:+15550100@a.provider.test!" .';

describe('directory record lines', () => {
  it('accepts relative and absolute owners below the zone, with optional TTL and class', () => {
    expect(checkDirectoryRecord(NAPTR, ZONE)).toBe('0.0.1.0.5.5.5.1');
    expect(checkDirectoryRecord('_smimecert.0.0.1.0.5.5.5.1 300 IN SMIMEA 3 0 0 30', ZONE)).toBe(
      '_smimecert.0.0.1.0.5.5.5.1',
    );
    expect(relativeOwner('0.0.1.0.5.5.5.1.E164.Yakker.Test.', ZONE)).toBe('0.0.1.0.5.5.5.1');
  });

  it.each([
    ['@ NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:x@y!" .', /bad record owner/],
    ['e164.yakker.test. NAPTR 1 1 "u" "E2U+sip" "!x!y!" .', /not below the directory zone/],
    ['0.example.org. NAPTR 1 1 "u" "E2U+sip" "!x!y!" .', /not below the directory zone/],
    ['a..b NAPTR 1 1 "u" "E2U+sip" "!x!y!" .', /bad record owner/],
    ['0 A 127.0.0.1', /record type A is not published/],
    ['0 SOA ns.test. h.test. 1 2 3 4 5', /record type SOA is not published/],
    ['0 NAPTR', /not a record/],
    [`${NAPTR}\nsend`, /control characters/],
    [`${NAPTR}\u0000`, /control characters/],
  ])('refuses %j', (line, error) => {
    expect(() => checkDirectoryRecord(line, ZONE)).toThrow(error);
  });
});

describe('the update script', () => {
  it('deletes each name once, then adds, in one send', () => {
    const script = updateScript(
      { host: '127.0.0.1', port: 5300, zone: ZONE, tsigKeyFile: '/k' },
      { deleteNames: ['0.0.1.0.5.5.5.1', '0.0.1.0.5.5.5.1'], add: [NAPTR] },
    );
    expect(script.split('\n')).toEqual([
      'server 127.0.0.1 5300',
      `zone ${ZONE}`,
      `origin ${ZONE}`,
      'ttl 300',
      'update delete 0.0.1.0.5.5.5.1',
      `update add ${NAPTR}`,
      'send',
      '',
    ]);
  });

  it('refuses a change with a bad line before writing any script', () => {
    expect(() =>
      updateScript(
        { host: '127.0.0.1', port: 5300, zone: ZONE, tsigKeyFile: null },
        { deleteNames: [], add: [NAPTR, '0 TXT "a"\nupdate delete 1'] },
      ),
    ).toThrow(/control characters/);
  });
});

describe('the size of what one name holds', () => {
  const server = { host: '127.0.0.1', port: 5300, zone: ZONE, tsigKeyFile: null };
  const smimea = (bytes: number): string =>
    `_smimecert.0.0.1.0.5.5.5.1 SMIMEA 3 0 0 ${'ab'.repeat(bytes)}`;

  it('counts SMIMEA hex as bytes on the wire', () => {
    expect(recordWireBytes(smimea(500))).toBe(12 + 3 + 500);
    expect(recordWireBytes('_openpgpkey.0 OPENPGPKEY AAAA')).toBe(12 + 3);
  });

  it("accepts the directory's largest set: five certificates of 6 KB", () => {
    const add = Array.from({ length: 5 }, () => smimea(6000));
    expect(updateScript(server, { deleteNames: [], add })).toContain('send');
  });

  it('refuses a set that no signed answer could carry, before writing any script', () => {
    const add = Array.from({ length: 11 }, () => smimea(6000));
    expect(11 * 6015).toBeGreaterThan(MAX_WIRE_BYTES_PER_NAME);
    expect(() => updateScript(server, { deleteNames: [], add })).toThrow(
      /the records at _smimecert\.0\.0\.1\.0\.5\.5\.5\.1 would take about 66165 bytes/,
    );
    // The same bytes spread over two names are fine: the limit is per name.
    const spread = add.map((line, i) => (i < 6 ? line : line.replace('.0.0.1.', '.1.0.1.')));
    expect(updateScript(server, { deleteNames: [], add: spread })).toContain('send');
  });
});

describe('knot.conf', () => {
  const tsig = { name: 'k', algorithm: 'hmac-sha256' as const, secret: 'c2VjcmV0' };
  const zones = [
    { origin: '.', file: '/s/root.zone.signed' },
    { origin: ZONE, file: '/s/e164.zone', online: true },
  ];

  it('listens on loopback only; only the online zone is signed and updatable (with the key)', () => {
    const conf = knotConfig({ dir: '/s/knot', zones, tsig }, 5300);
    expect(conf).toContain('  listen: 127.0.0.1@5300');
    expect(conf).not.toMatch(/0\.0\.0\.0|::/);
    expect(conf).toContain('  - id: online\n    policy: online');
    const [root, online] = conf.split('  - domain: ').slice(1);
    expect(root).not.toMatch(/acl|module/);
    expect(online).toContain('acl: directory-update');
    expect(online).toContain('module: [mod-noudp, mod-onlinesign/online]');
    expect(conf).toMatch(/key: k\n {4}action: \[update, transfer\]/);
  });

  it('listens on ::1 too, same port, when asked; still no wildcard address', () => {
    const conf = knotConfig({ dir: '/s/knot', zones, tsig, ipv6: true }, 5300);
    expect(conf).toContain('  listen: [ 127.0.0.1@5300, ::1@5300 ]');
    expect(conf).not.toMatch(/0\.0\.0\.0|[^:]::[^1]|::@/);
  });

  it('refuses paths that would break the file', () => {
    expect(() => knotConfig({ dir: '/s/"x', zones, tsig }, 5300)).toThrow(/unusable in knot.conf/);
  });
});
