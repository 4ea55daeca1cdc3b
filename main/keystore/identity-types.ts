import { z } from 'zod';

/** Key types an identity may hold. Only P-256 serves every feature of the wire profile. */
export const KEY_TYPES = ['p256', 'rsa', 'ed25519'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** What a key can be used for under docs/protocol.md. */
export type Feature = 'calls' | 'messages' | 'api-signatures' | 'dns-publish' | 'backup';

/**
 * Which features each key type serves. The wire profile fixes ES256 for PASSporT (calls),
 * ECDH (RFC 5753) + ECDSA for S/MIME (messages) and ecdsa-p256-sha256 for RFC 9421 (API), so
 * RSA and Ed25519 keys can be imported, kept and backed up, but serve none of those.
 */
export const FEATURES_BY_KEY_TYPE: Readonly<Record<KeyType, readonly Feature[]>> = {
  p256: ['calls', 'messages', 'api-signatures', 'dns-publish', 'backup'],
  rsa: ['backup'],
  ed25519: ['backup'],
};

/** One certificate of an identity and the keychain account that holds its private key. */
export const storedCredentialSchema = z.object({
  certificatePem: z.string(),
  /** Keychain account of the PKCS#8 private key (shared when a renewal keeps the key). */
  keyAccount: z.string(),
  fingerprint: z.string(), // SHA-256 of the DER certificate, lowercase hex
  notBefore: z.string(),
  notAfter: z.string(),
  /**
   * Revoked in the directory when a linked device was removed (docs/pairing.md §13): never
   * published again nor used to sign; kept only to open messages sealed to it before.
   */
  revoked: z.boolean().optional(),
});
export type StoredCredential = z.infer<typeof storedCredentialSchema>;

/** An identity as the index stores it: public data only; keys are separate keychain items. */
export const identityRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  tel: z.string().optional(),
  sip: z.string().optional(),
  keyType: z.enum(KEY_TYPES),
  createdAt: z.string(),
  /** Oldest first; the last one is current. Several during a renewal overlap. */
  credentials: z.array(storedCredentialSchema).min(1),
});
export type IdentityRecord = z.infer<typeof identityRecordSchema>;

export const identityIndexSchema = z.object({
  version: z.literal(1),
  identities: z.array(identityRecordSchema),
});
export type IdentityIndex = z.infer<typeof identityIndexSchema>;

/** What callers (handlers, CLI) see of an identity. Never contains key material. */
export interface IdentitySummary {
  id: string;
  name: string;
  tel: string | null;
  sip: string | null;
  keyType: KeyType;
  features: readonly Feature[];
  createdAt: string;
  /** Every certificate, oldest first; `current` is the last one. */
  certificates: { fingerprint: string; notBefore: string; notAfter: string; pem: string }[];
  current: { fingerprint: string; notBefore: string; notAfter: string; pem: string };
}
