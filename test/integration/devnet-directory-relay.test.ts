/**
 * The pairing relay mailbox on the directory service (docs/pairing.md "Relay", issue 7), over
 * real HTTPS with the devnet CA: two parties exchange frames both ways (queued and by long-poll),
 * byte for byte and in order; a frame is gone once read; mailboxes expire (the service's clock is
 * injected, so expiry needs no waiting); oversize frames, full queues, unknown or malformed
 * mailbox ids and wrong content types are refused clearly and change nothing. The store's
 * finer points (a reader that left, waiters at expiry) are in test/unit/devnet/relay-mailbox.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureAuthority,
  ensureDevnetCa,
  startDirectoryService,
  type RunningDirectory,
} from '../../devnet/src/index';
import { directoryClient, errorCode, type DirectoryClient } from '../support/directory-client';

const dir = mkdtempSync(join(tmpdir(), 'yakker-directory-relay-'));
const clock = { now: Date.now() };
const TTL_MS = 5 * 60_000;
const MAX_FRAME = 65_537;
let service: RunningDirectory;
let api: DirectoryClient;

beforeAll(async () => {
  const ca = await ensureDevnetCa(join(dir, 'ca'));
  service = await startDirectoryService({
    dir: join(dir, 'directory'),
    ca,
    authority: await ensureAuthority(join(dir, 'authority')),
    providers: () => [],
    publish: () => Promise.reject(new Error('the relay test publishes nothing')),
    dns: { host: '127.0.0.1', port: 9 },
    suffix: 'e164.yakker.test.',
    now: () => clock.now,
    relayLimits: { ttlMs: TTL_MS, maxFrameBytes: MAX_FRAME, maxQueuedFrames: 4 },
  });
  api = directoryClient(service.url, ca.certPem);
});

afterAll(async () => {
  await service.stop();
  rmSync(dir, { recursive: true, force: true });
});

const newId = (): string => randomBytes(16).toString('hex');
const open = (id: string) => api.send('POST', `/v1/relay/${id}`);
const put = (
  id: string,
  to: 'holder' | 'joiner',
  frame: Buffer | string,
  type = 'application/octet-stream',
) =>
  api.send('POST', `/v1/relay/${id}/to/${to}`, { raw: frame, headers: { 'content-type': type } });
const take = (id: string, side: 'holder' | 'joiner', wait = 0) =>
  api.send('GET', `/v1/relay/${id}/to/${side}?wait=${wait}`);

describe('directory relay mailbox', () => {
  it('two parties exchange frames both ways, in order, byte for byte; read frames are gone', async () => {
    const id = newId();
    const opened = await open(id);
    expect(opened.status, opened.text).toBe(201);
    expect(new Date((opened.json as { expiresAt: string }).expiresAt).getTime()).toBe(
      clock.now + TTL_MS,
    );
    const first = Buffer.from([0x00, 0x30, 0xff, 0x00, 0x7f]);
    const second = randomBytes(300);
    expect((await put(id, 'holder', first)).status).toBe(202);
    expect((await put(id, 'holder', second)).json).toEqual({ queued: 2 });
    const got1 = await take(id, 'holder');
    expect(got1.status).toBe(200);
    expect(got1.headers['content-type']).toBe('application/octet-stream');
    expect(got1.body.equals(first)).toBe(true);
    expect((await take(id, 'holder')).body.equals(second)).toBe(true);
    expect((await take(id, 'holder')).status).toBe(204);
    // The other way, by long-poll: the joiner asks first and gets the frame once it comes (which
    // of the two requests reaches the server first is not ours to fix here: unit test).
    const waiting = take(id, 'joiner', 25);
    const reply = randomBytes(1000);
    expect((await put(id, 'joiner', reply)).status).toBe(202);
    const delivered = await waiting;
    expect(delivered.status).toBe(200);
    expect(delivered.body.equals(reply)).toBe(true);
    expect((await take(id, 'joiner')).status).toBe(204);
    expect((await take(id, 'holder')).status).toBe(204);
  });

  it('a mailbox expires with its frames (a waiting reader is let go: unit test)', async () => {
    const id = newId();
    expect((await open(id)).status).toBe(201);
    expect((await put(id, 'joiner', Buffer.from('unread'))).status).toBe(202);
    clock.now += TTL_MS + 1000;
    for (const reply of [await take(id, 'joiner'), await put(id, 'joiner', Buffer.from('late'))]) {
      expect(reply.status).toBe(404);
      expect(errorCode(reply)).toBe('mailbox-unknown');
    }
    // The id can be opened again, and nothing of before is in it.
    expect((await open(id)).status).toBe(201);
    expect((await take(id, 'joiner')).status).toBe(204);
  });

  it('refuses an oversize frame and keeps the queue; a frame of the largest size passes', async () => {
    const id = newId();
    await open(id);
    const tooBig = await put(id, 'holder', randomBytes(MAX_FRAME + 1));
    expect(tooBig.status).toBe(413);
    expect(errorCode(tooBig)).toBe('frame-too-large');
    expect((await take(id, 'holder')).status).toBe(204);
    const largest = randomBytes(MAX_FRAME);
    expect((await put(id, 'holder', largest)).status).toBe(202);
    expect((await take(id, 'holder')).body.equals(largest)).toBe(true);
  });

  it('refuses unknown and malformed mailboxes, a second open, full queues, empty frames, wrong types', async () => {
    const unknown = newId();
    for (const reply of [
      await take(unknown, 'holder'),
      await put(unknown, 'holder', Buffer.from('x')),
    ]) {
      expect(reply.status).toBe(404);
      expect(errorCode(reply)).toBe('mailbox-unknown');
    }
    expect((await open(unknown)).status).toBe(201);
    const again = await open(unknown);
    expect([again.status, errorCode(again)]).toEqual([409, 'mailbox-exists']);
    for (const bad of ['abc', newId().toUpperCase(), `${newId()}00`]) {
      const reply = await take(bad, 'holder');
      expect([reply.status, errorCode(reply)]).toEqual([400, 'invalid-mailbox-id']);
    }
    const id = newId();
    await open(id);
    for (let i = 0; i < 4; i++)
      expect((await put(id, 'holder', Buffer.from([i]))).status).toBe(202);
    const full = await put(id, 'holder', Buffer.from([9]));
    expect([full.status, errorCode(full)]).toEqual([429, 'mailbox-full']);
    const empty = await put(id, 'joiner', Buffer.alloc(0));
    expect([empty.status, errorCode(empty)]).toEqual([400, 'frame-empty']);
    const json = await put(id, 'joiner', '{"a":1}', 'application/json');
    expect([json.status, errorCode(json)]).toEqual([415, 'unsupported-media-type']);
    const longWait = await take(id, 'holder', 26);
    expect([longWait.status, errorCode(longWait)]).toEqual([400, 'invalid-request']);
    // Nothing refused reached a queue: the four frames, then nothing.
    for (let i = 0; i < 4; i++) expect([...(await take(id, 'holder')).body]).toEqual([i]);
    expect((await take(id, 'holder')).status).toBe(204);
    expect((await take(id, 'joiner')).status).toBe(204);
  });
});
