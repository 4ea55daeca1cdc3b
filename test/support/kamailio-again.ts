/**
 * Starts a devnet provider's Kamailio again after a test killed it (devnets started with
 * `{ restart: false }`, so the supervisor does not): same folder, config and ports, retrying while
 * the old process's sockets let go. Returns undefined when it never came up.
 */
import { join } from 'node:path';
import type { DevnetProviderProfile } from '../../devnet/src/index';
import { startKamailio, type KamailioProcess } from '../../devnet/src/kamailio-process';
import { sipOptionsProbe } from '../../devnet/src/sip-probe';

export async function startKamailioAgain(
  provider: DevnetProviderProfile,
  tries = 50,
): Promise<KamailioProcess | undefined> {
  for (let i = 0; i < tries; i++) {
    try {
      return await startKamailio({
        configPath: join(provider.stateDir, 'kamailio.cfg'),
        runDir: join(provider.stateDir, 'run'),
        logPath: join(provider.stateDir, 'kamailio.log'),
        ready: async () =>
          (await sipOptionsProbe({ port: provider.ports.tcp, domain: provider.domain })) === 200,
      });
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return undefined;
}
