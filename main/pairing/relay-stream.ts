/**
 * A relay mailbox as the duplex byte stream the session drivers use (the same interface as a
 * TCP socket). Writes are posted to the peer's queue one at a time, in order (each write is one
 * pairing frame); reads are long-polls on this side's queue, pushed as they come. The relay
 * never says that the peer left: the session's ABORT messages and timeouts cover that. Ending
 * the stream (the session finished) waits for the last posts, then stops polling.
 */
import { Duplex } from 'node:stream';
import { MAX_WAIT_SECONDS, type RelayClient, type RelaySide } from './relay-client';
import { TransportError } from './transport-error';

const PEER: Record<RelaySide, RelaySide> = { holder: 'joiner', joiner: 'holder' };

/**
 * A relay that stops answering once the session runs was reached before: the user reads that it
 * was lost ("lost the relay at https://…: ECONNRESET"), not that it could not be reached.
 */
function lost(error: unknown): Error {
  if (error instanceof TransportError && error.reason === 'unreachable')
    return new TransportError('unreachable', error.detail.replace(/^cannot reach /, 'lost '));
  return error instanceof Error ? error : new Error(String(error));
}

export class RelayStream extends Duplex {
  private readonly stop = new AbortController();
  private polling = false;

  /**
   * @param side whose queue this stream reads (`holder` on the holder)
   * @param initial frames already taken from this side's queue (the one that opened it)
   */
  constructor(
    private readonly client: RelayClient,
    private readonly side: RelaySide,
    initial: readonly Uint8Array[] = [],
  ) {
    super({ allowHalfOpen: true });
    for (const frame of initial) this.push(Buffer.from(frame));
  }

  override _read(): void {
    if (this.polling) return;
    this.polling = true;
    void this.poll();
  }

  private async poll(): Promise<void> {
    const signal = this.stop.signal;
    while (!signal.aborted && !this.destroyed) {
      let frame: Uint8Array | null;
      try {
        frame = await this.client.receive(this.side, MAX_WAIT_SECONDS, signal);
      } catch (error) {
        if (!signal.aborted && !this.destroyed) this.destroy(lost(error));
        return;
      }
      if (frame !== null && !signal.aborted && !this.destroyed) this.push(Buffer.from(frame));
    }
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.client.send(PEER[this.side], new Uint8Array(chunk), this.stop.signal).then(
      () => {
        callback();
      },
      (error: unknown) => {
        callback(lost(error));
      },
    );
  }

  /** Every write was posted: nothing more to read either. */
  override _final(callback: (error?: Error | null) => void): void {
    this.stop.abort();
    this.client.close();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.stop.abort();
    this.client.close();
    callback(error);
  }
}
