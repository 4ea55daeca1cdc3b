import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import type { Handlers } from '../../../shared/contract/handlers';
import { REQUEST_NAMES } from '../../../shared/contract/requests';
import { YakkerError } from '../../../shared/contract/result';
import { createTestApp } from '../../support/test-app';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function handlersWith(overrides: Partial<Handlers>): Handlers {
  const { app, cleanup } = createTestApp();
  cleanups.push(cleanup);
  return { ...app.handlers, ...overrides };
}

describe('dispatch', () => {
  it('serves a valid request', async () => {
    const { app, cleanup } = createTestApp();
    const result = await dispatch(app.handlers, 'app.info', {});
    expect(result).toEqual({
      ok: true,
      value: {
        version: '0.0.0-test',
        host: 'test',
        platform: `${process.platform}-${process.arch}`,
      },
    });
    await cleanup();
  });

  it('refuses a name that is not in the contract, including prototype keys', async () => {
    const { app, cleanup } = createTestApp();
    for (const name of ['nope', 'constructor', '__proto__', 42, null, undefined, { a: 1 }]) {
      const result = await dispatch(app.handlers, name, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unknown-request');
    }
    await cleanup();
  });

  it('rejects malformed input with bad-request and says where', async () => {
    const { app, cleanup } = createTestApp();
    const cases: unknown[] = [
      { theme: 'purple' },
      { displayName: 5 },
      { extra: true },
      'string',
      [1, 2],
    ];
    for (const input of cases) {
      const result = await dispatch(app.handlers, 'settings.update', input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('bad-request');
        expect(result.error.message).toMatch(/settings\.update request was malformed/);
      }
    }
    await cleanup();
  });

  it('passes a coded service error through unchanged', async () => {
    const handlers = handlersWith({
      'status.get': () =>
        Promise.reject(new YakkerError('keychain-locked', 'Unlock your keychain.')),
    });
    expect(await dispatch(handlers, 'status.get', {})).toEqual({
      ok: false,
      error: { code: 'keychain-locked', message: 'Unlock your keychain.' },
    });
  });

  it('turns an unexpected throw into internal without leaking its message, and reports it', async () => {
    const reported: unknown[] = [];
    const handlers = handlersWith({
      'status.get': () => Promise.reject(new Error('secret path /home/x/key.pem')),
    });
    const result = await dispatch(handlers, 'status.get', {}, (_name, error) =>
      reported.push(error),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('internal');
      expect(result.error.message).not.toContain('secret');
    }
    expect(reported).toHaveLength(1);
  });

  it('checks what a handler returns against the output schema', async () => {
    const handlers = handlersWith({ 'app.info': () => Promise.resolve({ version: 1 } as never) });
    const result = await dispatch(handlers, 'app.info', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
  });

  it('has a handler for every request in the contract', () => {
    expect(Object.keys(handlersWith({})).sort()).toEqual([...REQUEST_NAMES].sort());
  });
});
