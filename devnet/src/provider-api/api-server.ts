/**
 * The provider API (HTTPS, JSON) of one devnet provider, on 127.0.0.1 with a certificate from the
 * devnet CA. Requests that act for a number are signed (RFC 9421, ecdsa-p256-sha256) by the key
 * whose certificate the directory publishes for that number (checked by the injected verifier).
 *
 *   GET    /v1/rates                      rates by destination prefix (public)
 *   POST   /v1/accounts        {number}   create (or re-issue credentials): SIP servers + credentials
 *   GET    /v1/accounts/{number}          balance and recent charges
 *   POST   /v1/accounts/{number}/top-up   a one-time pre-authenticated top-up URL
 *   DELETE /v1/accounts/{number}          close: credentials withdrawn at once
 *   GET|POST /top-up/{token}              the top-up page (POST adds the credit, once)
 *
 * A refused request changes nothing (the nonce is remembered only after the signature verifies).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { DevnetCa } from '../devnet-ca';
import { issueServerCertificate } from '../devnet-ca';
import type { KamailioPorts } from '../kamailio-config';
import type { DevnetLogger } from '../logger';
import { silentDevnetLogger } from '../logger';
import { ProviderApiError } from './api-errors';
import {
  checkContentDigest,
  MAX_SKEW_S,
  parseJsonBody,
  readBody,
  signatureParams,
} from './api-request';
import type { ApiStore } from './api-store';
import type { Billing } from './billing';
import { CURRENCY, formatMicros } from './rates';
import type { RequestVerifier } from './request-verifier';
import { parseAmount, REFUSED_REASONS, sendPage, topUpForm } from './topup-page';

export const E164_RE = /^\+[1-9][0-9]{6,14}$/;
export const TOP_UP_TTL_MS = 10 * 60_000;
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** What the API needs from the provider's SIP server. */
export interface ProviderSipHandle {
  domain: string;
  ports: KamailioPorts;
  addUser(user: string, password: string): Promise<void>;
  removeUser(user: string): Promise<boolean>;
  storedMessageCount(user?: string): Promise<number>;
}

export interface RunningProviderApi {
  url: string;
  port: number;
  close(): Promise<void>;
}

const numberSchema = z.string().regex(E164_RE, 'not an E.164 number (+ and 7 to 15 digits)');
const createSchema = z.object({ number: numberSchema }).strict();
const emptySchema = z.object({}).strict();

function sendJson(res: ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(`${JSON.stringify(data)}\n`);
}

function sendError(res: ServerResponse, error: ProviderApiError): void {
  if (error.code === 'too-large') res.setHeader('connection', 'close');
  sendJson(res, error.status, { error: { code: error.code, message: error.message } });
}

export async function startProviderApi(options: {
  name: string;
  sip: ProviderSipHandle;
  store: ApiStore;
  billing: Billing;
  verifier: RequestVerifier;
  ca: DevnetCa;
  certDir: string;
  port?: number;
  logger?: DevnetLogger;
  now?: () => Date;
}): Promise<RunningProviderApi> {
  const logger = options.logger ?? silentDevnetLogger;
  const now = options.now ?? ((): Date => new Date());
  const { store, sip } = options;
  const cert = await issueServerCertificate(options.ca, options.certDir, {
    fileStem: 'api-server',
    dnsNames: ['localhost'],
    ips: ['127.0.0.1'],
  });
  let origin = '';

  /** Verifies the signature for `number`; remembers the nonce only when it verifies. */
  const authenticate = async (
    req: IncomingMessage,
    body: Buffer,
    number: string,
  ): Promise<{ keyId: string }> => {
    const at = now();
    const params = signatureParams(req, at);
    checkContentDigest(req, body);
    if (store.nonceSeen(params.nonce, at.getTime()))
      throw new ProviderApiError('replay', 'this request (its nonce) was seen before');
    const required = ['@method', '@target-uri', ...(body.length > 0 ? ['content-digest'] : [])];
    const { keyId } = await options.verifier(
      { method: req.method ?? 'GET', url: `${origin}${req.url ?? '/'}`, headers: req.headers },
      number,
      { requiredFields: required, now: at, maxAgeSeconds: MAX_SKEW_S },
    );
    const expires = (params.created + 2 * MAX_SKEW_S) * 1000;
    if (!store.rememberNonce(params.nonce, expires, at.getTime()))
      throw new ProviderApiError('replay', 'this request (its nonce) was seen before');
    return { keyId };
  };

  const openAccount = (number: string): NonNullable<ReturnType<ApiStore['account']>> => {
    const account = store.account(number);
    if (account === null) throw new ProviderApiError('not-found', `no account for ${number} here`);
    if (account.closedAt !== null)
      throw new ProviderApiError('account-closed', `the account for ${number} was closed`);
    return account;
  };

  const balanceView = (number: string): Record<string, unknown> => {
    options.billing.sync();
    const account = openAccount(number);
    return {
      number,
      status: 'open',
      currency: CURRENCY,
      balanceMicros: account.balanceMicros,
      balance: formatMicros(account.balanceMicros),
      charges: store.charges(number, 20).map((c) => ({
        destination: c.destination,
        seconds: c.seconds,
        perMinuteMicros: c.perMinuteMicros,
        amountMicros: c.amountMicros,
        at: new Date(c.at).toISOString(),
      })),
    };
  };

  const handleApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> => {
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    if (path === '/v1/rates') {
      if (method !== 'GET') throw new ProviderApiError('method-not-allowed', 'GET /v1/rates');
      sendJson(res, 200, {
        currency: CURRENCY,
        rates: store.rates().map((r) => ({
          prefix: r.prefix,
          perMinuteMicros: r.perMinuteMicros,
          perMinute: formatMicros(r.perMinuteMicros),
          description: r.description,
        })),
      });
      return;
    }
    if (path === '/v1/accounts') {
      if (method !== 'POST') throw new ProviderApiError('method-not-allowed', 'POST /v1/accounts');
      const { number } = parseJsonBody(req, body, createSchema);
      const { keyId } = await authenticate(req, body, number);
      const before = store.account(number);
      const password = randomBytes(24).toString('base64url');
      await sip.addUser(number, password);
      let outcome: ReturnType<ApiStore['upsertAccount']>;
      try {
        outcome = store.upsertAccount(number, number, keyId, now().getTime());
      } catch (error) {
        if (before === null || before.closedAt !== null) await sip.removeUser(number);
        throw error;
      }
      logger.info('provider account', { provider: options.name, number, outcome });
      sendJson(res, outcome === 'reissued' ? 200 : 201, {
        number,
        outcome,
        sip: {
          domain: sip.domain,
          username: number,
          password,
          uri: `sip:${number}@${sip.domain}`,
          servers: [
            { transport: 'tls', host: '127.0.0.1', port: sip.ports.tls },
            { transport: 'wss', url: `wss://127.0.0.1:${sip.ports.wss}` },
          ],
        },
        ...balanceView(number),
      });
      return;
    }
    const m = /^\/v1\/accounts\/([^/]+)(\/top-up)?$/.exec(path);
    if (m === null) throw new ProviderApiError('not-found', `no such resource: ${path}`);
    const number = decodeURIComponent(m[1] ?? '');
    if (!E164_RE.test(number))
      throw new ProviderApiError('not-e164', `not an E.164 number: ${JSON.stringify(number)}`);
    if (m[2] !== undefined) {
      if (method !== 'POST') throw new ProviderApiError('method-not-allowed', 'POST .../top-up');
      parseJsonBody(req, body, emptySchema, true);
      await authenticate(req, body, number);
      openAccount(number);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = now().getTime() + TOP_UP_TTL_MS;
      store.createTopUp(number, token, expiresAt);
      sendJson(res, 201, {
        url: `${origin}/top-up/${token}`,
        expiresAt: new Date(expiresAt).toISOString(),
      });
      return;
    }
    if (method === 'GET') {
      await authenticate(req, body, number);
      sendJson(res, 200, balanceView(number));
      return;
    }
    if (method === 'DELETE') {
      parseJsonBody(req, body, emptySchema, true);
      await authenticate(req, body, number);
      const account = openAccount(number);
      await sip.removeUser(account.sipUser);
      store.closeAccount(number, now().getTime());
      const stored = await sip.storedMessageCount(account.sipUser);
      logger.info('provider account closed', { provider: options.name, number });
      sendJson(res, 200, {
        number,
        status: 'closed',
        storedMessages: stored,
        note: 'SIP credentials are withdrawn now. Messages stored for the number stay encrypted in the store until they expire (7 days) and are delivered if the account is opened again before that; new messages are refused (404). The balance is kept for a reopening.',
      });
      return;
    }
    throw new ProviderApiError('method-not-allowed', `${method} is not allowed here`);
  };

  const handleTopUp = async (
    req: IncomingMessage,
    res: ServerResponse,
    token: string,
  ): Promise<void> => {
    const method = req.method ?? 'GET';
    const refused = (reason: keyof typeof REFUSED_REASONS): void => {
      sendPage(res, 410, 'Top-up not possible', `<p>${REFUSED_REASONS[reason]}</p>`);
    };
    if (!TOKEN_RE.test(token)) {
      refused('unknown');
      return;
    }
    const at = now().getTime();
    if (method === 'GET') {
      const state = store.topUpState(token, at);
      if (!state.ok) {
        refused(state.reason);
        return;
      }
      sendPage(
        res,
        200,
        'Top up',
        topUpForm(state.number, state.balanceMicros, `/top-up/${token}`),
      );
      return;
    }
    if (method !== 'POST') throw new ProviderApiError('method-not-allowed', 'GET or POST');
    const body = await readBody(req, 1024);
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    const amount = type.startsWith('application/x-www-form-urlencoded')
      ? parseAmount(body.toString('utf8'))
      : null;
    if (amount === null) {
      sendPage(res, 400, 'Top-up not possible', '<p>Choose one of the offered amounts.</p>');
      return;
    }
    const outcome = store.redeemTopUp(token, amount, at);
    if (!outcome.ok) {
      refused(outcome.reason);
      return;
    }
    logger.info('provider top-up', { provider: options.name, number: outcome.number, amount });
    sendPage(
      res,
      200,
      'Credit added',
      `<p>Added ${CURRENCY} ${formatMicros(amount)}. New balance: ${CURRENCY} ${formatMicros(outcome.balanceMicros)}.</p><p>You can close this page.</p>`,
    );
  };

  const server: Server = createServer(
    { cert: await readFile(cert.certPath), key: await readFile(cert.keyPath) },
    (req, res) => {
      const host = req.headers.host ?? '';
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      void (async () => {
        try {
          if (host !== new URL(origin).host && host !== `localhost:${new URL(origin).port}`)
            throw new ProviderApiError('bad-request', `wrong Host: ${JSON.stringify(host)}`);
          const topUp = /^\/top-up\/([^/]*)$/.exec(path);
          if (topUp !== null) await handleTopUp(req, res, topUp[1] ?? '');
          else await handleApi(req, res, path);
        } catch (error) {
          if (res.headersSent) return;
          if (error instanceof ProviderApiError) {
            sendError(res, error);
            return;
          }
          logger.warn('provider API internal error', {
            provider: options.name,
            error: String(error),
          });
          sendError(res, new ProviderApiError('internal', 'internal error'));
        }
      })();
    },
  );
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: '127.0.0.1' }, () => {
      const addr = server.address();
      if (addr !== null && typeof addr === 'object') resolve(addr.port);
      else reject(new Error('no port'));
    });
  });
  origin = `https://127.0.0.1:${port}`;
  logger.info('provider API up', { provider: options.name, url: origin });
  return {
    url: origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
