/**
 * OpenSSL as the independent check for certificates and S/MIME, both directions: what we make
 * `openssl` reads, and what `openssl` makes we read.
 */
import { describe, expect, it } from 'vitest';
import { MemorySeenMessageIds } from '../../main/crypto/seen-message-ids';
import { openMessage, sealMessage } from '../../main/crypto/smime-message';
import { codeOf } from '../support/error-code';
import { opensslPeers } from '../support/openssl-workdir';

const peers = opensslPeers();
const openssl = (args: string[]) => peers.work.openssl(args);
const file = (name: string, content: string | Buffer) => peers.work.write(name, content);
const read = (name: string) => peers.work.read(name);

describe('certificates', () => {
  it('pass openssl x509 -text and openssl verify -partial_chain', () => {
    const text = openssl(['x509', '-in', 'bob.pem', '-noout', '-text']);
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
    expect(text).toContain('NIST CURVE: P-256');
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Agreement/);
    expect(text).toContain('URI:tel:+15550101, URI:sip:bob@example.org');
    expect(openssl(['verify', '-partial_chain', '-CAfile', 'bob.pem', 'bob.pem']).trim()).toMatch(
      /: OK$/,
    );
  });
});

describe('S/MIME interop', () => {
  it('what we seal, openssl cms -decrypt then -verify accepts', () => {
    const sealed = sealMessage({
      sender: peers.alice,
      recipients: [peers.bob.certificate],
      body: 'to openssl',
      now: new Date(),
    });
    file('ours.p7m', sealed.entity);
    openssl([
      'cms',
      '-decrypt',
      '-in',
      'ours.p7m',
      '-recip',
      'bob.pem',
      '-inkey',
      'bob.key',
      '-out',
      'inner.smime',
    ]);
    // Also the sender's own copy.
    openssl([
      'cms',
      '-decrypt',
      '-in',
      'ours.p7m',
      '-recip',
      'alice.pem',
      '-inkey',
      'alice.key',
      '-out',
      'own.smime',
    ]);
    expect(read('inner.smime').toString('latin1')).toContain('smime-type=signed-data');
    const content = openssl([
      'cms',
      '-verify',
      '-in',
      'inner.smime',
      '-CAfile',
      'alice.pem',
      '-partial_chain',
    ]);
    expect(content).toContain('Content-Type: message/cpim');
    expect(content).toContain('From: <tel:+15550100>');
    expect(content).toContain(`imdn.Message-ID: ${sealed.cpim.messageId}`);
    expect(content.endsWith('to openssl')).toBe(true);
  });

  it('what openssl cms -sign then -encrypt makes with our key and certificate, we open', async () => {
    const cpim =
      'Content-Type: message/cpim\r\n\r\nFrom: <tel:+15550100>\r\nTo: <tel:+15550101>\r\n' +
      `DateTime: ${new Date().toISOString()}\r\nNS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: from-openssl-1\r\n\r\n` +
      'Content-Type: text/plain\r\n\r\nfrom openssl';
    file('cpim.txt', cpim);
    openssl([
      'cms',
      '-sign',
      '-in',
      'cpim.txt',
      '-signer',
      'alice.pem',
      '-inkey',
      'alice.key',
      '-nodetach',
      '-binary',
      '-out',
      'signed.smime',
    ]);
    // OpenSSL's default ECDH KDF (SHA-1 X9.63) and the SHA-256 one we write ourselves.
    openssl([
      'cms',
      '-encrypt',
      '-in',
      'signed.smime',
      '-aes256',
      '-out',
      'theirs1.p7m',
      'bob.pem',
    ]);
    openssl([
      'cms',
      '-encrypt',
      '-in',
      'signed.smime',
      '-aes128',
      '-out',
      'theirs2.p7m',
      '-recip',
      'bob.pem',
      '-keyopt',
      'ecdh_kdf_md:sha256',
    ]);
    const seenIds = new MemorySeenMessageIds();
    for (const name of ['theirs1.p7m', 'theirs2.p7m']) {
      const opened = await openMessage({
        message: read(name),
        credentials: [peers.bob],
        senderCertificate: peers.alice.certificate,
        expectedSender: 'tel:+15550100',
        now: new Date(),
        seenIds: new MemorySeenMessageIds(),
      });
      expect(opened).toMatchObject({
        from: 'tel:+15550100',
        messageId: 'from-openssl-1',
        body: 'from openssl',
      });
    }
    await openMessage({
      message: read('theirs1.p7m'),
      credentials: [peers.bob],
      senderCertificate: peers.alice.certificate,
      now: new Date(),
      seenIds,
    });
    expect(
      await codeOf(
        openMessage({
          message: read('theirs2.p7m'),
          credentials: [peers.bob],
          senderCertificate: peers.alice.certificate,
          now: new Date(),
          seenIds,
        }),
      ),
    ).toBe('crypto-replay');
  });

  it('openssl messages signed by someone else fail the sender check', async () => {
    file(
      'cpim2.txt',
      'Content-Type: message/cpim\r\n\r\nFrom: <tel:+15550101>\r\n' +
        `DateTime: ${new Date().toISOString()}\r\nimdn.Message-ID: x2\r\n\r\n\r\nhi`,
    );
    openssl([
      'cms',
      '-sign',
      '-in',
      'cpim2.txt',
      '-signer',
      'bob.pem',
      '-inkey',
      'bob.key',
      '-nodetach',
      '-binary',
      '-out',
      's2.smime',
    ]);
    openssl(['cms', '-encrypt', '-in', 's2.smime', '-aes256', '-out', 'm2.p7m', 'bob.pem']);
    const message = read('m2.p7m');
    expect(
      await codeOf(
        openMessage({
          message,
          credentials: [peers.bob],
          senderCertificate: peers.alice.certificate,
          now: new Date(),
          seenIds: new MemorySeenMessageIds(),
        }),
      ),
    ).toBe('crypto-sender-mismatch');
  });
});
