/**
 * The pairing relay (docs/pairing.md §3, issue 7): store-and-forward of opaque frames between the
 * two parties of one pairing, who share an unguessable mailbox id (16 random bytes, from the
 * pairing code). A mailbox has two queues, one towards each party. A frame is deleted once read;
 * a mailbox and everything in it is deleted when its TTL ends. Sizes and counts are bounded. No
 * authentication beyond the id: the pairing protocol's AEAD protects content and order.
 * In memory (the devnet's single process); the clock is injected so tests control expiry.
 */
import { ApiError } from './api-error';

export type RelaySide = 'holder' | 'joiner';

export interface RelayLimits {
  /** Mailbox lifetime from creation, ms. */
  ttlMs: number;
  /** Largest frame, bytes (a pairing frame is u16 length + at most 65535 bytes). */
  maxFrameBytes: number;
  /** Frames waiting in one direction. */
  maxQueuedFrames: number;
  /** Open mailboxes at once. */
  maxMailboxes: number;
  /** Longest long-poll, ms. */
  maxWaitMs: number;
  /** Readers waiting at once on one side of a mailbox. */
  maxWaiters: number;
}

export const DEFAULT_RELAY_LIMITS: RelayLimits = {
  ttlMs: 5 * 60_000,
  maxFrameBytes: 65_537,
  maxQueuedFrames: 32,
  maxMailboxes: 1000,
  maxWaitMs: 25_000,
  maxWaiters: 2,
};

interface Waiter {
  deliver(frame: Buffer | null): void;
  alive(): boolean;
}

interface Mailbox {
  expiresAt: number;
  queues: Record<RelaySide, Buffer[]>;
  waiters: Record<RelaySide, Waiter[]>;
}

export const MAILBOX_ID = /^[0-9a-f]{32}$/;

export class RelayStore {
  private readonly boxes = new Map<string, Mailbox>();

  constructor(
    readonly limits: RelayLimits,
    private readonly now: () => number,
  ) {}

  get size(): number {
    this.sweep();
    return this.boxes.size;
  }

  /** Opens a mailbox (the holder, when it shows a code naming it). */
  open(id: string): { expiresAt: number } {
    this.sweep();
    checkId(id);
    if (this.boxes.has(id))
      throw new ApiError(409, 'mailbox-exists', 'this mailbox is already open');
    if (this.boxes.size >= this.limits.maxMailboxes)
      throw new ApiError(503, 'relay-full', 'too many open mailboxes; try again later');
    const box: Mailbox = {
      expiresAt: this.now() + this.limits.ttlMs,
      queues: { holder: [], joiner: [] },
      waiters: { holder: [], joiner: [] },
    };
    this.boxes.set(id, box);
    return { expiresAt: box.expiresAt };
  }

  /** Appends a frame for `to`; handed straight to a waiting reader if there is one. */
  append(id: string, to: RelaySide, frame: Buffer): { queued: number } {
    const box = this.box(id);
    if (frame.length === 0) throw new ApiError(400, 'frame-empty', 'a frame has at least one byte');
    if (frame.length > this.limits.maxFrameBytes)
      throw new ApiError(
        413,
        'frame-too-large',
        `a frame is at most ${this.limits.maxFrameBytes} bytes`,
      );
    const queue = box.queues[to];
    const waiters = box.waiters[to];
    for (let w = waiters.shift(); w !== undefined; w = waiters.shift()) {
      if (w.alive()) {
        w.deliver(frame);
        return { queued: queue.length };
      }
    }
    if (queue.length >= this.limits.maxQueuedFrames)
      throw new ApiError(
        429,
        'mailbox-full',
        `at most ${this.limits.maxQueuedFrames} frames wait unread`,
      );
    queue.push(frame);
    return { queued: queue.length };
  }

  /**
   * The next frame for `side` (removed), waiting up to `waitMs` for one; null when none came.
   * `alive` tells whether the reader still listens (a closed long-poll gets nothing).
   */
  receive(
    id: string,
    side: RelaySide,
    waitMs: number,
    alive: () => boolean,
  ): Promise<Buffer | null> {
    const box = this.box(id);
    const frame = box.queues[side].shift();
    if (frame !== undefined) return Promise.resolve(frame);
    const wait = Math.min(Math.max(waitMs, 0), this.limits.maxWaitMs, box.expiresAt - this.now());
    if (wait <= 0) return Promise.resolve(null);
    const waiting = box.waiters[side].filter((w) => w.alive());
    if (waiting.length >= this.limits.maxWaiters)
      throw new ApiError(
        429,
        'too-many-readers',
        `at most ${this.limits.maxWaiters} readers wait on one side of a mailbox`,
      );
    box.waiters[side] = waiting;
    return new Promise((resolve) => {
      const waiter: Waiter = {
        deliver: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
        alive,
      };
      const timer = setTimeout(() => {
        const list = box.waiters[side];
        const at = list.indexOf(waiter);
        if (at >= 0) list.splice(at, 1);
        resolve(null);
      }, wait);
      box.waiters[side].push(waiter);
    });
  }

  /** Deletes expired mailboxes (their frames too); waiting readers get nothing. */
  sweep(): void {
    const now = this.now();
    for (const [id, box] of this.boxes) {
      if (box.expiresAt > now) continue;
      this.boxes.delete(id);
      for (const side of ['holder', 'joiner'] as const)
        for (const w of box.waiters[side].splice(0)) w.deliver(null);
    }
  }

  /** Ends every wait (shutdown). */
  close(): void {
    for (const box of this.boxes.values())
      for (const side of ['holder', 'joiner'] as const)
        for (const w of box.waiters[side].splice(0)) w.deliver(null);
    this.boxes.clear();
  }

  private box(id: string): Mailbox {
    this.sweep();
    checkId(id);
    const box = this.boxes.get(id);
    if (box === undefined)
      throw new ApiError(404, 'mailbox-unknown', 'no such mailbox (never opened, or expired)');
    return box;
  }
}

function checkId(id: string): void {
  if (!MAILBOX_ID.test(id))
    throw new ApiError(400, 'invalid-mailbox-id', 'a mailbox id is 16 bytes in lower-case hex');
}
