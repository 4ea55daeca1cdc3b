/** Errors of the provider API: an HTTP status, a stable code and a sentence for people. */
export type ProviderApiErrorCode =
  | 'bad-request'
  | 'bad-json'
  | 'not-e164'
  | 'too-large'
  | 'unsupported-media-type'
  | 'signature-missing'
  | 'signature-invalid'
  | 'stale'
  | 'replay'
  | 'key-mismatch'
  | 'not-published'
  | 'insecure'
  | 'not-found'
  | 'account-closed'
  | 'method-not-allowed'
  | 'gone'
  | 'unavailable'
  | 'internal';

const STATUS: Record<ProviderApiErrorCode, number> = {
  'bad-request': 400,
  'bad-json': 400,
  'not-e164': 400,
  'too-large': 413,
  'unsupported-media-type': 415,
  'signature-missing': 401,
  'signature-invalid': 401,
  stale: 401,
  replay: 401,
  'key-mismatch': 403,
  'not-published': 403,
  insecure: 403,
  'not-found': 404,
  'account-closed': 404,
  'method-not-allowed': 405,
  gone: 410,
  unavailable: 503,
  internal: 500,
};

export class ProviderApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProviderApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderApiError';
    this.status = STATUS[code];
  }
}
