/**
 * The relay transport's own logic, without a relay: where the relay comes from (network
 * profile, LAN switch), refusals the client makes before sending anything, and the stream's
 * ordering (one post at a time, in write order; reads pushed as they arrive). The real relay is
 * exercised in test/integration/pairing-relay*.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PUBLIC_NETWORK, type NetworkProfile } from '../../../main/network/network-profile';
import { RelayClient, type RelaySide } from '../../../main/pairing/relay-client';
import { lanEnabled, pairingNetwork, relayFromProfile } from '../../../main/pairing/relay-config';
import { RelayStream } from '../../../main/pairing/relay-stream';
import { TransportError } from '../../../main/pairing/transport-error';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const profile = (directoryUrl: string | null): NetworkProfile => ({
  ...PUBLIC_NETWORK,
  name: 'devnet',
  directoryUrl,
  caPem: CA,
});

describe('relay config', () => {
  it('a profile with a directory offers <directoryUrl>/v1/relay and trusts its CA', () => {
    expect(relayFromProfile(profile('https://127.0.0.1:8443/'))).toEqual({
      relay: { url: 'https://127.0.0.1:8443/v1/relay', caPem: CA },
      caPem: CA,
    });
  });

  it('no directory, plain http or an over-long URL: no relay (the CA is still trusted)', () => {
    expect(relayFromProfile(PUBLIC_NETWORK)).toEqual({ relay: null, caPem: null });
    expect(relayFromProfile(profile('http://127.0.0.1:8080')).relay).toBeNull();
    expect(relayFromProfile(profile(`https://${'a'.repeat(200)}.test`))).toEqual({
      relay: null,
      caPem: CA,
    });
  });

  const dirs: string[] = [];
  afterEach(() => {
    dirs.splice(0).forEach((d) => {
      rmSync(d, { recursive: true, force: true });
    });
  });

  it('a profile file that does not load leaves pairing on the LAN only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yakker-relay-config-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'bad.json'), '{"version": 1}');
    expect(pairingNetwork({ YAKKER_NETWORK_PROFILE: join(dir, 'bad.json') })).toEqual({
      relay: null,
      caPem: null,
    });
    expect(pairingNetwork({})).toEqual({ relay: null, caPem: null });
  });

  it('YAKKER_PAIRING_LAN=off (or 0/false/no) turns the LAN path off', () => {
    expect(lanEnabled({})).toBe(true);
    expect(lanEnabled({ YAKKER_PAIRING_LAN: 'on' })).toBe(true);
    for (const v of ['off', 'OFF', '0', 'false', 'no'])
      expect(lanEnabled({ YAKKER_PAIRING_LAN: v })).toBe(false);
  });
});

describe('relay client refusals before any request', () => {
  const mailbox = new Uint8Array(16);

  it('refuses a non-https relay and a bad URL as unreachable, saying why', () => {
    expect(
      () => new RelayClient({ url: 'http://127.0.0.1:1/v1/relay', caPem: null }, mailbox),
    ).toThrow(/must use https/);
    expect(() => new RelayClient({ url: 'not a url', caPem: null }, mailbox)).toThrow(
      TransportError,
    );
  });

  it('refuses empty and over-long frames as too-large without sending', async () => {
    const client = new RelayClient({ url: 'https://127.0.0.1:1/v1/relay', caPem: null }, mailbox);
    await expect(client.send('holder', new Uint8Array(0))).rejects.toMatchObject({
      reason: 'too-large',
    });
    await expect(client.send('holder', new Uint8Array(65_538))).rejects.toMatchObject({
      reason: 'too-large',
      code: 'pairing-aborted',
    });
    client.close();
  });
});

/** A relay client double: records posts, answers reads from a queue the test fills. */
class ScriptedClient {
  readonly posts: { to: RelaySide; frame: number[] }[] = [];
  readonly pending: (() => void)[] = [];
  private readonly inbox: Uint8Array[] = [];
  private wake: (() => void) | null = null;
  failReadsWith: Error | null = null;
  closed = false;

  send(to: RelaySide, frame: Uint8Array): Promise<void> {
    this.posts.push({ to, frame: [...frame] });
    return new Promise((resolve) => this.pending.push(resolve));
  }

  deliver(frame: Uint8Array): void {
    this.inbox.push(frame);
    this.wake?.();
  }

  async receive(_side: RelaySide, _wait: number, signal?: AbortSignal): Promise<Uint8Array | null> {
    for (;;) {
      if (this.failReadsWith) throw this.failReadsWith;
      if (signal?.aborted) throw new Error('aborted');
      const next = this.inbox.shift();
      if (next) return next;
      await new Promise<void>((r) => {
        this.wake = r;
        signal?.addEventListener('abort', () => {
          r();
        });
      });
    }
  }

  close(): void {
    this.closed = true;
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('relay stream', () => {
  it('posts one frame at a time, in write order, to the peer side', async () => {
    const client = new ScriptedClient();
    const stream = new RelayStream(client as unknown as RelayClient, 'holder');
    stream.write(Buffer.from([1]));
    stream.write(Buffer.from([2]));
    stream.write(Buffer.from([3]));
    await tick();
    expect(client.posts).toEqual([{ to: 'joiner', frame: [1] }]);
    client.pending.shift()?.();
    await tick();
    expect(client.posts.map((p) => p.frame)).toEqual([[1], [2]]);
    client.pending.shift()?.();
    await tick();
    client.pending.shift()?.();
    await tick();
    expect(client.posts.map((p) => p.frame)).toEqual([[1], [2], [3]]);
    stream.destroy();
  });

  it('pushes the opening frame, then what the relay hands out; end stops reading', async () => {
    const client = new ScriptedClient();
    const stream = new RelayStream(client as unknown as RelayClient, 'holder', [
      new Uint8Array([9]),
    ]);
    const got: number[] = [];
    stream.on('data', (chunk: Buffer) => got.push(...chunk));
    client.deliver(new Uint8Array([7, 8]));
    await tick();
    await tick();
    expect(got).toEqual([9, 7, 8]);
    stream.end();
    await tick();
    expect(client.closed).toBe(true);
  });

  it('a relay failure while reading destroys the stream with that TransportError', async () => {
    const client = new ScriptedClient();
    const stream = new RelayStream(client as unknown as RelayClient, 'joiner');
    const failed = new Promise<Error>((resolve) => stream.once('error', resolve));
    stream.resume();
    client.failReadsWith = new TransportError('expired', 'the relay mailbox is gone');
    client.deliver(new Uint8Array([1]));
    const error = await failed;
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ reason: 'expired', code: 'pairing-expired' });
  });

  it('a relay that stops answering mid-session reads as lost, not as never reached', async () => {
    const client = new ScriptedClient();
    const stream = new RelayStream(client as unknown as RelayClient, 'holder');
    const failed = new Promise<Error>((resolve) => stream.once('error', resolve));
    stream.resume();
    client.failReadsWith = new TransportError(
      'unreachable',
      'cannot reach the relay at https://127.0.0.1:8443: ECONNRESET',
    );
    client.deliver(new Uint8Array([1]));
    expect(await failed).toMatchObject({
      reason: 'unreachable',
      code: 'unavailable',
      detail: 'lost the relay at https://127.0.0.1:8443: ECONNRESET',
      message:
        'The other device could not be reached. (lost the relay at https://127.0.0.1:8443: ECONNRESET)',
    });
  });
});
