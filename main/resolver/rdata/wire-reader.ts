import { YakkerError } from '../../../shared/contract/result';
import type { ResourceRecord } from '../types';

/**
 * The records of one type in an answer, decoded with `decode`; a malformed record (one `decode`
 * throws on) is skipped, like a record we do not understand.
 */
export function decodeRecords<T>(
  records: readonly ResourceRecord[],
  type: string,
  decode: (rdata: Uint8Array) => T,
): T[] {
  return records.flatMap((rr) => {
    if (rr.type !== type) return [];
    try {
      return [decode(rr.rdata)];
    } catch {
      return [];
    }
  });
}

/**
 * A bounds-checked reader over uncompressed RDATA (ResourceRecord.rdata). Every read that would
 * run past the end throws a `bad-input` YakkerError, so a malformed record is rejected, never
 * half-read.
 */
export class WireReader {
  private offset = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u8(): number {
    this.need(1);
    const value = this.bytes[this.offset] ?? 0;
    this.offset += 1;
    return value;
  }

  u16(): number {
    return (this.u8() << 8) | this.u8();
  }

  /** A <character-string>: one length octet, then that many octets (decoded as UTF-8). */
  characterString(): string {
    const length = this.u8();
    return new TextDecoder().decode(this.take(length));
  }

  take(length: number): Uint8Array {
    this.need(length);
    const out = this.bytes.slice(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  rest(): Uint8Array {
    return this.take(this.remaining);
  }

  /**
   * An uncompressed domain name: labels until the root label. Returned lower case without the
   * trailing dot (the root is ""), the convention of ResourceRecord.name. Dots and backslashes
   * inside a label are escaped as in presentation format.
   */
  name(): string {
    const labels: string[] = [];
    let total = 0;
    for (;;) {
      const length = this.u8();
      if (length === 0) break;
      if (length > 63) this.fail('compressed or invalid label');
      total += length + 1;
      if (total > 255) this.fail('name longer than 255 octets');
      const label = Array.from(this.take(length), (byte) => {
        const ch = String.fromCharCode(byte);
        if (ch === '.' || ch === '\\') return `\\${ch}`;
        if (byte < 0x21 || byte > 0x7e) return `\\${String(byte).padStart(3, '0')}`;
        return ch.toLowerCase();
      }).join('');
      labels.push(label);
    }
    return labels.join('.');
  }

  end(): void {
    if (this.remaining !== 0) this.fail('trailing bytes');
  }

  private need(length: number): void {
    if (this.offset + length > this.bytes.length) this.fail('truncated');
  }

  private fail(why: string): never {
    throw new YakkerError('bad-input', `malformed ${this.what} record: ${why}`);
  }
}
