import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { YakkerError } from '../../shared/contract/result';
import { pemBlocks } from '../crypto/der';
import { importPkcs12 } from '../crypto/pkcs12';
import type { KeyType } from './identity-types';

/** A private key and any certificates found in an imported file. */
export interface ImportedKeyMaterial {
  key: KeyObject;
  keyType: KeyType;
  /** DER certificates that belong to the key (others in the file are dropped). */
  certificates: Buffer[];
}

const PRIVATE_KEY_LABELS = [
  'PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
  'EC PRIVATE KEY',
  'RSA PRIVATE KEY',
];

/**
 * Reads a key file the user made by hand: PEM (PKCS#8, SEC1 `EC PRIVATE KEY`, PKCS#1 RSA,
 * encrypted PKCS#8 or legacy `Proc-Type: 4,ENCRYPTED` PEM), optionally with CERTIFICATE blocks;
 * or PKCS#12 (.p12/.pfx, binary or base64) with a password. Errors: bad-password (missing or
 * wrong password), bad-input (not a key file), key-unsupported (other key types or curves).
 */
export function readKeyFile(bytes: Uint8Array, password: string | null): ImportedKeyMaterial {
  const text = Buffer.from(bytes).toString('latin1');
  if (text.includes('-----BEGIN')) return fromPem(text, password);
  if (password === null) {
    throw new YakkerError(
      'bad-password',
      'this looks like a PKCS#12 file: give its password (--password-file)',
    );
  }
  const { key, certificates } = importPkcs12(bytes, password);
  return finish(key, certificates);
}

function fromPem(text: string, password: string | null): ImportedKeyMaterial {
  const label = PRIVATE_KEY_LABELS.find((l) => text.includes(`-----BEGIN ${l}-----`));
  if (!label) throw new YakkerError('bad-input', 'the PEM file holds no private key');
  const block =
    new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`).exec(text)?.[0] ?? '';
  let key: KeyObject;
  try {
    key = createPrivateKey(
      password === null ? { key: block } : { key: block, passphrase: password },
    );
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block);
    if (encrypted || /PASSPHRASE|BAD_DECRYPT/i.test(code)) {
      throw new YakkerError(
        'bad-password',
        password === null
          ? 'the key is encrypted: give its password (--password-file)'
          : 'wrong password for this key',
        { cause: error },
      );
    }
    throw new YakkerError('bad-input', 'the private key in the PEM file cannot be read', {
      cause: error,
    });
  }
  return finish(key, pemBlocks(text, 'CERTIFICATE'));
}

function finish(key: KeyObject, certificates: Buffer[]): ImportedKeyMaterial {
  const keyType = keyTypeOf(key);
  const matching = certificates.filter((der) => {
    try {
      return new X509Certificate(der).checkPrivateKey(key);
    } catch {
      return false;
    }
  });
  return { key, keyType, certificates: matching };
}

export function keyTypeOf(key: KeyObject): KeyType {
  if (key.asymmetricKeyType === 'ec') {
    if (key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'p256';
    throw new YakkerError(
      'key-unsupported',
      `EC curve ${key.asymmetricKeyDetails?.namedCurve ?? '?'} is not supported: use P-256 (prime256v1)`,
    );
  }
  if (key.asymmetricKeyType === 'rsa') return 'rsa';
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  throw new YakkerError(
    'key-unsupported',
    `key type ${key.asymmetricKeyType ?? '?'} is not supported`,
  );
}
