/**
 * Kamailio's own syntax check (`kamailio -c`) on the rendered provider configuration in each
 * feature combination: plain (no rtpengine, no PSTN: startProvider alone), rtpengine only
 * (provider B) and rtpengine + PSTN gateway (provider A); and bad feature values refused.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { featureDefines, renderKamailioConfig } from '../../devnet/src/kamailio-config';

const dir = mkdtempSync(join(tmpdir(), 'yakker-kamcfg-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const variants = {
  plain: {},
  media: { rtpengineSocket: 'udp:127.0.0.1:2223' },
  'media+pstn': {
    rtpengineSocket: 'udp:127.0.0.1:2223',
    pstnUri: 'sip:pstn@127.0.0.1:5072;transport=tcp',
  },
} as const;

describe('kamailio.cfg.tmpl', () => {
  for (const [name, features] of Object.entries(variants)) {
    it(`passes kamailio -c (${name})`, async () => {
      const tlsCfg = join(dir, 'tls.cfg');
      writeFileSync(tlsCfg, '[server:default]\nmethod = TLSv1.2+\n');
      const cfg = await renderKamailioConfig({
        name: 'a',
        domain: 'a.provider.test',
        ports: { tcp: 45001, tls: 45002, ws: 45003, wss: 45004 },
        tlsConfigPath: tlsCfg,
        providerDbPath: join(dir, 'provider.sqlite'),
        siloDbPath: join(dir, 'silo.sqlite'),
        siloToken: 'a'.repeat(32),
        logLevel: 1,
        apiDbPath: join(dir, 'api.sqlite'),
        accDbPath: join(dir, 'acc.sqlite'),
        ...features,
      });
      const file = join(dir, `${name.replace('+', '-')}.cfg`);
      writeFileSync(file, cfg);
      const check = spawnSync('kamailio', ['-c', '-f', file], { encoding: 'utf8' });
      expect(check.status, check.stderr).toBe(0);
      expect(cfg.includes('#!define WITH_RTPENGINE')).toBe('rtpengineSocket' in features);
      expect(cfg.includes('#!define WITH_PSTN')).toBe('pstnUri' in features);
    });
  }

  it('refuses feature values that could break the file or leave loopback', () => {
    expect(() => featureDefines({ rtpengineSocket: 'udp:10.0.0.1:2223' })).toThrow(/rtpengine/);
    expect(() => featureDefines({ rtpengineSocket: 'udp:127.0.0.1:1"\nx' })).toThrow(/rtpengine/);
    expect(() => featureDefines({ pstnUri: 'sip:pstn@192.0.2.1:5060;transport=tcp' })).toThrow(
      /PSTN/,
    );
    expect(featureDefines({})).toBe('# (none)');
  });
});
