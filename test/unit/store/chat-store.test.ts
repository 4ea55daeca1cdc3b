import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../shared/contract/areas/messages';
import { silentLogger } from '../../../main/core/logger';
import { ChatStore } from '../../../main/store/chat-store';
import { chatRows } from '../../../main/store/message-queries';
import { keyChanged } from '../../../main/store/peer-queries';

let dir: string;
let store: ChatStore;

const message = (over: Partial<ChatMessage>): ChatMessage => ({
  id: 'id-1',
  peer: '+15550101',
  direction: 'in',
  text: 'hello',
  at: 1000,
  state: 'received',
  ...over,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yakker-store-'));
  store = ChatStore.open(join(dir, 'yakker.db'), silentLogger);
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ChatStore', () => {
  it('runs in WAL mode with synchronous FULL', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('drops a second copy of a message id from the same peer, keeps the same id from another', () => {
    expect(store.messages.insert(message({}))).toBe(true);
    expect(store.messages.insert(message({ text: 'changed' }))).toBe(false);
    expect(store.messages.insert(message({ peer: '+15550102' }))).toBe(true);
    expect(store.messages.list('+15550101').map((m) => m.text)).toEqual(['hello']);
  });

  it('lists a thread oldest first, pages backwards with before/limit', () => {
    for (let i = 1; i <= 5; i++) store.messages.insert(message({ id: `m${i}`, at: i * 10 }));
    expect(store.messages.list('+15550101').map((m) => m.id)).toEqual([
      'm1',
      'm2',
      'm3',
      'm4',
      'm5',
    ]);
    expect(store.messages.list('+15550101', undefined, 2).map((m) => m.id)).toEqual(['m4', 'm5']);
    expect(store.messages.list('+15550101', 40, 2).map((m) => m.id)).toEqual(['m2', 'm3']);
  });

  it('keeps the outbox in the order written, only for messages still waiting', () => {
    for (const id of ['c', 'a', 'b']) {
      store.messages.insert(message({ id, direction: 'out', state: 'queued' }));
      store.outbox.add('+15550101', {
        id,
        target: 'sip:+15550101@b.test',
        contentType: 't',
        body: id,
      });
    }
    expect(store.outbox.waiting().map((o) => o.id)).toEqual(['c', 'a', 'b']);
    store.messages.setState('a', 'failed', 'nope');
    expect(store.outbox.waiting().map((o) => o.id)).toEqual(['c', 'b']);
    store.messages.setState('a', 'queued');
    expect(store.outbox.waiting().map((o) => o.id)).toEqual(['c', 'a', 'b']);
  });

  it('keeps history, outbox and peers across closing and reopening', () => {
    store.messages.insert(message({ id: 'o', direction: 'out', state: 'sending' }));
    store.outbox.add('+15550101', { id: 'o', target: 'sip:t@b.test', contentType: 't', body: 'x' });
    store.peers.seen('+15550101', 'aa', 1);
    store.close();
    store = ChatStore.open(join(dir, 'yakker.db'), silentLogger);
    expect(store.messages.getOutgoing('o')?.state).toBe('sending');
    expect(store.messages.requeueInterrupted()).toBe(1);
    expect(store.outbox.waiting().map((o) => o.id)).toEqual(['o']);
    expect(store.peers.get('+15550101')?.lastFingerprint).toBe('aa');
  });

  it('summarises chats with the newest message and unread counts, newest chat first', () => {
    store.messages.insert(message({ id: '1', at: 10 }), { unread: true });
    store.messages.insert(message({ id: '2', at: 20, text: 'second' }), { unread: true });
    store.messages.insert(message({ id: '3', at: 15, peer: 'sip:carol@b.test', text: 'c' }));
    expect(chatRows(store.db)).toEqual([
      { peer: '+15550101', lastMessage: 'second', lastAt: 20, unread: 2 },
      { peer: 'sip:carol@b.test', lastMessage: 'c', lastAt: 15, unread: 0 },
    ]);
    expect(store.messages.markRead('+15550101')).toBe(2);
    expect(chatRows(store.db)[0]?.unread).toBe(0);
  });

  it('flags a changed certificate until it is acknowledged', () => {
    expect(keyChanged(store.peers.seen('+15550101', 'aa', 1))).toBe(false);
    expect(keyChanged(store.peers.seen('+15550101', 'aa', 2))).toBe(false);
    const changed = store.peers.seen('+15550101', 'bb', 3);
    expect(keyChanged(changed)).toBe(true);
    expect(changed.changedAt).toBe(3);
    expect(store.peers.acknowledge('+15550101')).toBe(true);
    expect(keyChanged(store.peers.get('+15550101'))).toBe(false);
    expect(store.peers.acknowledge('+19999999')).toBe(false);
  });

  it('keeps call history newest first and logs a call once per Call-ID and direction', () => {
    const call = {
      callId: 'k1',
      peer: '+15550101',
      direction: 'incoming' as const,
      outcome: 'missed' as const,
      startedAt: 5,
      durationSeconds: 0,
    };
    const id = store.calls.add(call);
    expect(store.calls.add(call)).toBe(id);
    store.calls.add({
      ...call,
      callId: 'k2',
      startedAt: 9,
      outcome: 'answered',
      durationSeconds: 61,
      verdict: 'verified',
    });
    expect(store.calls.list().map((c) => [c.outcome, c.verdict])).toEqual([
      ['answered', 'verified'],
      ['missed', undefined],
    ]);
  });

  it('keeps a damaged database aside (renamed, bytes intact) and starts a new one', () => {
    store.close();
    const path = join(dir, 'yakker.db');
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    const garbage = Buffer.from('this is not an SQLite database at all, just bytes '.repeat(200));
    writeFileSync(path, garbage);
    store = ChatStore.open(path, silentLogger, () => 42);
    expect(store.keptAside).toBe(`${path}.corrupt-42`);
    expect(readFileSync(`${path}.corrupt-42`)).toEqual(garbage);
    expect(store.messages.insert(message({}))).toBe(true);
    expect(readdirSync(dir).sort()).toContain('yakker.db.corrupt-42');
  });

  it('keeps a database with a damaged page aside too', () => {
    for (let i = 0; i < 300; i++)
      store.messages.insert(message({ id: `m${i}`, text: 'x'.repeat(200) }));
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const path = join(dir, 'yakker.db');
    const bytes = readFileSync(path);
    // Overwrite the middle of the file (b-tree pages), leave the header readable.
    bytes.fill(0xa5, 4096 * 3, 4096 * 6);
    writeFileSync(path, bytes);
    store = ChatStore.open(path, silentLogger, () => 7);
    expect(store.keptAside).toBe(`${path}.corrupt-7`);
    expect(existsSync(`${path}.corrupt-7`)).toBe(true);
    expect(store.messages.list('+15550101')).toEqual([]);
  });

  it('says storage-failed, and deletes nothing, when the folder cannot be written', () => {
    store.close();
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    expect(() => ChatStore.open(join(file, 'yakker.db'), silentLogger)).toThrow(
      expect.objectContaining({ code: 'storage-failed' }),
    );
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});
