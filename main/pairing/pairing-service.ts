/**
 * Device pairing, both roles, for the handlers and the CLI: opens the rendezvous (LAN listener
 * and, with a network profile naming a directory, a relay mailbox; the first joiner on either
 * wins), connects the joiner (LAN first, then the relay), runs the drivers, reads the keystore only inside confirm (after the typed code matched), and
 * stores what arrives on the joiner. Reports every step as a PairingStatus (no key material,
 * never the holder's own confirmation code).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Duplex } from 'node:stream';
import type { LinkedDevice } from '../../shared/contract/areas/devices';
import type { PairingPath, PairingStatus } from '../../shared/contract/requests';
import { YakkerError } from '../../shared/contract/result';
import { PairingError } from '../../shared/pairing/abort-reason';
import { HolderSession } from '../../shared/pairing/holder-session';
import { JoinerSession } from '../../shared/pairing/joiner-session';
import {
  createPairingOffer,
  parsePairingText,
  type Rendezvous,
} from '../../shared/pairing/pairing-code';
import type { TransferPayload } from '../../shared/pairing/transfer-payload';
import { sasMatches } from '../../shared/pairing/sas';
import type { IdentityService } from '../keystore/identity-service';
import { HolderDriver } from './holder-driver';
import { JoinerDriver } from './joiner-driver';
import { LanListener } from './lan-listener';
import { systemClock, type PairingClock } from './pairing-clock';
import { pairingHosts } from './pairing-hosts';
import { qrMatrix } from './pairing-qr';
import { lanEnabled, pairingNetwork, type PairingNetwork } from './relay-config';
import { RelayListener } from './relay-listener';
import { connectRendezvous } from './rendezvous-connect';
import type { PairingTimeouts } from './session-driver';
import {
  buildTransfer,
  importTransfer,
  wipeTransfer,
  type SharedSettings,
} from './pairing-transfer';

export interface PairingServiceOptions {
  identities: IdentityService;
  /** The account settings to send (holder) and to apply (joiner). */
  settings: {
    get(): Promise<SharedSettings>;
    apply(patch: Partial<SharedSettings>): Promise<void>;
  };
  onChange: (status: PairingStatus) => void;
  /** Addresses to bind; default pairingHosts(env). */
  hosts?: () => string[];
  /** The relay to offer and the CA to trust for one; default from the network profile (env). */
  network?: () => PairingNetwork;
  /** Use the direct LAN path; default true unless YAKKER_PAIRING_LAN=off. */
  lan?: boolean;
  timeouts?: PairingTimeouts;
  clock?: PairingClock;
  deviceName?: string;
  ttlSeconds?: number;
  /** Where finished pairings are recorded (Settings → Devices lists them); optional. */
  linked?: { add(device: Omit<LinkedDevice, 'id'>): Promise<unknown> };
}

const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
/** Reasons after which the holder cannot know whether the new device finished (§8). */
const UNCERTAIN = new Set([
  'tampered',
  'truncated',
  'timeout',
  'peer-closed',
  'unreachable', // the relay died after the keys went out
  'expired', // the relay mailbox expired after the keys went out
]);

function errorOf(error: unknown): NonNullable<PairingStatus['error']> {
  if (error instanceof YakkerError) return { code: error.code, message: error.message };
  return { code: 'internal', message: 'Pairing stopped because of an internal error.' };
}

export class PairingService {
  private readonly clock: PairingClock;
  private readonly deviceName: string;
  private holder: {
    listener: LanListener | null;
    relay: RelayListener | null;
    driver: HolderDriver | null;
    sas: string;
    peerName: string;
  } | null = null;
  private holderIdentity = '';
  private joiner: JoinerDriver | null = null;
  private readonly latest = new Map<PairingStatus['role'], PairingStatus>();

  private readonly lan: boolean;
  private readonly network: () => PairingNetwork;

  constructor(private readonly options: PairingServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.lan = options.lan ?? lanEnabled();
    this.network = options.network ?? (() => pairingNetwork());
    this.deviceName = (options.deviceName ?? hostname()).slice(0, 64) || 'Yakker device';
  }

  /** The last status of each role (for a screen that opens mid-way). */
  status(): PairingStatus[] {
    return [...this.latest.values()];
  }

  private report(status: PairingStatus): PairingStatus {
    this.latest.set(status.role, status);
    this.options.onChange(status);
    return status;
  }

  private fail(role: PairingStatus['role'], error: unknown, uncertain = false): PairingStatus {
    return this.report({
      role,
      state: 'failed',
      error: errorOf(error),
      ...(uncertain ? { uncertain } : {}),
    });
  }

  /**
   * Holder: a fresh one-time code for this identity, waiting on the LAN and on the relay (when
   * the network has one) until it expires. Either path may be missing; not both.
   */
  async start(identityId: string): Promise<NonNullable<PairingStatus['offer']>> {
    this.cancelHolder();
    await this.options.identities.get(identityId); // keychain usable, identity exists
    this.holderIdentity = identityId;
    const now = this.clock.now();
    const ttl = this.options.ttlSeconds ?? 180;
    const expiresAt = (Math.floor(now / 1000) + ttl) * 1000;
    let offerRef: ReturnType<typeof createPairingOffer> | null = null;
    const slot: NonNullable<PairingService['holder']> = {
      listener: null,
      relay: null,
      driver: null,
      sas: '',
      peerName: '',
    };
    const connected = (stream: Duplex, via: PairingPath): void => {
      slot.listener?.close();
      slot.relay?.close();
      if (offerRef && this.holder === slot && !slot.driver)
        this.onHolderConnection(stream, offerRef, slot, via);
      else stream.destroy();
    };
    const expired = (): void => {
      if (this.holder === slot && this.latest.get('holder')?.state === 'waiting')
        this.fail('holder', new PairingError('expired', false));
    };
    const failures: unknown[] = [];
    if (this.lan) {
      try {
        const hosts = (this.options.hosts ?? (() => pairingHosts()))();
        slot.listener = await LanListener.open({
          hosts,
          clock: this.clock,
          expiresAt,
          onConnection: (socket) => {
            connected(socket, 'lan');
          },
          onExpired: expired,
        });
      } catch (error) {
        failures.push(error);
      }
    }
    const relay = this.network().relay;
    if (relay) {
      try {
        slot.relay = await RelayListener.open({
          endpoint: relay,
          random,
          clock: this.clock,
          expiresAt,
          onConnection: (stream) => {
            connected(stream, 'relay');
          },
          onExpired: expired,
          onFailed: (error) => {
            // The LAN may still bring the joiner; only a holder left with no path fails.
            if (!slot.listener?.isOpen && !slot.driver && this.holder === slot)
              this.fail('holder', error);
          },
        });
      } catch (error) {
        failures.push(error);
      }
    }
    const rendezvous: Rendezvous[] = [
      ...(slot.listener?.rendezvous ?? []),
      ...(slot.relay ? [slot.relay.rendezvous] : []),
    ];
    if (rendezvous.length === 0) {
      const first = failures[0];
      if (first instanceof YakkerError) throw first;
      throw new YakkerError(
        'unavailable',
        this.lan
          ? 'No way to offer pairing on this device.'
          : 'The LAN is off and no relay is set.',
      );
    }
    this.holder = slot;
    const offer = createPairingOffer({ random, now, rendezvous, ttlSeconds: ttl });
    offerRef = offer;
    const paths: PairingPath[] = [
      ...(slot.listener ? (['lan'] as const) : []),
      ...(slot.relay ? (['relay'] as const) : []),
    ];
    const view = { text: offer.text, qr: await qrMatrix(offer.text), expiresAt, paths };
    this.report({ role: 'holder', state: 'waiting', offer: view });
    return view;
  }

  private onHolderConnection(
    stream: Duplex,
    offer: ReturnType<typeof createPairingOffer>,
    slot: NonNullable<PairingService['holder']>,
    via: PairingPath,
  ): void {
    const session = new HolderSession({ offer, deviceName: this.deviceName, random });
    const driver = new HolderDriver(session, stream, {
      clock: this.clock,
      ...(this.options.timeouts ? { timeouts: this.options.timeouts } : {}),
      onConfirmNeeded: ({ sas, deviceName }) => {
        slot.sas = sas;
        slot.peerName = deviceName;
        this.report({ role: 'holder', state: 'confirm-needed', peerName: deviceName, via });
      },
    });
    slot.driver = driver;
    driver.done.then(
      () => {
        if (this.holder !== slot) return;
        void this.options.identities.get(this.holderIdentity).then(
          async (id) => {
            const identity = { name: id.name, fingerprint: id.current.fingerprint };
            await this.record('sent-to', slot.peerName, identity);
            this.report({ role: 'holder', state: 'done', identity });
          },
          (error: unknown) => this.fail('holder', error),
        );
      },
      (error: unknown) => {
        if (this.holder !== slot || this.latest.get('holder')?.state === 'failed') return;
        const sent = this.latest.get('holder')?.state === 'transferring';
        const reason = error instanceof PairingError ? error.reason : '';
        this.fail('holder', error, sent && UNCERTAIN.has(reason));
      },
    );
  }

  /**
   * Holder: the user typed the code the new device shows. The keys are read from the keychain
   * only when it matches; a wrong code ends both sides with nothing sent.
   */
  async confirm(code: string): Promise<PairingStatus> {
    const slot = this.holder;
    const driver = slot?.driver;
    if (!slot || !driver || this.latest.get('holder')?.state !== 'confirm-needed') {
      throw new YakkerError('bad-request', 'There is no device waiting for confirmation.');
    }
    if (!sasMatches(slot.sas, code)) {
      driver.confirm(code, { identities: [], settings: {} }); // mismatch: never encoded
      return this.settled();
    }
    this.report({ role: 'holder', state: 'transferring' });
    let payload;
    try {
      payload = await buildTransfer(
        this.options.identities,
        this.holderIdentity,
        await this.options.settings.get(),
      );
    } catch (error) {
      driver.cancel();
      return this.fail('holder', error);
    }
    driver.confirm(code, payload);
    wipeTransfer(payload);
    return this.latest.get('holder') ?? this.settled();
  }

  private async settled(): Promise<PairingStatus> {
    await this.holder?.driver?.done.catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    const status = this.latest.get('holder');
    if (!status) throw new YakkerError('internal', 'no pairing status');
    return status;
  }

  deny(): void {
    this.holder?.driver?.deny();
  }

  cancel(): void {
    this.cancelHolder();
    this.joiner?.cancel();
  }

  private cancelHolder(): void {
    const slot = this.holder;
    if (!slot) return;
    slot.listener?.close();
    slot.relay?.close();
    if (slot.driver) slot.driver.cancel();
    else if (this.latest.get('holder')?.state === 'waiting') {
      this.fail('holder', new PairingError('cancelled', false));
    }
  }

  /**
   * Joiner: connect with the pasted text; resolves once the code to type on the holder is
   * known (state show-code), then finishes in the background and reports done or failed.
   */
  async join(text: string, deviceName?: string): Promise<PairingStatus> {
    this.joiner?.cancel();
    const { bytes, code } = parsePairingText(text);
    await this.options.identities.list(); // fail closed before anything crosses: keychain usable
    const { stream, via } = await connectRendezvous(code.rendezvous, {
      lan: this.lan,
      caPem: this.network().caPem,
    });
    const session = new JoinerSession({
      codeBytes: bytes,
      code,
      deviceName: (deviceName?.trim() || this.deviceName).slice(0, 64),
      random,
      deferAck: true,
    });
    this.latest.delete('joiner');
    let holderName = '';
    return new Promise<PairingStatus>((resolve, reject) => {
      const driver = new JoinerDriver(session, stream, {
        clock: this.clock,
        ...(this.options.timeouts ? { timeouts: this.options.timeouts } : {}),
        onShowCode: ({ sas, holderName: name }) => {
          holderName = name;
          resolve(
            this.report({ role: 'joiner', state: 'show-code', code: sas, peerName: name, via }),
          );
        },
        onTransfer: (payload) => {
          this.report({ role: 'joiner', state: 'transferring' });
          void this.store(driver, payload, holderName);
        },
      });
      this.joiner = driver;
      driver.result.catch((error: unknown) => {
        if (this.joiner !== driver || this.latest.get('joiner')?.state === 'failed') return;
        reject(error instanceof Error ? error : new Error(String(error)));
        this.fail('joiner', error);
      });
    });
  }

  /**
   * Stores what arrived, then acknowledges: the holder hears "done" only once the keys are in
   * this device's keychain, and otherwise an ABORT saying they could not be stored.
   */
  private async store(
    driver: JoinerDriver,
    payload: TransferPayload,
    holderName: string,
  ): Promise<void> {
    try {
      const outcome = await importTransfer(this.options.identities, payload);
      await this.options.settings.apply(outcome.settings);
      driver.acknowledge();
      await driver.result;
      const first = outcome.identities[0];
      const identity = first
        ? { name: first.name, fingerprint: first.current.fingerprint }
        : undefined;
      if (identity) await this.record('received-from', holderName, identity);
      this.report({ role: 'joiner', state: 'done', ...(identity ? { identity } : {}) });
    } catch (error) {
      wipeTransfer(payload);
      if (this.latest.get('joiner')?.state === 'failed') return;
      const code = error instanceof YakkerError ? error.code : 'internal';
      this.report({ role: 'joiner', state: 'failed', error: errorOf(error) });
      driver.fail(`the new device could not store the keys (${code})`);
    }
  }

  /**
   * Notes a finished pairing in the linked-devices list. The pairing itself has succeeded by
   * now, so a list that cannot be written (disk full) does not turn it into a failure.
   */
  private async record(
    direction: LinkedDevice['direction'],
    name: string,
    identity: { name: string; fingerprint: string },
  ): Promise<void> {
    await this.options.linked
      ?.add({
        name: name || 'Unnamed device',
        direction,
        linkedAt: this.clock.now(),
        identityName: identity.name,
        fingerprint: identity.fingerprint,
      })
      .catch(() => undefined);
  }

  dispose(): void {
    this.cancel();
  }
}
