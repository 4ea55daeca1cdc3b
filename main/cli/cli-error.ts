import type { ErrorCode } from '../../shared/contract/errors';

/**
 * Exit codes of `yakker`, the same for every subcommand:
 * 0 success (for `dns`: secure or insecure), 1 bad usage, 2 failure (network, keychain, I/O),
 * 3 a security check failed (bogus DNS, bad signature, decryption or sender check),
 * 4 indeterminate (DNSSEC could not decide).
 */
export const EXIT = { ok: 0, usage: 1, failure: 2, security: 3, indeterminate: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly code: ErrorCode = 'bad-input',
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Ends a command with a non-zero exit code after it has already printed its result (e.g. a
 * `bogus` DNS answer: the answer is printed, then the exit code says 3). Nothing more is printed.
 */
export class CliExit extends CliError {
  constructor(exitCode: ExitCode, message = `exit ${exitCode}`) {
    super(message, exitCode);
    this.name = 'CliExit';
  }
}
