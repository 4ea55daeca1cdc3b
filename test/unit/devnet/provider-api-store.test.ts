/**
 * The provider API's state (devnet/src/provider-api/api-store.ts) on a real SQLite file in a
 * temporary folder: top-up tokens work once and expire, nonces are single use, call records are
 * charged rate x duration exactly once (longest prefix), refused operations change nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApiStore, type ApiStore } from '../../../devnet/src/provider-api/api-store';
import { chargeMicros, formatMicros } from '../../../devnet/src/provider-api/rates';
import { bdecode, bencode } from '../../../devnet/src/media/bencode';

let dir: string;
let store: ApiStore;
const T0 = 1_800_000_000_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yakker-api-store-'));
  store = openApiStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('api store', () => {
  it('creates, re-issues, closes and reopens an account, keeping the balance', () => {
    expect(store.upsertAccount('+15550100', '+15550100', 'k1', T0)).toBe('created');
    expect(store.upsertAccount('+15550100', '+15550100', 'k2', T0)).toBe('reissued');
    expect(store.closeAccount('+15550100', T0)).toBe(true);
    expect(store.closeAccount('+15550100', T0)).toBe(false);
    expect(store.account('+15550100')?.closedAt).toBe(T0);
    expect(store.upsertAccount('+15550100', '+15550100', 'k3', T0)).toBe('reopened');
    expect(store.account('+15550100')).toMatchObject({
      keyId: 'k3',
      closedAt: null,
      balanceMicros: 0,
    });
  });

  it('redeems a top-up token once, and not after it expired', () => {
    store.upsertAccount('+15550100', '+15550100', 'k', T0);
    store.createTopUp('+15550100', 'token-1', T0 + 60_000);
    store.createTopUp('+15550100', 'token-2', T0 + 60_000);
    expect(store.topUpState('token-1', T0)).toEqual({
      ok: true,
      number: '+15550100',
      balanceMicros: 0,
    });
    expect(store.redeemTopUp('token-1', 5_000_000, T0)).toEqual({
      ok: true,
      number: '+15550100',
      balanceMicros: 5_000_000,
    });
    expect(store.redeemTopUp('token-1', 5_000_000, T0)).toEqual({ ok: false, reason: 'used' });
    expect(store.redeemTopUp('token-2', 5_000_000, T0 + 60_000)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(store.redeemTopUp('nope', 5_000_000, T0)).toEqual({ ok: false, reason: 'unknown' });
    expect(store.account('+15550100')?.balanceMicros).toBe(5_000_000);
    store.createTopUp('+15550100', 'token-3', T0 + 60_000);
    store.closeAccount('+15550100', T0);
    expect(store.redeemTopUp('token-3', 1_000_000, T0)).toEqual({ ok: false, reason: 'closed' });
    expect(store.account('+15550100')?.balanceMicros).toBe(5_000_000);
  });

  it('remembers a nonce until it expires', () => {
    expect(store.nonceSeen('n-1', T0)).toBe(false);
    expect(store.rememberNonce('n-1', T0 + 120_000, T0)).toBe(true);
    expect(store.nonceSeen('n-1', T0)).toBe(true);
    expect(store.rememberNonce('n-1', T0 + 120_000, T0)).toBe(false);
    expect(store.nonceSeen('n-1', T0 + 120_000)).toBe(false);
    expect(store.rememberNonce('n-1', T0 + 240_000, T0 + 120_000)).toBe(true);
  });

  it('charges each call record once, at the longest matching prefix', () => {
    store.upsertAccount('+15550100', '+15550100', 'k', T0);
    store.createTopUp('+15550100', 't', T0 + 1);
    store.redeemTopUp('t', 1_000_000, T0);
    expect(store.rateFor('+15550150')?.perMinuteMicros).toBe(20_000);
    expect(store.rateFor('+15550190')?.perMinuteMicros).toBe(50_000);
    expect(store.rateFor('+15550200')).toBeNull();
    const records = [
      { id: 1, callId: 'c1', srcUser: '+15550100', dstUser: '+15550150', seconds: 90 },
      { id: 2, callId: 'c2', srcUser: '+15550100', dstUser: '+15550190', seconds: 3.25 },
    ];
    expect(store.applyCallRecords(records, T0)).toBe(2);
    expect(store.applyCallRecords(records, T0)).toBe(0);
    expect(store.lastChargedCdrId()).toBe(2);
    // 90 s at 0.02/min = 0.03; 3.25 s at 0.05/min = 0.00270833... -> 2709 micro-units (rounded up).
    expect(store.charges('+15550100', 10).map((c) => c.amountMicros)).toEqual([2709, 30_000]);
    expect(store.account('+15550100')?.balanceMicros).toBe(1_000_000 - 30_000 - 2709);
  });
});

describe('money and bencode helpers', () => {
  it('rounds charges up to a micro-unit and formats amounts', () => {
    expect(chargeMicros(20_000, 60)).toBe(20_000);
    expect(chargeMicros(20_000, 0.001)).toBe(1);
    expect(chargeMicros(20_000, 0)).toBe(0);
    expect(formatMicros(1_000_000)).toBe('1.000000');
    expect(formatMicros(998_970)).toBe('0.998970');
    expect(formatMicros(-5)).toBe('-0.000005');
  });

  it('round-trips rtpengine NG messages and refuses broken ones', () => {
    const msg = { command: 'query', 'call-id': 'abc', flags: ['x', 'y'], n: 42 };
    expect(bencode(msg)).toBe('d7:call-id3:abc7:command5:query5:flagsl1:x1:ye1:ni42ee');
    expect(bdecode(Buffer.from(bencode(msg)))).toEqual(msg);
    expect(() => bdecode(Buffer.from('d3:abc'))).toThrow(/bdecode/);
    expect(() => bdecode(Buffer.from('5:ab'))).toThrow(/past the end/);
    expect(() => bdecode(Buffer.from('i1ei2e'))).toThrow(/trailing/);
  });
});
