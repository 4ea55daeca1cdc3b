import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadNetworkProfile,
  parseServerAddress,
  PROFILE_ENV,
  PUBLIC_NETWORK,
  readNetworkProfile,
} from '../../../main/network/network-profile';
import { NetworkService } from '../../../main/network/network-service';
import { YakkerError } from '../../../shared/contract/result';

const dir = mkdtempSync(join(tmpdir(), 'yakker-profile-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const DS = '. IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D';
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function profile(data: unknown, name = 'devnet.json'): string {
  const file = join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

const valid = () => ({
  version: 1,
  dns: { server: '127.0.0.1:5300', trustAnchor: [DS] },
  directory: { suffix: 'e164.yakker.test' },
  caCertFile: 'ca.pem',
  directoryUrl: null,
});

describe('network profile', () => {
  it('without YAKKER_NETWORK_PROFILE: the public Internet (system DNS, IANA anchors, e164.arpa)', () => {
    expect(loadNetworkProfile({})).toBe(PUBLIC_NETWORK);
    expect(new NetworkService({ load: () => PUBLIC_NETWORK }).info()).toEqual({
      name: 'Internet',
      source: 'none',
      dnsServer: null,
      directorySuffix: 'e164.arpa.',
      directoryUrl: null,
    });
  });

  it('reads devnet.json: server, inline anchor, suffix with a trailing dot, CA relative to the file', () => {
    writeFileSync(join(dir, 'ca.pem'), CA);
    const file = profile(valid());
    const p = loadNetworkProfile({ [PROFILE_ENV]: file });
    expect(p).toMatchObject({
      name: 'devnet',
      source: 'env',
      file,
      dnsServers: [{ host: '127.0.0.1', port: 5300 }],
      directorySuffix: 'e164.yakker.test.',
      caPem: CA,
    });
    expect(p.trustAnchors).toHaveLength(1);
    expect(new NetworkService({ load: () => p }).info().dnsServer).toBe('127.0.0.1:5300');
  });

  it('anchor from trustAnchorFile when there is no inline anchor', () => {
    writeFileSync(join(dir, 'root.ds'), `${DS}\n`);
    const data = { ...valid(), dns: { server: '[::1]:53', trustAnchorFile: 'root.ds' } };
    const p = readNetworkProfile(profile(data, 'file-anchor.json'), 'env');
    expect(p.dnsServers).toEqual([{ host: '::1', port: 53 }]);
    expect(p.trustAnchors).toHaveLength(1);
  });

  it('anything wrong is a bad-input error naming the file and the problem, never a guess', () => {
    const cases: [unknown, RegExp][] = [
      ['{not json', /not JSON/],
      [{ ...valid(), version: 2 }, /version/],
      [{ ...valid(), dns: { server: 'nowhere', trustAnchor: [DS] } }, /bad dns.server/],
      [{ ...valid(), dns: { server: '127.0.0.1:5300' } }, /no dns.trustAnchor/],
      [{ ...valid(), dns: { server: '127.0.0.1:5300', trustAnchor: ['junk'] } }, /trustAnchor/],
      [{ ...valid(), caCertFile: 'missing.pem' }, /cannot read caCertFile/],
      [{ ...valid(), directory: {} }, /directory.suffix/],
    ];
    for (const [data, why] of cases) {
      const file = profile(data, 'bad.json');
      let error: unknown;
      try {
        readNetworkProfile(file, 'env');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(YakkerError);
      expect((error as YakkerError).code).toBe('bad-input');
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toMatch(why);
    }
    expect(() => loadNetworkProfile({ [PROFILE_ENV]: join(dir, 'absent.json') })).toThrow(
      /cannot read it/,
    );
  });

  it('a broken profile fails each use with the same error; it does not crash construction', () => {
    const network = new NetworkService({
      load: () => readNetworkProfile(join(dir, 'absent.json'), 'env'),
    });
    expect(() => network.info()).toThrow(/cannot read it/);
    expect(() => network.resolver()).toThrow(/cannot read it/);
  });

  it('parseServerAddress', () => {
    expect(parseServerAddress('127.0.0.1:53')).toEqual({ host: '127.0.0.1', port: 53 });
    expect(parseServerAddress('[::1]:5300')).toEqual({ host: '::1', port: 5300 });
    for (const bad of ['127.0.0.1', '::1:53', 'a:0', 'a:70000', ''])
      expect(parseServerAddress(bad)).toBeNull();
  });
});
