import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../shared/contract/areas/messages';
import { placeMessage, prependPage } from '../../../renderer/src/hooks/useChats';

const msg = (id: string, at: number, patch: Partial<ChatMessage> = {}): ChatMessage => ({
  id,
  peer: '+15550101',
  direction: 'out',
  text: id,
  at,
  state: 'sent',
  ...patch,
});
const ids = (list: ChatMessage[]) => list.map((m) => `${m.direction}-${m.id}`);

describe('a thread kept in time order without re-sorting', () => {
  it('appends the newest, inserts a late one in place, replaces a changed one', () => {
    let list = [msg('a', 10), msg('b', 20)];
    list = placeMessage(list, msg('c', 30));
    expect(ids(list)).toEqual(['out-a', 'out-b', 'out-c']);
    list = placeMessage(list, msg('late', 15, { direction: 'in', state: 'received' }));
    expect(ids(list)).toEqual(['out-a', 'in-late', 'out-b', 'out-c']);
    const before = list;
    list = placeMessage(list, msg('b', 20, { state: 'failed' }));
    expect(ids(list)).toEqual(['out-a', 'in-late', 'out-b', 'out-c']);
    expect(list[2]?.state).toBe('failed');
    expect(before[2]?.state).toBe('sent'); // a new array: React sees the change
  });

  it('an incoming and an outgoing message with the same id are two messages', () => {
    const list = placeMessage([msg('x', 10)], msg('x', 11, { direction: 'in' }));
    expect(ids(list)).toEqual(['out-x', 'in-x']);
  });

  it('an earlier page goes in front, without the messages already shown (same millisecond)', () => {
    const shown = [msg('c', 30), msg('d', 40)];
    // Read with before = 30 + 1: it repeats c, which shares the boundary millisecond.
    const page = [msg('a', 10), msg('b', 30), msg('c', 30)];
    expect(ids(prependPage(shown, page))).toEqual(['out-a', 'out-b', 'out-c', 'out-d']);
  });
});
