/**
 * The app's pairing takes its relay from the app's own network profile (the NetworkService that
 * calls and messages use, handed to the key services), not from whatever the environment says:
 * with YAKKER_NETWORK_PROFILE unset and the LAN off, a holder whose app profile names a relay
 * tries that relay (here a closed port, so it says it cannot reach it); a profile that does not
 * load leaves it with no path at all, said plainly. No relay is contacted beyond 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadKeyServices } from '../../../main/app/key-services';
import { EventBus } from '../../../main/core/event-bus';
import { silentLogger } from '../../../main/core/logger';
import { PUBLIC_NETWORK, type NetworkProfile } from '../../../main/network/network-profile';
import { SettingsStore } from '../../../main/settings/settings-store';
import { YakkerError } from '../../../shared/contract/result';
import { FakeKeyStore } from '../../support/fake-key-store';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yakker-key-services-'));
  vi.stubEnv('YAKKER_NETWORK_PROFILE', '');
  vi.stubEnv('YAKKER_PAIRING_LAN', 'off');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function holderWith(networkProfile: () => NetworkProfile) {
  const services = await loadKeyServices({
    keyStore: new FakeKeyStore(),
    settings: new SettingsStore(join(dir, 'settings.json'), silentLogger),
    bus: new EventBus(),
    networkProfile,
  });
  const id = await services.identities.create({ tel: '+15550100', name: 'Alice' });
  return { services, id: id.id };
}

describe('key services: pairing on the app’s network', () => {
  it('offers the relay of the app’s profile, not of the environment', async () => {
    const port = await closedPort();
    const { services, id } = await holderWith(() => ({
      ...PUBLIC_NETWORK,
      name: 'devnet',
      source: 'settings',
      directoryUrl: `https://127.0.0.1:${port}`,
    }));
    await expect(services.pairing.start(id)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining(
        `cannot reach the relay at https://127.0.0.1:${port}`,
      ) as string,
    });
    services.pairing.dispose();
  });

  it('a profile that does not load: no relay, and start says the LAN is off and no relay is set', async () => {
    const { services, id } = await holderWith(() => {
      throw new YakkerError('bad-input', 'network profile broken.json: not JSON');
    });
    await expect(services.pairing.start(id)).rejects.toMatchObject({
      code: 'unavailable',
      message: 'The LAN is off and no relay is set.',
    });
    services.pairing.dispose();
  });
});
