import { Duplex } from 'node:stream';
import { encodeFrame, FrameDecoder } from '../../../shared/pairing/framing';

const ended = new WeakSet<Duplex>();

function endOnce(stream: Duplex): void {
  if (ended.has(stream)) return;
  ended.add(stream);
  stream.push(null);
}

export type Direction = 'to-holder' | 'to-joiner';

/** What the relay does with one frame: deliver these raw byte strings, maybe then cut the line. */
export interface TamperAction {
  deliver: Uint8Array[];
  cut?: boolean;
}

export type Tamper = (direction: Direction, index: number, frame: Uint8Array) => TamperAction;

export interface WireRecord {
  direction: Direction;
  /** The Noise message as the sender wrote it (before any tampering). */
  message: Uint8Array;
}

/**
 * An untrusted relay mailbox for tests (the real one comes with devnet). The holder opens a
 * mailbox; the first joiner is connected to it; later joiners are hung up on. Frame-aware, so a
 * test can flip, drop, reorder, inject or truncate whole frames, and it records every message.
 */
export class FakeRelay {
  readonly wire: WireRecord[] = [];
  private readonly mailboxes = new Map<string, { holder: Duplex; joined: boolean }>();

  constructor(private readonly tamper: Tamper = (_d, _i, frame) => ({ deliver: [frame] })) {}

  /** The holder's end of a new mailbox. */
  open(mailbox: string): Duplex {
    const holder = this.endpoint();
    this.mailboxes.set(mailbox, { holder, joined: false });
    return holder;
  }

  /** A joiner's end; a mailbox that is taken or unknown hangs up at once. */
  join(mailbox: string): Duplex {
    const joiner = this.endpoint();
    const box = this.mailboxes.get(mailbox);
    if (!box || box.joined) {
      setImmediate(() => {
        endOnce(joiner);
      });
      return joiner;
    }
    box.joined = true;
    this.link(joiner, box.holder, 'to-holder');
    this.link(box.holder, joiner, 'to-joiner');
    return joiner;
  }

  private endpoint(): Duplex & { outbound?: (chunk: Uint8Array | null) => void } {
    const stream: Duplex & { outbound?: (chunk: Uint8Array | null) => void } = new Duplex({
      read() {
        /* pushed by the relay */
      },
      write(chunk: Buffer, _encoding, callback) {
        stream.outbound?.(new Uint8Array(chunk));
        callback();
      },
      final(callback) {
        stream.outbound?.(null);
        callback();
      },
    });
    return stream;
  }

  private link(
    from: Duplex & { outbound?: (c: Uint8Array | null) => void },
    to: Duplex,
    direction: Direction,
  ): void {
    const decoder = new FrameDecoder();
    let index = 0;
    let cut = false;
    from.outbound = (chunk) => {
      if (cut) return;
      if (chunk === null) {
        setImmediate(() => {
          endOnce(to);
        });
        return;
      }
      for (const message of decoder.push(chunk)) {
        this.wire.push({ direction, message });
        const action = this.tamper(direction, index++, encodeFrame(message));
        for (const bytes of action.deliver) setImmediate(() => to.push(Buffer.from(bytes)));
        if (action.cut) {
          cut = true;
          setImmediate(() => {
            endOnce(to);
            endOnce(from);
          });
          return;
        }
      }
    };
  }
}
