/**
 * The pairing requests end to end between two in-process apps (fake keychains) over a real
 * TCP listener on 127.0.0.1 only: link, wrong code, deny, keychain errors, events.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../../shared/contract/events';
import { dispatch } from '../../../shared/contract/dispatch';
import type { Handlers } from '../../../shared/contract/handlers';
import type {
  PairingStatus,
  RequestInput,
  RequestName,
  RequestOutput,
} from '../../../shared/contract/requests';
import { lanAddresses, parseHostList } from '../../../main/pairing/pairing-hosts';
import { createTestApp } from '../../support/test-app';

const cleanups: (() => Promise<void>)[] = [];
beforeEach(() => {
  vi.stubEnv('YAKKER_PAIRING_HOSTS', '127.0.0.1');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function device() {
  const t = createTestApp();
  cleanups.push(async () => {
    await dispatch(t.app.handlers, 'pairing.cancel', {});
    await t.cleanup();
  });
  const seen: PairingStatus[] = [];
  t.app.bus.subscribe((name: EventName, payload) => {
    if (name === 'pairing.changed') seen.push(payload as PairingStatus);
  });
  const next = (pred: (s: PairingStatus) => boolean) =>
    vi.waitFor(
      () => {
        const hit = seen.find(pred);
        if (!hit) throw new Error('not yet');
        return hit;
      },
      { timeout: 5000 },
    );
  return { ...t, h: t.app.handlers, seen, next };
}

/** A request that must succeed, typed by the contract. */
async function ok<K extends RequestName>(
  h: Handlers,
  name: K,
  input: RequestInput<K>,
): Promise<RequestOutput<K>> {
  const r = await dispatch(h, name, input);
  if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
  return r.value as RequestOutput<K>;
}

async function holderWithKey() {
  const a = device();
  const id = await ok(a.h, 'identities.create', { tel: '+15550100', name: 'Alice' });
  await ok(a.h, 'settings.update', { displayName: 'Alice', defaultCountry: 'DE' });
  return { a, id };
}

describe('pairing requests', () => {
  it('links a device: same fingerprint on the joiner, settings applied, no key in any event', async () => {
    const { a, id } = await holderWithKey();
    const b = device();
    const offer = await ok(a.h, 'pairing.start', { identityId: id.id });
    expect(offer.text).toMatch(/^YAKKER-PAIR:1:[A-Z2-7]+$/);
    expect(offer.qr.rows).toHaveLength(offer.qr.size);
    const shown = await ok(b.h, 'pairing.join', { text: offer.text, deviceName: 'Phone' });
    expect(shown).toMatchObject({ role: 'joiner', state: 'show-code' });
    const ask = await a.next((s) => s.state === 'confirm-needed');
    expect(ask.peerName).toBe('Phone');
    expect(ask.code).toBeUndefined(); // the holder never shows its own code
    expect(a.keyStore.items.size).toBeGreaterThan(0);
    await ok(a.h, 'pairing.confirm', { code: shown.code ?? '' });
    const done = await b.next((s) => s.state === 'done');
    expect(done.identity?.fingerprint).toBe(id.fingerprint);
    await a.next((s) => s.role === 'holder' && s.state === 'done');
    const listed = await ok(b.h, 'identities.list', {});
    expect(listed.map((i) => i.fingerprint)).toEqual([id.fingerprint]);
    expect(listed[0]).toMatchObject({ tel: '+15550100', name: 'Alice' });
    const settings = await ok(b.h, 'settings.get', {});
    expect(settings).toMatchObject({ displayName: 'Alice', defaultCountry: 'DE' });
    expect(JSON.stringify([...a.seen, ...b.seen])).not.toMatch(/PRIVATE KEY|BEGIN/);
  });

  it('a wrong code aborts both sides and stores nothing on the joiner', async () => {
    const { a, id } = await holderWithKey();
    const b = device();
    const offer = await ok(a.h, 'pairing.start', { identityId: id.id });
    const shown = await ok(b.h, 'pairing.join', { text: offer.text });
    await a.next((s) => s.state === 'confirm-needed');
    const wrong = shown.code === '000000' ? '111111' : '000000';
    const result = await ok(a.h, 'pairing.confirm', { code: wrong });
    expect(result).toMatchObject({ state: 'failed', error: { code: 'pairing-denied' } });
    const failed = await b.next((s) => s.state === 'failed');
    expect(failed.error?.code).toBe('pairing-denied');
    expect(b.keyStore.items.size).toBe(0);
  });

  it('deny ends both sides with pairing-denied', async () => {
    const { a, id } = await holderWithKey();
    const b = device();
    const offer = await ok(a.h, 'pairing.start', { identityId: id.id });
    await ok(b.h, 'pairing.join', { text: offer.text });
    await a.next((s) => s.state === 'confirm-needed');
    await ok(a.h, 'pairing.deny', {});
    expect((await b.next((s) => s.state === 'failed')).error?.code).toBe('pairing-denied');
    expect((await a.next((s) => s.state === 'failed')).error?.code).toBe('pairing-denied');
  });

  it('a second use of a code is refused', async () => {
    const { a, id } = await holderWithKey();
    const b = device();
    const c = device();
    const offer = await ok(a.h, 'pairing.start', { identityId: id.id });
    await ok(b.h, 'pairing.join', { text: offer.text });
    const second = await dispatch(c.h, 'pairing.join', { text: offer.text });
    expect(second.ok).toBe(false);
    expect(!second.ok && ['pairing-used', 'unavailable']).toContain(
      !second.ok && second.error.code,
    );
  });

  it('a locked keychain on the joiner fails closed before connecting', async () => {
    const { a, id } = await holderWithKey();
    const b = device();
    b.keyStore.state = 'locked';
    const offer = await ok(a.h, 'pairing.start', { identityId: id.id });
    const result = await dispatch(b.h, 'pairing.join', { text: offer.text });
    expect(result).toMatchObject({ ok: false, error: { code: 'keychain-locked' } });
    expect(a.seen.map((s) => s.state)).toEqual(['waiting']);
  });

  it('a keychain that locks before confirm stops the holder with its code, nothing sent', async () => {
    const { a, id } = await holderWithKey();
    const b = device();
    const offer = await ok(a.h, 'pairing.start', { identityId: id.id });
    const shown = await ok(b.h, 'pairing.join', { text: offer.text });
    await a.next((s) => s.state === 'confirm-needed');
    a.keyStore.state = 'locked';
    const result = await ok(a.h, 'pairing.confirm', { code: shown.code ?? '' });
    expect(result).toMatchObject({ state: 'failed', error: { code: 'keychain-locked' } });
    expect((await b.next((s) => s.state === 'failed')).error?.code).toBe('pairing-aborted');
    expect(b.keyStore.items.size).toBe(0);
  });

  it('a joiner keychain that fails on import is reported to both sides, never as linked', async () => {
    const { a, id } = await holderWithKey();
    const b = device();
    const offer = await ok(a.h, 'pairing.start', { identityId: id.id });
    const shown = await ok(b.h, 'pairing.join', { text: offer.text });
    await a.next((s) => s.state === 'confirm-needed');
    b.keyStore.state = 'locked'; // locks after the pre-flight check, before the import
    await ok(a.h, 'pairing.confirm', { code: shown.code ?? '' });
    expect((await b.next((s) => s.state === 'failed')).error?.code).toBe('keychain-locked');
    const holderEnd = await a.next((s) => s.state === 'failed');
    expect(holderEnd.error).toMatchObject({ code: 'pairing-aborted' });
    expect(holderEnd.error?.message).toMatch(/could not store the keys \(keychain-locked\)/);
    expect(a.seen.some((s) => s.state === 'done')).toBe(false);
    expect(b.keyStore.items.size).toBe(0);
  });

  it('refuses text that is not a pairing code, and an unknown identity', async () => {
    const b = device();
    expect(await dispatch(b.h, 'pairing.join', { text: 'hello' })).toMatchObject({
      ok: false,
      error: { code: 'pairing-invalid-code' },
    });
    expect(await dispatch(b.h, 'pairing.start', { identityId: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'identity-not-found' },
    });
    expect(await dispatch(b.h, 'pairing.confirm', { code: '123456' })).toMatchObject({
      ok: false,
    });
  });
});

describe('pairing hosts', () => {
  it('takes non-internal addresses, never link-local', () => {
    const info = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({
      address,
      family,
      internal,
      netmask: '',
      mac: '',
      cidr: null,
      ...(family === 'IPv6' ? { scopeid: 0 } : {}),
    });
    expect(
      lanAddresses({
        lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
        eth0: [info('192.168.1.20', 'IPv4'), info('fe80::1', 'IPv6'), info('fd00::20', 'IPv6')],
        wlan0: [info('169.254.3.4', 'IPv4')],
      } as never),
    ).toEqual(['192.168.1.20', 'fd00::20']);
  });

  it('validates the override list', () => {
    expect(parseHostList('127.0.0.1, ::1')).toEqual(['127.0.0.1', '::1']);
    expect(() => parseHostList('localhost')).toThrow(/not an IP/);
  });
});
