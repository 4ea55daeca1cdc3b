import { z } from 'zod';
import type { ErrorCode } from '../../shared/contract/errors';
import { YakkerError } from '../../shared/contract/result';
import type { DirectoryConfig } from './directory-config';
import { apiError, jsonCall, type ApiResponse } from './https-json';
import { CANT_VERIFY, verifyProviderList, type AuthorisedProvider } from './provider-list';
import type { RequestSigner } from './request-signer';

/** An error the directory answered with: its own code kept for callers that act on it. */
export class DirectoryApiError extends YakkerError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly apiCode: string,
    readonly status: number,
  ) {
    super(code, message);
    this.name = 'DirectoryApiError';
  }
}

const createdSchema = z.object({ number: z.string(), expiresAt: z.string() });
const accountSchema = z.object({
  number: z.string(),
  status: z.string(),
  keyId: z.string(),
  target: z.string().nullable(),
  records: z.array(z.string()),
});
export type DirectoryAccount = z.infer<typeof accountSchema>;

const SERVICE = 'the Yakker directory';

/** Directory codes → contract codes. */
function contractCode(apiCode: string, status: number): ErrorCode {
  switch (apiCode) {
    case 'invalid-number':
    case 'invalid-target':
    case 'invalid-certificate':
    case 'invalid-request':
    case 'code-invalid':
    case 'code-expired':
      return 'bad-input';
    case 'no-pending-account':
      return 'not-found';
    case 'signature-invalid':
    case 'signature-key-mismatch':
    case 'signature-replayed':
    case 'replay':
      return 'crypto-signature-invalid';
    default:
      return status >= 500 || status === 429 ? 'unavailable' : 'bad-request';
  }
}

/**
 * The app's client for the directory API (wire-profile.md "Directory API"): HTTPS trusting the
 * network's CA, JSON in and out, account requests signed (RFC 9421) by the identity whose
 * certificate they publish, and the provider list verified against the pinned authority key.
 */
export class DirectoryClient {
  constructor(private readonly config: () => DirectoryConfig) {}

  /** POST /v1/accounts: the directory texts a 6-digit code to `number`. */
  async create(
    number: string,
    certificatePem: string,
    target?: string,
  ): Promise<{ expiresAt: string }> {
    const reply = await this.call('POST', '/v1/accounts', {
      number,
      certificate: certificatePem,
      ...(target === undefined ? {} : { target }),
    });
    return this.expect(reply, [202], createdSchema);
  }

  /** POST /v1/accounts/verify, signed: publishes NAPTR (to `target`) and SMIMEA. */
  async verify(
    number: string,
    code: string,
    target: string | undefined,
    signer: RequestSigner,
  ): Promise<DirectoryAccount> {
    const reply = await this.call(
      'POST',
      '/v1/accounts/verify',
      { number, code, ...(target === undefined ? {} : { target }) },
      signer,
    );
    return this.expect(reply, [200], accountSchema);
  }

  /**
   * POST /v1/accounts/revoke with a replacement (docs/pairing.md §13): `replacement` becomes the
   * number's only certificate and every other one is revoked. Signed by the current key; signed
   * by the replacement's own key once it is current, it only confirms (200, no change).
   */
  async replaceKey(
    number: string,
    replacementPem: string,
    signer: RequestSigner,
  ): Promise<DirectoryAccount> {
    const reply = await this.call(
      'POST',
      '/v1/accounts/revoke',
      { number, replacement: replacementPem },
      signer,
    );
    return this.expect(reply, [200], accountSchema);
  }

  /** GET /v1/providers: the authority's list, verified with the pinned key. */
  async providers(): Promise<AuthorisedProvider[]> {
    const reply = await this.call('GET', '/v1/providers', undefined);
    if (reply.status !== 200)
      throw new YakkerError(
        'unavailable',
        `${CANT_VERIFY}: the directory answered ${String(reply.status)}`,
      );
    return verifyProviderList(reply.text, this.config().authorityJwk);
  }

  private call(
    method: string,
    path: string,
    json: unknown,
    signer?: RequestSigner,
  ): Promise<ApiResponse> {
    const config = this.config();
    const url = `${config.url}${path}`;
    return jsonCall({ method, url, json, signer, caPem: config.caPem, service: SERVICE });
  }

  private expect<T>(reply: ApiResponse, ok: number[], schema: z.ZodType<T>): T {
    if (!ok.includes(reply.status)) {
      const e = apiError(reply);
      const apiCode = e?.code ?? `http-${String(reply.status)}`;
      throw new DirectoryApiError(
        contractCode(apiCode, reply.status),
        e?.message ?? `${SERVICE} answered ${String(reply.status)}`,
        apiCode,
        reply.status,
      );
    }
    const parsed = schema.safeParse(reply.json);
    if (!parsed.success)
      throw new YakkerError('unavailable', `${SERVICE} sent an answer we can't read`);
    return parsed.data;
  }
}
