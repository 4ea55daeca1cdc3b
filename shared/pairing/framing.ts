/**
 * Stream framing (docs/pairing.md §3): every Noise message travels as a 2-byte big-endian
 * length, then that many bytes. Length 0 is invalid. A stream that ends inside a frame is
 * truncated.
 */
import { concat, u16 } from './bytes';
import { NOISE_MAX_MESSAGE } from './noise';

export function encodeFrame(message: Uint8Array): Uint8Array {
  if (message.length < 1 || message.length > NOISE_MAX_MESSAGE) throw new Error('frame length');
  return concat(u16(message.length), message);
}

export class FrameError extends Error {}

/** Incremental decoder: push stream bytes, get whole frames back. */
export class FrameDecoder {
  private buffer: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): Uint8Array[] {
    this.buffer = concat(this.buffer, chunk);
    const frames: Uint8Array[] = [];
    for (;;) {
      if (this.buffer.length < 2) break;
      const length = ((this.buffer[0] ?? 0) << 8) | (this.buffer[1] ?? 0);
      if (length === 0) throw new FrameError('zero-length frame');
      if (this.buffer.length < 2 + length) break;
      frames.push(this.buffer.slice(2, 2 + length));
      this.buffer = this.buffer.slice(2 + length);
    }
    return frames;
  }

  /** True when the stream stopped in the middle of a frame. */
  get hasPartialFrame(): boolean {
    return this.buffer.length > 0;
  }
}
