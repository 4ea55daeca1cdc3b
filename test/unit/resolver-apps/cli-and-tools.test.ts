import { describe, expect, it } from 'vitest';
import { parseServer } from '../../../main/cli/commands/lookup-options';
import { parseDelv } from '../../support/dns-hierarchy/delv';
import { requireTools } from '../../../devnet/src/dns/tools';
import { dsLines, parentDs } from '../../../devnet/src/dns/sign-zone';
import type { ZoneSpec } from '../../support/dns-hierarchy/zone-spec';

describe('--server parsing', () => {
  it.each([
    ['127.0.0.1:5300', { host: '127.0.0.1', port: 5300 }],
    ['[::1]:5300', { host: '::1', port: 5300 }],
    ['::1', { host: '::1', port: 53 }],
    ['127.0.0.1', { host: '127.0.0.1', port: 53 }],
  ])('%s', (text, expected) => {
    expect(parseServer(text)).toEqual(expected);
  });

  it.each(['', ':53', '127.0.0.1:0', '127.0.0.1:65536', 'host:port'])('rejects %j', (text) => {
    expect(() => parseServer(text)).toThrow(/--server/);
  });
});

describe('delv verdicts', () => {
  it.each([
    ['; fully validated\nwww.yakker.test.\t300\tIN\tA\t192.0.2.10\n', 'secure', 'NOERROR'],
    [
      ';; resolution failed: ncache nxdomain\n; negative response, fully validated\n; nope.yakker.test.\t300\tIN\t\\-ANY\t;-$NXDOMAIN\n',
      'secure',
      'NXDOMAIN',
    ],
    [
      ';; resolution failed: ncache nxrrset\n; negative response, fully validated\n',
      'secure',
      'NODATA',
    ],
    ['; unsigned answer\nwww.insecure.test.\t300\tIN\tA\t192.0.2.30\n', 'insecure', 'NOERROR'],
    [
      ";; validating www.tampered.yakker.test/A: no valid signature found\n;; RRSIG failed to verify resolving 'www.tampered.yakker.test/A/IN': 127.0.0.1#35753\n;; resolution failed: RRSIG failed to verify\n",
      'bogus',
      undefined,
    ],
    [";; broken trust chain resolving 'x/A/IN'\n", 'bogus', undefined],
    [
      ";; connection refused resolving 'x/A/IN': 127.0.0.1#1\n;; resolution failed: failure\n",
      'indeterminate',
      undefined,
    ],
  ])('%#', (output, status, rcode) => {
    const verdict = parseDelv(output);
    expect(verdict.status).toBe(status);
    expect(verdict.rcode).toBe(rcode);
  });
});

describe('hierarchy helpers', () => {
  it('a missing tool fails with the apt package to install', () => {
    expect(() => {
      requireTools('no-such-tool-for-yakker');
    }).toThrow(/apt-get install -y no-such-tool-for-yakker/);
  });

  it('DS lines: SHA-256 only, one line each; broken variants', () => {
    const ds = dsLines(
      'child.test.\t\tIN DS 4851 13 2 1C2F0A9B 3D\nchild.test.\t\tIN DS 4851 13 4 AABB\n',
    );
    expect(ds).toEqual(['child.test. IN DS 4851 13 2 1C2F0A9B3D']);
    const zone = (breakage: ZoneSpec['breakage']): ZoneSpec => ({
      origin: 'child.test.',
      signer: 'bind',
      algorithm: 13,
      denial: 'nsec',
      records: [],
      ...(breakage === undefined ? {} : { breakage }),
    });
    expect(parentDs(zone(undefined), ds)).toEqual(ds);
    expect(parentDs(zone('wrongds'), ds)).toEqual(['child.test. IN DS 4851 13 2 1C2F0A9B30']);
    expect(parentDs(zone('unsupported-ds'), ds)).toEqual([
      'child.test. IN DS 4851 17 2 1C2F0A9B3D',
    ]);
  });
});
