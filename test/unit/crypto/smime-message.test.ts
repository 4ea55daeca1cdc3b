import { describe, expect, it, beforeAll } from 'vitest';
import { YakkerError } from '../../../shared/contract/result';
import { createEnvelopedData } from '../../../main/crypto/cms-enveloped-data';
import { createSignedData } from '../../../main/crypto/cms-signed-data';
import { MemorySeenMessageIds } from '../../../main/crypto/seen-message-ids';
import { extractCmsDer, formatSmimeEntity } from '../../../main/crypto/smime-entity';
import { openMessage, sealMessage, type OpenInput } from '../../../main/crypto/smime-message';
import { formatCpimEntity } from '../../../shared/crypto/cpim';
import { makeTestIdentity, type TestIdentity } from '../../support/crypto-fixtures';

let alice: TestIdentity;
let bob: TestIdentity;
let carol: TestIdentity;
const now = new Date();

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all([
    makeTestIdentity({ tel: '+15550100' }),
    makeTestIdentity({ tel: '+15550101', sip: 'sip:bob@example.org' }),
    makeTestIdentity({ sip: 'sip:carol@example.org' }),
  ]);
});

function seal(body = 'hello bob') {
  return sealMessage({ sender: alice, recipients: [bob.certificate], body, now });
}

function openAs(who: TestIdentity, message: Uint8Array | string, extra: Partial<OpenInput> = {}) {
  return openMessage({
    message: typeof message === 'string' ? Buffer.from(message) : message,
    credentials: [who],
    senderCertificate: alice.certificate,
    now,
    seenIds: new MemorySeenMessageIds(),
    ...extra,
  });
}

function flip(buf: Buffer, at: number, mask: number): void {
  buf.writeUInt8(buf.readUInt8(at) ^ mask, at);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    expect(error).toBeInstanceOf(YakkerError);
    return (error as YakkerError).code;
  }
}

/** Seals with a hand-built inner entity, to tamper with the layers in between. */
function sealRaw(innerSigned: Buffer, recipients = [bob.certificate]) {
  const inner = Buffer.from(formatSmimeEntity(innerSigned, 'signed-data'), 'latin1');
  return formatSmimeEntity(createEnvelopedData(inner, recipients), 'enveloped-data');
}

function cpimBytes(from: string, at = now, id = 'id-1') {
  return Buffer.from(
    formatCpimEntity({
      from,
      to: ['tel:+15550101'],
      dateTime: at,
      messageId: id,
      contentType: 'text/plain',
      body: 'x',
    }),
  );
}

describe('S/MIME seal and open (RFC 8591, wire profile "Messages")', () => {
  it('round-trips for the recipient and for the sender’s own copy', async () => {
    const sealed = seal('hello bob ✓');
    expect(sealed.entity).toMatch(
      /^MIME-Version: 1\.0\r\nContent-Type: application\/pkcs7-mime; smime-type=enveloped-data/,
    );
    const opened = await openAs(bob, sealed.entity);
    expect(opened).toMatchObject({
      from: 'tel:+15550100',
      to: ['tel:+15550101'],
      body: 'hello bob ✓',
    });
    expect(opened.messageId).toBe(sealed.cpim.messageId);
    expect((await openAs(alice, sealed.entity)).body).toBe('hello bob ✓');
  });

  it('accepts raw DER and bare base64 as well as the MIME entity', async () => {
    const { der } = seal();
    expect((await openAs(bob, der)).body).toBe('hello bob');
    expect((await openAs(bob, der.toString('base64'))).body).toBe('hello bob');
  });

  it('encrypts to several recipients', async () => {
    const sealed = sealMessage({
      sender: alice,
      recipients: [bob.certificate, carol.certificate],
      body: 'all',
      now,
    });
    expect((await openAs(carol, sealed.entity)).body).toBe('all');
    expect(sealed.cpim.to).toEqual(['tel:+15550101', 'sip:carol@example.org']);
  });

  it('truncated CMS → crypto-malformed', async () => {
    const { der } = seal();
    expect(await codeOf(openAs(bob, der.subarray(0, der.length - 40)))).toBe('crypto-malformed');
  });

  it('garbage → crypto-malformed', async () => {
    expect(await codeOf(openAs(bob, 'this is not a message at all!'))).toBe('crypto-malformed');
    expect(await codeOf(openAs(bob, Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00])))).toBe(
      'crypto-malformed',
    );
    expect(await codeOf(openAs(bob, ''))).toBe('crypto-malformed');
  });

  it('wrong recipient → crypto-not-recipient', async () => {
    expect(await codeOf(openAs(carol, seal().entity))).toBe('crypto-not-recipient');
  });

  it('tampered ciphertext → crypto-decrypt-failed', async () => {
    const der = Buffer.from(seal().der);
    flip(der, der.length - 20, 0x01); // inside the last block: padding breaks
    expect(await codeOf(openAs(bob, der))).toBe('crypto-decrypt-failed');
    const der2 = Buffer.from(seal().der);
    flip(der2, der2.length - 200, 0x80); // an earlier block: the inner entity no longer parses or verifies
    expect(['crypto-decrypt-failed', 'crypto-signature-invalid']).toContain(
      await codeOf(openAs(bob, der2)),
    );
  });

  it('tampered signature → crypto-signature-invalid', async () => {
    const signed = createSignedData(cpimBytes('tel:+15550100'), alice, now);
    const bad = Buffer.from(signed);
    flip(bad, bad.length - 5, 0x01); // inside the ECDSA signature value
    expect(await codeOf(openAs(bob, sealRaw(bad)))).toBe('crypto-signature-invalid');
  });

  it('tampered signed content → crypto-signature-invalid', async () => {
    const signed = Buffer.from(createSignedData(cpimBytes('tel:+15550100'), alice, now));
    const at = signed.indexOf(Buffer.from('Content-Type: text/plain'));
    flip(signed, at + 14, 0x20);
    expect(await codeOf(openAs(bob, sealRaw(signed)))).toBe('crypto-signature-invalid');
  });

  it('swapped sender (signed by Carol, claimed Alice) → crypto-sender-mismatch', async () => {
    const sealed = sealMessage({ sender: carol, recipients: [bob.certificate], body: 'hi', now });
    expect(await codeOf(openAs(bob, sealed.entity))).toBe('crypto-sender-mismatch');
  });

  it('CPIM From naming someone else → crypto-sender-mismatch', async () => {
    const signed = createSignedData(cpimBytes('tel:+15559999'), alice, now);
    expect(await codeOf(openAs(bob, sealRaw(signed)))).toBe('crypto-sender-mismatch');
    expect(await codeOf(openAs(bob, seal().entity, { expectedSender: 'tel:+15550199' }))).toBe(
      'crypto-sender-mismatch',
    );
  });

  it('replayed message → crypto-replay', async () => {
    const seenIds = new MemorySeenMessageIds();
    const { entity } = seal();
    await openAs(bob, entity, { seenIds });
    expect(await codeOf(openAs(bob, entity, { seenIds }))).toBe('crypto-replay');
  });

  it('stale or future DateTime → crypto-stale', async () => {
    const old = new Date(now.getTime() - 8 * 86_400_000);
    expect(
      await codeOf(
        openAs(bob, sealRaw(createSignedData(cpimBytes('tel:+15550100', old), alice, now))),
      ),
    ).toBe('crypto-stale');
    const future = new Date(now.getTime() + 3_600_000);
    expect(
      await codeOf(
        openAs(bob, sealRaw(createSignedData(cpimBytes('tel:+15550100', future), alice, now))),
      ),
    ).toBe('crypto-stale');
    expect(await codeOf(openAs(bob, seal().entity, { maxAgeMs: -1 }))).toBe('crypto-stale');
  });

  it('expired sender certificate → certificate-expired (open and seal)', async () => {
    const expired = await makeTestIdentity(
      { tel: '+15550100' },
      new Date(now.getTime() - 40 * 86_400_000),
      10,
    );
    expect(
      await codeOf(openAs(bob, seal().entity, { senderCertificate: expired.certificate })),
    ).toBe('certificate-expired');
    expect(() =>
      sealMessage({ sender: expired, recipients: [bob.certificate], body: 'x', now }),
    ).toThrow(expect.objectContaining({ code: 'certificate-expired' }));
  });

  it('signed content that is not CPIM → crypto-malformed', async () => {
    const signed = createSignedData(Buffer.from('just text'), alice, now);
    expect(await codeOf(openAs(bob, sealRaw(signed)))).toBe('crypto-malformed');
  });

  it('extractCmsDer refuses non-base64 S/MIME bodies', () => {
    const entity =
      'Content-Type: application/pkcs7-mime\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!';
    expect(() => extractCmsDer(Buffer.from(entity))).toThrow(
      expect.objectContaining({ code: 'crypto-malformed' }),
    );
  });
});
