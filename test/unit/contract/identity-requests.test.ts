import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import type { Identity } from '../../../shared/contract/requests';
import type { Result } from '../../../shared/contract/result';
import { createTestApp } from '../../support/test-app';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function app() {
  const t = createTestApp();
  cleanups.push(t.cleanup);
  return t;
}

describe('identity requests', () => {
  it('creates an identity in the keychain and lists it with public data only', async () => {
    const { app: a, keyStore } = app();
    expect(await dispatch(a.handlers, 'identities.list', {})).toEqual({ ok: true, value: [] });
    const created = await dispatch(a.handlers, 'identities.create', {
      tel: '+15550100',
      name: 'Work',
    });
    expect(created).toMatchObject({
      ok: true,
      value: {
        name: 'Work',
        tel: '+15550100',
        keyType: 'p256',
        features: expect.arrayContaining(['calls', 'messages']) as unknown,
      },
    });
    const listed = (await dispatch(a.handlers, 'identities.list', {})) as Result<Identity[]>;
    expect(listed.ok && listed.value).toHaveLength(1);
    const value = JSON.stringify(listed);
    expect(value).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
    // The fingerprint is the SHA-256 of the certificate the keychain holds.
    const pem = [...keyStore.items.values()]
      .join('\n')
      .match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/)?.[0];
    expect(pem).toBeDefined();
    const fingerprint = new X509Certificate(pem!.replace(/\\n/g, '\n')).fingerprint256
      .replace(/:/g, '')
      .toLowerCase();
    expect(listed.ok && listed.value[0]?.fingerprint).toBe(fingerprint);
  });

  it('asks for a number or SIP address', async () => {
    const result = await dispatch(app().app.handlers, 'identities.create', { name: 'Nothing' });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('rejects a malformed number', async () => {
    const result = await dispatch(app().app.handlers, 'identities.create', { tel: 'call me' });
    expect(result.ok).toBe(false);
  });

  it('passes keychain failures through with their codes (fail closed)', async () => {
    const t = app();
    t.keyStore.state = 'locked';
    expect(await dispatch(t.app.handlers, 'identities.list', {})).toMatchObject({
      ok: false,
      error: { code: 'keychain-locked' },
    });
    t.keyStore.state = 'unavailable';
    expect(await dispatch(t.app.handlers, 'identities.create', { tel: '+15550100' })).toMatchObject(
      { ok: false, error: { code: 'keychain-unavailable' } },
    );
    expect(t.keyStore.items.size).toBe(0);
  });
});
