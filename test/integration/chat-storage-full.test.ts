/**
 * A real full disk (a 256 KiB tmpfs; the tests run as root): the store says `disk-full`, keeps
 * everything written before, and works again once there is space. The message service answers
 * an incoming MESSAGE it cannot store with 503 (the provider keeps it and tries again) and
 * `messages.send` fails with `disk-full` rather than losing the text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../shared/contract/areas/messages';
import { EventBus } from '../../main/core/event-bus';
import { silentLogger } from '../../main/core/logger';
import { MessageService } from '../../main/messaging/message-service';
import { ChatStore } from '../../main/store/chat-store';
import { codeOf } from '../support/error-code';

let dir: string;
const opened: ChatStore[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'yakker-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]);
});

afterAll(() => {
  for (const store of opened) store.close();
  try {
    execFileSync('umount', [dir]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const message = (i: number): ChatMessage => ({
  id: `m${i}`,
  peer: '+15550101',
  direction: 'in',
  text: `message ${i} `.padEnd(1500, 'x'),
  at: i,
  state: 'received',
});

describe('chat storage on a full disk', () => {
  it('says disk-full, keeps what was stored, and works again when space is freed', async () => {
    const store = ChatStore.open(join(dir, 'yakker.db'), silentLogger);
    opened.push(store);
    writeFileSync(join(dir, 'filler'), Buffer.alloc(32 * 1024));
    let stored = 0;
    let failure: unknown = null;
    for (let i = 0; i < 1000 && failure === null; i++) {
      try {
        store.messages.insert(message(i));
        stored++;
      } catch (error) {
        failure = error;
      }
    }
    expect(stored).toBeGreaterThan(0);
    expect(failure).toMatchObject({ code: 'disk-full' });
    expect((failure as Error).message).toMatch(/disk is full/i);
    expect(store.messages.list('+15550101', undefined, 500)).toHaveLength(stored);

    // The message service on the same full store: MESSAGE answered 503, send says disk-full.
    const bus = new EventBus();
    const service = new MessageService({
      store,
      bus,
      logger: silentLogger,
      identities: {
        current: () => Promise.reject(new Error('unused')),
        credentials: () => Promise.reject(new Error('unused')),
      },
      account: {
        current: () => Promise.resolve({ identityRef: 'me', aor: 'sip:+15550100@a.provider.test' }),
      },
      directory: {
        certificates: () => Promise.reject(new Error('unused')),
        target: () => Promise.reject(new Error('unused')),
      },
    });
    expect(await codeOf(service.send('+15550101', 'y'.repeat(4000)))).toBe('disk-full');
    expect(store.messages.list('+15550101', undefined, 500)).toHaveLength(stored);

    rmSync(join(dir, 'filler'));
    expect(store.messages.insert(message(5000))).toBe(true);
    store.close();
    const reopened = ChatStore.open(join(dir, 'yakker.db'), silentLogger);
    opened.push(reopened);
    expect(reopened.messages.list('+15550101', undefined, 1000)).toHaveLength(stored + 1);
    reopened.close();
  });
});
