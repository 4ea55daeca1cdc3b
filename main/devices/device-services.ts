import { join } from 'node:path';
import { YakkerError } from '../../shared/contract/result';
import type { KeyServices } from '../app/key-services';
import type { EventBus } from '../core/event-bus';
import type { Logger } from '../core/logger';
import { DirectoryClient } from '../directory/directory-client';
import { directoryConfigOf } from '../directory/directory-config';
import type { NetworkProfile } from '../network/network-profile';
import type { LinkedDevices } from '../pairing/linked-devices';
import { DeviceRevoke } from './device-revoke';
import { RevokeStateFile } from './revoke-state';

export interface DeviceServicesDeps {
  dataDir: string;
  bus: EventBus;
  logger: Logger;
  linked: LinkedDevices;
  keyServices: () => Promise<KeyServices>;
  profile: () => NetworkProfile;
}

/** Revoke of linked devices (docs/pairing.md §13), on the network profile's directory. */
export function createDeviceRevoke(deps: DeviceServicesDeps): DeviceRevoke {
  return new DeviceRevoke({
    state: new RevokeStateFile(join(deps.dataDir, 'revoke.json')),
    linked: deps.linked,
    identities: async () => (await deps.keyServices()).identities,
    directory: () => {
      const profile = deps.profile();
      if (profile.directoryUrl === null)
        throw new YakkerError(
          'not-configured',
          `The network “${profile.name}” has no Yakker directory to publish a new key in.`,
        );
      const config = directoryConfigOf(profile);
      return new DirectoryClient(() => config);
    },
    onChange: (status) => {
      deps.bus.emit('devices.revokeChanged', status);
    },
  });
}

/**
 * At start-up: an unfinished revoke (the app quit or crashed, or the directory was down) is
 * tried again in the background (only revoke.json is read when there is none); a failure stays
 * in revoke.json for Settings → Devices to show, with "Try again".
 */
export function resumeRevokeAtStart(revoke: DeviceRevoke, logger: Logger): void {
  revoke.resume().catch((error: unknown) => {
    logger.warn(`revoke: could not finish at start-up: ${(error as Error).message}`);
  });
}
