import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SipTarget } from '../../../main/resolver/locate/locate-types';
import type { TlsaRecordData } from '../../../main/resolver/locate/tlsa-lookup';
import { checkDane, trustFor } from '../../../main/sip/tls-trust';

const dir = mkdtempSync(join(tmpdir(), 'yakker-dane-'));
let ca: X509Certificate;
let leaf: X509Certificate;
let stranger: X509Certificate;

const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

beforeAll(() => {
  const p = (f: string) => join(dir, f);
  openssl(
    'req',
    '-x509',
    ...EC,
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=test-ca',
  );
  openssl(
    'req',
    '-new',
    ...EC,
    '-keyout',
    p('leaf.key'),
    '-out',
    p('leaf.csr'),
    '-subj',
    '/CN=sip.example.test',
  );
  writeFileSync(p('ext'), 'subjectAltName=DNS:sip.example.test\n');
  openssl(
    'x509',
    '-req',
    '-in',
    p('leaf.csr'),
    '-CA',
    p('ca.pem'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-out',
    p('leaf.pem'),
    '-days',
    '2',
    '-extfile',
    p('ext'),
  );
  openssl(
    'req',
    '-x509',
    ...EC,
    '-keyout',
    p('s.key'),
    '-out',
    p('s.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=sip.example.test',
  );
  ca = new X509Certificate(readFileSync(p('ca.pem')));
  leaf = new X509Certificate(readFileSync(p('leaf.pem')));
  stranger = new X509Certificate(readFileSync(p('s.pem')));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const spki = (c: X509Certificate) => c.publicKey.export({ type: 'spki', format: 'der' });
const hash = (alg: string, data: Buffer) => createHash(alg).update(data).digest('hex');
const rec = (
  usage: number,
  selector: number,
  matchingType: number,
  data: string,
): TlsaRecordData => ({
  usage,
  selector,
  matchingType,
  data,
});

describe('DANE (RFC 6698 / 7671) certificate matching', () => {
  it('DANE-EE 3 1 1, 3 0 1, 3 1 2 and 3 0 0 match the leaf', () => {
    const chain = [leaf, ca];
    for (const r of [
      rec(3, 1, 1, hash('sha256', spki(leaf))),
      rec(3, 0, 1, hash('sha256', leaf.raw)),
      rec(3, 1, 2, hash('sha512', spki(leaf))),
      rec(3, 0, 0, leaf.raw.toString('hex')),
    ])
      expect(checkDane(chain, [r], 'whatever.name')).toBeNull();
  });

  it('DANE-EE that names another key is refused, whatever the CA says', () => {
    const r = rec(3, 1, 1, hash('sha256', spki(stranger)));
    expect(checkDane([leaf, ca], [r], 'sip.example.test')).toMatch(/matches none/);
    expect(checkDane([], [r], 'sip.example.test')).toMatch(/no certificate/);
  });

  it('DANE-TA 2 0 1: the presented CA, the leaf signed by it and naming the host', () => {
    const r = rec(2, 0, 1, hash('sha256', ca.raw));
    expect(checkDane([leaf, ca], [r], 'sip.example.test')).toBeNull();
    expect(checkDane([leaf, ca], [r], 'other.example.test')).toMatch(/matches none/);
    expect(checkDane([stranger, ca], [r], 'sip.example.test')).toMatch(/matches none/);
  });

  it('trustFor: secure usable TLSA → DANE; otherwise the profile CA; otherwise the system roots', () => {
    const target = (tlsa: SipTarget['tlsa']): SipTarget => ({
      transport: 'tls',
      host: 'sip.example.test',
      port: 5061,
      addresses: ['127.0.0.1'],
      tlsa,
      status: 'secure',
      via: 'srv',
    });
    const records = [rec(3, 1, 1, 'ab'), rec(1, 1, 1, 'cd')];
    const usable = {
      owner: '_5061._tcp.sip.example.test',
      status: 'secure' as const,
      records,
      usable: true,
      reason: '',
    };
    expect(trustFor(target(usable), 'PEM')).toEqual({ kind: 'dane', records: [records[0]] });
    expect(trustFor(target({ ...usable, records: [rec(1, 1, 1, 'cd')] }), 'PEM')).toEqual({
      kind: 'ca',
      caPem: 'PEM',
    });
    expect(trustFor(target({ ...usable, usable: false, status: 'insecure' }), null)).toEqual({
      kind: 'system',
    });
    expect(trustFor(target(null), 'PEM')).toEqual({ kind: 'ca', caPem: 'PEM' });
  });
});
