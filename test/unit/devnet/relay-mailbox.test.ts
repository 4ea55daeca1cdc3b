/** The relay store (devnet/src/directory/relay-mailbox.ts) with a fake clock. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../devnet/src/directory/api-error';
import { DEFAULT_RELAY_LIMITS, RelayStore } from '../../../devnet/src/directory/relay-mailbox';

const ID = '00112233445566778899aabbccddeeff';

function store(limits: Partial<typeof DEFAULT_RELAY_LIMITS> = {}) {
  const clock = { now: 1_000_000 };
  return { clock, relay: new RelayStore({ ...DEFAULT_RELAY_LIMITS, ...limits }, () => clock.now) };
}

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return error instanceof ApiError ? `${error.status} ${error.code}` : String(error);
  }
  return 'no error';
};

describe('RelayStore', () => {
  it('hands a frame to a reader that waits, without queueing it', async () => {
    const { relay } = store();
    relay.open(ID);
    const waiting = relay.receive(ID, 'holder', 25_000, () => true);
    expect(relay.append(ID, 'holder', Buffer.from('hi'))).toEqual({ queued: 0 });
    expect((await waiting)?.toString()).toBe('hi');
    expect(await relay.receive(ID, 'holder', 0, () => true)).toBeNull();
  });

  it('keeps the frame for the next reader when the waiting one has left', async () => {
    const { relay } = store();
    relay.open(ID);
    let open = true;
    const waiting = relay.receive(ID, 'joiner', 60, () => open);
    open = false;
    expect(relay.append(ID, 'joiner', Buffer.from('kept'))).toEqual({ queued: 1 });
    expect(await waiting).toBeNull();
    expect((await relay.receive(ID, 'joiner', 0, () => true))?.toString()).toBe('kept');
  });

  it('lets waiting readers go when the mailbox expires, and forgets it', async () => {
    const { relay, clock } = store({ ttlMs: 1000 });
    relay.open(ID);
    relay.append(ID, 'joiner', Buffer.from('x'));
    const waiting = relay.receive(ID, 'holder', 25_000, () => true);
    clock.now += 1000;
    relay.sweep();
    expect(await waiting).toBeNull();
    expect(relay.size).toBe(0);
    expect(code(() => relay.append(ID, 'joiner', Buffer.from('y')))).toBe('404 mailbox-unknown');
  });

  it('never waits past the mailbox expiry or the longest long-poll', async () => {
    const { relay } = store({ ttlMs: 1, maxWaitMs: 25_000 });
    relay.open(ID);
    expect(await relay.receive(ID, 'holder', 25_000, () => true)).toBeNull();
  });

  it('lets at most maxWaiters readers wait on one side (readers that left do not count)', async () => {
    const { relay } = store({ maxWaiters: 2 });
    relay.open(ID);
    let firstListens = true;
    const first = relay.receive(ID, 'holder', 50, () => firstListens);
    const second = relay.receive(ID, 'holder', 50, () => true);
    expect(code(() => relay.receive(ID, 'holder', 50, () => true))).toBe('429 too-many-readers');
    firstListens = false;
    const third = relay.receive(ID, 'holder', 50, () => true);
    expect(await Promise.all([first, second, third])).toEqual([null, null, null]);
  });

  it('bounds sizes, counts and mailboxes', () => {
    const { relay } = store({ maxFrameBytes: 4, maxQueuedFrames: 1, maxMailboxes: 1 });
    relay.open(ID);
    expect(code(() => relay.open(ID))).toBe('409 mailbox-exists');
    expect(code(() => relay.open('ffffffffffffffffffffffffffffffff'))).toBe('503 relay-full');
    expect(code(() => relay.append(ID, 'holder', Buffer.alloc(5)))).toBe('413 frame-too-large');
    expect(code(() => relay.append(ID, 'holder', Buffer.alloc(0)))).toBe('400 frame-empty');
    relay.append(ID, 'holder', Buffer.alloc(4));
    expect(code(() => relay.append(ID, 'holder', Buffer.alloc(1)))).toBe('429 mailbox-full');
    expect(code(() => relay.append('XYZ', 'holder', Buffer.alloc(1)))).toBe(
      '400 invalid-mailbox-id',
    );
  });
});
