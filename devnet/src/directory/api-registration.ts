/**
 * Registers a number through the directory's own API, as an app would: a signed publish if the
 * number is already this key's account, else create → the code from the SMS sink → signed
 * verify. `seed` uses it for the demo users, so every seeded devnet has gone through the API.
 * Requests are signed like main/crypto/http-signature.ts signs them (RFC 9421, same package).
 */
import { createHash, createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { request } from 'node:https';
import { createSigner, httpbis } from 'http-message-signatures';
import { keyIdOf } from './identity-input';
import { SIGNATURE_ALG } from './request-signature';

export interface ApiRegistration {
  directoryUrl: string;
  caPem: string;
  number: string;
  target: string;
  certDer: Buffer;
  keyPem: string;
}

interface Reply {
  status: number;
  body: unknown;
  /** The Retry-After header (seconds) of a refusal, when there is one. */
  retryAfterS?: number;
  text: string;
}

/**
 * Returns the records the directory now publishes for the number. Idempotent: an account this
 * key already holds is re-published by a signed publish (no code); only a number without an
 * active account, or held by another key, is registered (again) by SMS code. A code sent within
 * the last minute (a run that stopped before verifying) is used instead of asking for a new one;
 * if that code was used already, the seed waits out the directory's one-code-a-minute limit.
 * Any other refusal is an error that says what the directory answered.
 */
export async function registerThroughApi(r: ApiRegistration): Promise<string[]> {
  const key = createPrivateKey(r.keyPem);
  const signer = { key, keyId: keyIdOf(r.certDer) };
  const moved = await send(r, '/v1/records', { number: r.number, target: r.target }, signer);
  if (moved.status === 200) return recordsOf(moved);
  if (!REGISTER_AGAIN.has(errorCode(moved)))
    throw new Error(`directory publish ${r.number}: ${moved.status} ${moved.text}`);
  const created = await createAccount(r);
  const pending = created.status === 429 && errorCode(created) === 'rate-limited';
  if (created.status !== 202 && !pending)
    throw new Error(`directory create ${r.number}: ${created.status} ${created.text}`);
  let verified = await verifyWithSmsCode(r, signer);
  if (pending && verified.status === 404 && errorCode(verified) === 'no-pending-account') {
    // The minute's code was used already (the number was registered with another key within the
    // minute): wait out the directory's limit, as a person would, and ask for a new code.
    await sleep(Math.min(65, created.retryAfterS ?? 60) * 1000);
    const again = await createAccount(r);
    if (again.status !== 202)
      throw new Error(`directory create ${r.number}: ${again.status} ${again.text}`);
    verified = await verifyWithSmsCode(r, signer);
  }
  if (verified.status !== 200)
    throw new Error(
      `directory verify ${r.number}${pending ? ' (with the code sent in the last minute)' : ''}: ` +
        `${verified.status} ${verified.text}`,
    );
  return recordsOf(verified);
}

function createAccount(r: ApiRegistration): Promise<Reply> {
  return send(r, '/v1/accounts', {
    number: r.number,
    certificate: r.certDer.toString('base64'),
    target: r.target,
  });
}

/** Verifies with the newest code the SMS sink holds for the number. */
async function verifyWithSmsCode(
  r: ApiRegistration,
  signer: { key: KeyObject; keyId: string },
): Promise<Reply> {
  const sms = await send(r, `/v1/sms?number=${encodeURIComponent(r.number)}`);
  const texts = (sms.body as { messages?: { text: string }[] } | null)?.messages ?? [];
  const code = /\b([0-9]{6})\b/.exec(texts[0]?.text ?? '')?.[1];
  if (code === undefined) throw new Error(`no SMS code for ${r.number} in the sink`);
  return send(r, '/v1/accounts/verify', { number: r.number, code, target: r.target }, signer);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Publish refusals that mean "not this key's account": register by SMS code. */
const REGISTER_AGAIN = new Set(['no-account', 'signature-key-mismatch']);

function errorCode(reply: Reply): string {
  return (reply.body as { error?: { code?: string } } | null)?.error?.code ?? '';
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function recordsOf(reply: Reply): string[] {
  return (reply.body as { records?: string[] } | null)?.records ?? [];
}

async function send(
  r: ApiRegistration,
  path: string,
  json?: unknown,
  signer?: { key: KeyObject; keyId: string },
): Promise<Reply> {
  const url = `${r.directoryUrl}${path}`;
  const method = json === undefined ? 'GET' : 'POST';
  const body = json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(json));
  let headers: Record<string, string> =
    json === undefined ? {} : { 'content-type': 'application/json' };
  if (signer) {
    headers['content-digest'] = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
    const signed = await httpbis.signMessage(
      {
        key: createSigner(signer.key, SIGNATURE_ALG, signer.keyId),
        name: 'sig1',
        fields: ['@method', '@target-uri', 'content-type', 'content-digest'],
        params: ['created', 'keyid', 'alg', 'nonce'],
        paramValues: { created: new Date(), nonce: randomBytes(16).toString('base64url') },
      },
      { method, url, headers },
    );
    headers = signed.headers;
  }
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, ca: r.caPem, headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const retryAfter = Number(res.headers['retry-after']);
          resolve({
            status: res.statusCode ?? 0,
            body: parseOrNull(text),
            text,
            ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterS: retryAfter } : {}),
          });
        });
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${url}: no answer in 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}
