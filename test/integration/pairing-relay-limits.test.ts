/**
 * The relay path against the devnet's directory service run in this process (the same code
 * `yakker devnet up` runs, real HTTPS on 127.0.0.1, certificate from a devnet CA), started with
 * an injected clock and a small frame limit so that expiry and size refusals can be reached:
 * the joiner falls back from a LAN address nobody listens on to the relay; a mailbox that
 * expires while the holder waits fails both sides with "expired"; a frame over the relay's
 * limit ends the pairing with "too-large", and nothing is stored on the joiner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureAuthority,
  ensureDevnetCa,
  startDirectoryService,
  type RunningDirectory,
} from '../../devnet/src/index';
import { IdentityService } from '../../main/keystore/identity-service';
import { openKeyStore } from '../../main/keystore/open-key-store';
import { PairingService } from '../../main/pairing/pairing-service';
import type { SharedSettings } from '../../main/pairing/pairing-transfer';
import { RelayClient } from '../../main/pairing/relay-client';
import type { PairingNetwork } from '../../main/pairing/relay-config';
import { connectRendezvous } from '../../main/pairing/rendezvous-connect';
import type { PairingStatus } from '../../shared/contract/requests';
import {
  removeHome,
  requireKeyringTools,
  startPrivateSession,
  type PrivateSession,
} from '../support/private-keyring';

let dir: string;
let directory: RunningDirectory;
let keyring: PrivateSession;
let network: PairingNetwork;
/** The relay's clock runs ahead by this much (ms): how a test makes a mailbox expire. */
let ahead = 0;
const TTL_MS = 60_000;
const MAX_FRAME = 300;

beforeAll(async () => {
  requireKeyringTools();
  dir = mkdtempSync(join(tmpdir(), 'yakker-relay-limits-'));
  const ca = await ensureDevnetCa(join(dir, 'ca'));
  keyring = await startPrivateSession('unlocked');
  process.env['DBUS_SESSION_BUS_ADDRESS'] = keyring.env['DBUS_SESSION_BUS_ADDRESS'];
  directory = await startDirectoryService({
    dir: join(dir, 'directory'),
    ca,
    authority: await ensureAuthority(join(dir, 'authority')),
    providers: () => [],
    publish: () => Promise.resolve(),
    dns: { host: '127.0.0.1', port: 9 }, // not used by the relay
    suffix: 'e164.yakker.test.',
    relayLimits: { ttlMs: TTL_MS, maxFrameBytes: MAX_FRAME },
    now: () => Date.now() + ahead,
  });
  network = { relay: { url: `${directory.url}/v1/relay`, caPem: ca.certPem }, caPem: ca.certPem };
}, 120_000);

afterAll(async () => {
  await directory?.stop();
  await keyring?.stop();
  if (keyring) removeHome(keyring);
  rmSync(dir, { recursive: true, force: true });
});

const SETTINGS: SharedSettings = {
  displayName: 'Alice',
  defaultCountry: 'US',
  privateLookups: false,
};
let count = 0;

function device(lan: boolean) {
  const identities = new IdentityService(
    openKeyStore({
      ...keyring.env,
      YAKKER_KEYCHAIN_SERVICE: `yakker-limits-${process.pid}-${++count}`,
    }),
  );
  const statuses: PairingStatus[] = [];
  let onStatus: (s: PairingStatus) => void = () => undefined;
  const pairing = new PairingService({
    identities,
    settings: { get: () => Promise.resolve(SETTINGS), apply: () => Promise.resolve() },
    onChange: (s) => {
      statuses.push(s);
      onStatus(s);
    },
    hosts: () => ['127.0.0.1'],
    lan,
    network: () => network,
    timeouts: { stepMs: 3000, userMs: 6000 },
  });
  const final = (role: PairingStatus['role']): Promise<PairingStatus> =>
    new Promise((resolve) => {
      const seen = statuses.find(
        (s) => s.role === role && (s.state === 'done' || s.state === 'failed'),
      );
      if (seen) resolve(seen);
      const previous = onStatus;
      onStatus = (s) => {
        previous(s);
        if (s.role === role && (s.state === 'done' || s.state === 'failed')) resolve(s);
      };
    });
  return {
    identities,
    pairing,
    statuses,
    final,
    setOnStatus: (f: typeof onStatus) => (onStatus = f),
  };
}

function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

describe('relay path: fallback, expiry, size', () => {
  it('a LAN address nobody answers on: the joiner falls back to the relay mailbox', async () => {
    const mailbox = new Uint8Array(16).map((_, i) => i + 1);
    const holderSide = new RelayClient(network.relay!, mailbox);
    await holderSide.open();
    const port = await deadPort();
    const connected = await connectRendezvous(
      [
        { kind: 'tcp', host: '127.0.0.1', port },
        { kind: 'relay', url: network.relay!.url, mailbox },
      ],
      { lan: true, caPem: network.caPem },
    );
    expect(connected.via).toBe('relay');
    // The stream really is the mailbox: what the joiner writes, the holder's side reads.
    connected.stream.write(Buffer.from([0x00, 0x01, 0x42]));
    expect(await holderSide.receive('holder', 5)).toEqual(new Uint8Array([0x00, 0x01, 0x42]));
    connected.stream.destroy();
    holderSide.close();
  });

  it('with the LAN off and no relay in the code, the joiner says there is no way to reach it', async () => {
    const port = await deadPort();
    await expect(
      connectRendezvous([{ kind: 'tcp', host: '127.0.0.1', port }], { lan: false, caPem: null }),
    ).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('LAN is off') as string,
    });
  });

  it('the mailbox expires while the holder waits: both sides say the code expired', async () => {
    const h = device(false);
    const id = await h.identities.create({ tel: '+15550100', name: 'Alice' });
    const offer = await h.pairing.start(id.id);
    const holderFinal = h.final('holder');
    ahead += TTL_MS + 1000; // the relay's clock passes the mailbox's end
    const holder = await holderFinal;
    expect(holder).toMatchObject({ state: 'failed', error: { code: 'pairing-expired' } });
    expect(holder.error?.message).toContain('relay mailbox is gone');
    const j = device(false);
    await expect(j.pairing.join(offer.text)).rejects.toMatchObject({
      code: 'pairing-expired',
      message: expect.stringContaining('relay mailbox is gone') as string,
    });
    expect(await j.identities.list()).toEqual([]);
  });

  it('a frame over the relay limit: the holder stops with too-large, the joiner stores nothing', async () => {
    const h = device(false);
    const j = device(false);
    const id = await h.identities.create({ tel: '+15550100', name: 'Alice' });
    const offer = await h.pairing.start(id.id);
    let code = '';
    h.setOnStatus((s) => {
      if (s.role === 'holder' && s.state === 'confirm-needed') void h.pairing.confirm(code);
    });
    const holderFinal = h.final('holder');
    const joinerFinal = j.final('joiner');
    code = (await j.pairing.join(offer.text)).code ?? '';
    const holder = await holderFinal;
    // The transfer (one frame of several hundred bytes) is the first frame over 300 bytes.
    expect(holder).toMatchObject({ state: 'failed', error: { code: 'pairing-aborted' } });
    expect(holder.error?.message).toContain('too large');
    expect(await joinerFinal).toMatchObject({ state: 'failed' });
    expect(await j.identities.list()).toEqual([]);
  });
});
