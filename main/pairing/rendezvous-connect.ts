/**
 * The joiner's way to the holder: the LAN addresses in the code first (each with a short
 * connect timeout), then the relay mailbox. The first path that answers carries the Noise
 * session; which one it is changes nothing for the protocol (docs/pairing.md §10.2).
 */
import type { Duplex } from 'node:stream';
import { PairingError } from '../../shared/pairing/abort-reason';
import type { Rendezvous } from '../../shared/pairing/pairing-code';
import { connectLan } from './lan-connect';
import { RelayClient } from './relay-client';
import { RelayStream } from './relay-stream';
import { TransportError } from './transport-error';

export interface ConnectOptions {
  /** Try the LAN addresses (false: the direct path is off on this device). */
  lan: boolean;
  /** Extra CA (PEM) trusted for the relay: this device's network profile's CA. */
  caPem: string | null;
  lanTimeoutMs?: number;
}

export interface Connected {
  stream: Duplex;
  via: 'lan' | 'relay';
}

export async function connectRendezvous(
  rendezvous: readonly Rendezvous[],
  options: ConnectOptions,
): Promise<Connected> {
  const failures: string[] = [];
  let expired: PairingError | null = null;
  if (options.lan && rendezvous.some((r) => r.kind === 'tcp')) {
    try {
      return { stream: await connectLan(rendezvous, options.lanTimeoutMs ?? 3000), via: 'lan' };
    } catch (error) {
      failures.push(detailOf(error));
    }
  }
  for (const r of rendezvous) {
    if (r.kind !== 'relay') continue;
    let client: RelayClient | null = null;
    try {
      client = new RelayClient({ url: r.url, caPem: options.caPem }, r.mailbox);
      // A zero-wait read: the relay answers and the mailbox exists (404 once it expired).
      const early = await client.receive('joiner', 0);
      return { stream: new RelayStream(client, 'joiner', early ? [early] : []), via: 'relay' };
    } catch (error) {
      client?.close();
      if (error instanceof PairingError && error.reason === 'expired') expired = error;
      else failures.push(detailOf(error));
    }
  }
  if (expired) throw expired;
  if (failures.length === 0)
    failures.push(
      options.lan
        ? 'the code names no way to reach the device'
        : 'LAN is off and the code names no relay',
    );
  throw new TransportError('unreachable', failures.join('; '));
}

function detailOf(error: unknown): string {
  if (error instanceof TransportError) return error.detail;
  return error instanceof Error ? error.message : String(error);
}
