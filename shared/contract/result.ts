import type { ContractError, ErrorCode } from './errors';

/** What every request answers: data on success, a coded error otherwise. Never a thrown error. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/**
 * An error that knows its contract code. Services throw it; the hosts turn it into
 * `{ok:false, error}` at the boundary. Anything else that escapes a handler becomes `internal`.
 */
export class YakkerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'YakkerError';
  }
}
