import { z } from 'zod';
import type { ErrorCode } from '../../shared/contract/errors';
import { YakkerError } from '../../shared/contract/result';
import { apiError, jsonCall, type ApiResponse } from '../directory/https-json';
import type { RequestSigner } from '../directory/request-signer';

const sipServerSchema = z.object({
  transport: z.string(),
  host: z.string().optional(),
  port: z.number().int().optional(),
  url: z.string().optional(),
});

const balanceSchema = z.object({
  number: z.string(),
  status: z.string(),
  currency: z.string(),
  balanceMicros: z.number().int(),
  balance: z.string(),
  charges: z
    .array(
      z.object({
        destination: z.string(),
        seconds: z.number(),
        amountMicros: z.number().int(),
        at: z.string(),
      }),
    )
    .default([]),
});
export type ProviderBalance = z.infer<typeof balanceSchema>;

const accountSchema = balanceSchema.extend({
  outcome: z.string(),
  sip: z.object({
    domain: z.string(),
    username: z.string(),
    password: z.string().min(8),
    uri: z.string(),
    servers: z.array(sipServerSchema),
  }),
});
export type ProviderAccount = z.infer<typeof accountSchema>;

const topUpSchema = z.object({ url: z.url(), expiresAt: z.string() });
const ratesSchema = z.object({
  currency: z.string(),
  rates: z.array(
    z.object({
      prefix: z.string(),
      perMinuteMicros: z.number().int(),
      perMinute: z.string(),
      description: z.string(),
    }),
  ),
});
export type ProviderRates = z.infer<typeof ratesSchema>;

/** Provider API error codes → contract codes, and the words people see. */
function failure(reply: ApiResponse, service: string): YakkerError {
  const e = apiError(reply);
  const code = e?.code ?? '';
  const map: Record<string, ErrorCode> = {
    'not-e164': 'bad-input',
    'bad-request': 'bad-input',
    'signature-missing': 'crypto-signature-invalid',
    'signature-invalid': 'crypto-signature-invalid',
    stale: 'crypto-stale',
    replay: 'crypto-replay',
    'key-mismatch': 'crypto-signature-invalid',
    'not-published': 'not-configured',
    insecure: 'dns-bogus',
    'not-found': 'not-found',
    'account-closed': 'not-found',
  };
  return new YakkerError(
    map[code] ?? 'unavailable',
    `${service} refused: ${e?.message ?? `HTTP ${String(reply.status)}`}`,
  );
}

/**
 * The app's client for one provider's API (HTTPS trusting the network's CA): every request that
 * acts for a number is signed (RFC 9421) with the key the directory publishes for that number.
 */
export class ProviderClient {
  private readonly service: string;

  constructor(
    private readonly apiUrl: string,
    private readonly caPem: string | null,
    name: string,
  ) {
    this.service = `the provider ${name}`;
  }

  /** POST /v1/accounts: opens (or re-issues) the account; returns the SIP credentials. */
  async createAccount(number: string, signer: RequestSigner): Promise<ProviderAccount> {
    return this.parse(
      await this.call('POST', '/v1/accounts', { number }, signer),
      [200, 201],
      accountSchema,
    );
  }

  /** GET /v1/accounts/{number}: balance and recent charges. */
  async balance(number: string, signer: RequestSigner): Promise<ProviderBalance> {
    return this.parse(
      await this.call('GET', `/v1/accounts/${encodeURIComponent(number)}`, undefined, signer),
      [200],
      balanceSchema,
    );
  }

  /** POST /v1/accounts/{number}/top-up: a one-time page to add credit. */
  async topUp(number: string, signer: RequestSigner): Promise<{ url: string; expiresAt: string }> {
    const reply = await this.call(
      'POST',
      `/v1/accounts/${encodeURIComponent(number)}/top-up`,
      {},
      signer,
    );
    const parsed = this.parse(reply, [201], topUpSchema);
    if (new URL(parsed.url).origin !== new URL(this.apiUrl).origin)
      throw new YakkerError('unavailable', `${this.service} sent a top-up page on another site`);
    return parsed;
  }

  /** GET /v1/rates (public). */
  async rates(): Promise<ProviderRates> {
    return this.parse(await this.call('GET', '/v1/rates', undefined), [200], ratesSchema);
  }

  private call(
    method: string,
    path: string,
    json: unknown,
    signer?: RequestSigner,
  ): Promise<ApiResponse> {
    const url = `${this.apiUrl.replace(/\/+$/, '')}${path}`;
    return jsonCall({ method, url, json, signer, caPem: this.caPem, service: this.service });
  }

  private parse<T>(reply: ApiResponse, ok: number[], schema: z.ZodType<T>): T {
    if (!ok.includes(reply.status)) throw failure(reply, this.service);
    const parsed = schema.safeParse(reply.json);
    if (!parsed.success)
      throw new YakkerError('unavailable', `${this.service} sent an answer we can't read`);
    return parsed.data;
  }
}
