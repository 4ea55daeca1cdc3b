/**
 * The directory's HTTP API (docs/devnet.md "Directory service", docs/protocol.md): one function
 * from a request to a response. JSON in and out, errors as `{error: {code, message}}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ApiError, errorBody } from './api-error';
import type { AuthorisedProvider, DevnetAuthority } from './authority';
import {
  createSchema,
  publishSchema,
  revokeSchema,
  verifySchema,
  type DirectoryAccounts,
} from './directory-accounts';
import type { DirectoryDb } from './directory-db';
import { enumName } from './directory-records-for';
import { buildChain, type DnsServer } from './dnssec-chain';
import { checkE164 } from './identity-input';
import { phonePage } from './phone-page';
import { MAILBOX_ID, type RelayStore } from './relay-mailbox';
import { readBody, parseJson } from './request-body';
import type { SignedRequest } from './request-signature';

export const JSON_BODY_LIMIT = 32 * 1024;

export interface RouteContext {
  /** This service's origin, `https://127.0.0.1:PORT`: the `@target-uri` signatures cover. */
  origin: string;
  db: DirectoryDb;
  accounts: DirectoryAccounts;
  relay: RelayStore;
  authority: DevnetAuthority;
  providers: () => AuthorisedProvider[];
  dns: DnsServer;
  suffix: string;
  now: () => number;
}

const lookupSchema = z.strictObject({ number: z.string().max(64) });

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(text);
}

export async function handleRequest(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    await route(ctx, req, res);
  } catch (error) {
    const e =
      error instanceof ApiError
        ? error
        : new ApiError(500, 'internal', `the directory failed: ${(error as Error).message}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (e.status === 413) res.setHeader('connection', 'close');
    if (e.retryAfterS !== undefined) res.setHeader('retry-after', String(e.retryAfterS));
    res.writeHead(e.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(errorBody(e.code, e.message));
  }
}

async function route(ctx: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.origin);
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const signed = (body: Buffer): SignedRequest => ({
    method,
    url: `${ctx.origin}${req.url ?? '/'}`,
    headers: req.headers,
    body,
  });
  const expect = (want: string): void => {
    if (method !== want) throw new ApiError(405, 'method-not-allowed', `use ${want} for ${path}`);
  };

  if (path === '/v1/health') {
    expect('GET');
    send(res, 200, { ok: true });
    return;
  }
  if (path === '/v1/accounts') {
    expect('POST');
    const body = await readBody(req, JSON_BODY_LIMIT);
    send(res, 202, await ctx.accounts.create(parseJson(req, body, createSchema)));
    return;
  }
  if (path === '/v1/accounts/verify') {
    expect('POST');
    const body = await readBody(req, JSON_BODY_LIMIT);
    send(res, 200, await ctx.accounts.verify(parseJson(req, body, verifySchema), signed(body)));
    return;
  }
  if (path === '/v1/records') {
    expect('POST');
    const body = await readBody(req, JSON_BODY_LIMIT);
    send(
      res,
      200,
      await ctx.accounts.publishRecords(parseJson(req, body, publishSchema), signed(body)),
    );
    return;
  }
  if (path === '/v1/accounts/revoke') {
    expect('POST');
    const body = await readBody(req, JSON_BODY_LIMIT);
    send(res, 200, await ctx.accounts.revoke(parseJson(req, body, revokeSchema), signed(body)));
    return;
  }
  if (path === '/v1/lookup') {
    expect('POST');
    const body = await readBody(req, JSON_BODY_LIMIT);
    const number = checkE164(parseJson(req, body, lookupSchema).number);
    const naptr = enumName(number, ctx.suffix);
    const smimea = `_smimecert.${naptr}`;
    const messages = await buildChain(ctx.dns, [
      { name: naptr, type: 'NAPTR' },
      { name: smimea, type: 'SMIMEA' },
    ]);
    send(res, 200, { number, names: { naptr: `${naptr}.`, smimea: `${smimea}.` }, messages });
    return;
  }
  if (path === '/v1/providers') {
    expect('GET');
    const jws = await ctx.authority.sign({
      iss: 'yakker-devnet-authority',
      iat: Math.floor(ctx.now() / 1000),
      providers: ctx.providers(),
    });
    res.writeHead(200, { 'content-type': 'application/jose', 'cache-control': 'no-store' });
    res.end(jws);
    return;
  }
  if (path === '/v1/sms' || path === '/sms') {
    expect('GET');
    const raw = url.searchParams.get('number');
    const number = raw === null || raw === '' ? null : checkE164(raw);
    const texts = ctx.db.sms(number);
    if (path === '/sms') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(phonePage(texts, number));
    } else
      send(res, 200, {
        messages: texts.map((t) => ({
          number: t.number,
          text: t.text,
          sentAt: new Date(t.sentAt).toISOString(),
        })),
      });
    return;
  }
  const relay = /^\/v1\/relay\/([^/]+)(?:\/to\/(holder|joiner))?$/.exec(path);
  if (relay !== null) {
    await relayRoute(
      ctx,
      req,
      res,
      relay[1] ?? '',
      relay[2] as 'holder' | 'joiner' | undefined,
      url,
    );
    return;
  }
  throw new ApiError(404, 'not-found', `no such endpoint: ${method} ${path}`);
}

async function relayRoute(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  side: 'holder' | 'joiner' | undefined,
  url: URL,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (!MAILBOX_ID.test(id))
    throw new ApiError(400, 'invalid-mailbox-id', 'a mailbox id is 16 bytes in lower-case hex');
  if (side === undefined) {
    if (method !== 'POST') throw new ApiError(405, 'method-not-allowed', 'POST opens a mailbox');
    await readBody(req, 0);
    const { expiresAt } = ctx.relay.open(id);
    send(res, 201, { id, expiresAt: new Date(expiresAt).toISOString() });
    return;
  }
  if (method === 'POST') {
    const frame = await readBody(req, ctx.relay.limits.maxFrameBytes).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 413)
        throw new ApiError(
          413,
          'frame-too-large',
          `a frame is at most ${ctx.relay.limits.maxFrameBytes} bytes`,
        );
      throw error;
    });
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
    if (type !== 'application/octet-stream')
      throw new ApiError(415, 'unsupported-media-type', 'send frames as application/octet-stream');
    send(res, 202, ctx.relay.append(id, side, frame));
    return;
  }
  if (method === 'GET') {
    const waitText = url.searchParams.get('wait') ?? '25';
    if (!/^[0-9]{1,2}$/.test(waitText) || Number(waitText) > 25)
      throw new ApiError(400, 'invalid-request', 'wait is 0 to 25 seconds');
    let open = true;
    res.on('close', () => {
      open = false;
    });
    const frame = await ctx.relay.receive(
      id,
      side,
      Number(waitText) * 1000,
      () => open && !res.destroyed,
    );
    if (frame === null) {
      res.writeHead(204, { 'cache-control': 'no-store' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(frame);
    return;
  }
  throw new ApiError(405, 'method-not-allowed', 'POST a frame, or GET the next one');
}
