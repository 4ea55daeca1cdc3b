import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/event-bus';
import { silentLogger } from '../../../main/core/logger';
import { messagingServices } from '../../../main/messaging/messaging-services';

let dir = '';
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function services(bus: EventBus) {
  return messagingServices({
    dataDir: dir,
    logger: silentLogger,
    bus,
    identities: () => Promise.reject(new Error('unused')),
    directory: () => ({
      certificates: () => Promise.reject(new Error('unused')),
      target: () => Promise.reject(new Error('unused')),
    }),
    account: { current: () => Promise.reject(new Error('unused')) },
  });
}

describe('messagingServices', () => {
  it('tells the user when a damaged history file was kept aside, and where', async () => {
    dir = mkdtempSync(join(tmpdir(), 'yakker-messaging-services-'));
    writeFileSync(join(dir, 'yakker.db'), 'not a database '.repeat(100));
    const bus = new EventBus();
    const notices: unknown[] = [];
    bus.subscribe((name, payload) => {
      if (name === 'messages.storageNotice') notices.push(payload);
    });
    const s = services(bus);
    const store = await s.store();
    expect(store.keptAside).toMatch(/yakker\.db\.corrupt-\d+$/);
    expect(readFileSync(store.keptAside ?? '', 'utf8')).toContain('not a database');
    expect(notices).toEqual([{ message: expect.stringContaining(store.keptAside ?? '?') }]);
    await s.store();
    expect(notices).toHaveLength(1);
    s.close();
  });

  it('says nothing when the file is healthy', async () => {
    dir = mkdtempSync(join(tmpdir(), 'yakker-messaging-services-'));
    const bus = new EventBus();
    const names: string[] = [];
    bus.subscribe((name) => names.push(name));
    const s = services(bus);
    expect((await s.store()).keptAside).toBeNull();
    expect(names).toEqual([]);
    s.close();
  });
});
