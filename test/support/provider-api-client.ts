/**
 * A client for the devnet provider API in tests: HTTPS that trusts only the devnet CA, requests
 * signed (RFC 9421, ecdsa-p256-sha256) with main's signer by a demo user's key, keyid = the
 * SHA-256 of the certificate, with a Content-Digest for bodies. Every part can be overridden to
 * build bad requests (other key, stale created, reused nonce, raw body).
 */
import { createHash, createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { signHttpMessage } from '../../main/crypto/http-signature';

export interface Signer {
  keyPem: string;
  certPem: string;
}

export function demoSigner(stateDir: string, user: 'alice' | 'bob'): Signer {
  const dir = join(stateDir, 'demo-users');
  return {
    keyPem: readFileSync(join(dir, `${user}.key.pem`), 'utf8'),
    certPem: readFileSync(join(dir, `${user}.cert.pem`), 'utf8'),
  };
}

export const certKeyId = (certPem: string): string =>
  createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex');

export interface ApiReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: { error?: { code: string; message: string } } & Record<string, unknown>;
}

export function httpsCall(
  caPem: string,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<ApiReply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, headers, ca: caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: ApiReply['json'] = {};
        try {
          json = JSON.parse(text) as ApiReply['json'];
        } catch {
          // HTML pages
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export interface SignedCallOptions {
  signer: Signer;
  /** Claim this keyid instead of the signer's certificate's. */
  keyId?: string;
  created?: Date;
  nonce?: string;
  /** Send this body instead of JSON.stringify(json). */
  rawBody?: string;
  contentType?: string;
  /** Leave Content-Digest out, or send this one. */
  contentDigest?: string | null;
}

export async function signedCall(
  caPem: string,
  url: string,
  method: string,
  json: unknown,
  options: SignedCallOptions,
): Promise<ApiReply & { sent: { headers: Record<string, string>; body: string | undefined } }> {
  const body = options.rawBody ?? (json === undefined ? undefined : JSON.stringify(json));
  const headers: Record<string, string> = {};
  if (body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    if (options.contentDigest !== null)
      headers['content-digest'] =
        options.contentDigest ?? `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
  }
  const signed = await signHttpMessage(
    { method, url, headers },
    {
      key: createPrivateKey(options.signer.keyPem),
      keyId: options.keyId ?? certKeyId(options.signer.certPem),
      created: options.created ?? new Date(),
      nonce: options.nonce ?? randomBytes(18).toString('base64url'),
    },
  );
  const sentHeaders = signed.headers;
  const reply = await httpsCall(caPem, url, method, sentHeaders, body);
  return { ...reply, sent: { headers: sentHeaders, body } };
}

export interface Charge {
  destination: string;
  seconds: number;
  perMinuteMicros: number;
  amountMicros: number;
}

/** One account's signed operations, for tests that act as its owner. */
export function accountClient(caPem: string, apiUrl: string, number: string, signer: () => Signer) {
  const accountUrl = `${apiUrl}/v1/accounts/${encodeURIComponent(number)}`;
  const balance = (): Promise<ApiReply> =>
    signedCall(caPem, accountUrl, 'GET', undefined, { signer: signer() });
  return {
    balance,
    /** Starts a top-up and submits its page with `amount` ("1.000000"). */
    async topUp(amount: string): Promise<ApiReply & { url: string; startStatus: number }> {
      const start = await signedCall(caPem, `${accountUrl}/top-up`, 'POST', undefined, {
        signer: signer(),
      });
      const url = start.json['url'] as string;
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const page = await httpsCall(caPem, url, 'POST', form, `amount=${amount}`);
      return { ...page, url, startStatus: start.status };
    },
    /** Polls the balance until it lists `count` charges (Kamailio writes a CDR at hang-up). */
    async waitForCharges(count: number): Promise<ApiReply & { charges: Charge[] }> {
      for (let i = 0; i < 100; i++) {
        const reply = await balance();
        const charges = (reply.json['charges'] ?? []) as Charge[];
        if (charges.length >= count) return { ...reply, charges };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no charge #${count} for ${number}`);
    },
  };
}
