import { readFile } from 'node:fs/promises';
import { YakkerError } from '../../../shared/contract/result';
import { CliError, EXIT, type ExitCode } from '../cli-error';

/**
 * Maps a service error to the CLI's exit codes: a failed security check (decryption,
 * signature, sender, replay, stale, certificate) is 3; bad input is 1; the rest is 2.
 */
export function toCliError(error: unknown): unknown {
  if (!(error instanceof YakkerError)) return error;
  let exit: ExitCode = EXIT.failure;
  if (error.code.startsWith('crypto-') || error.code.startsWith('certificate-'))
    exit = EXIT.security;
  else if (error.code === 'bad-input') exit = EXIT.usage;
  return new CliError(error.message, exit, error.code);
}

/** Runs a command body and converts its YakkerErrors for the CLI. */
export async function withCliErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw toCliError(error);
  }
}

/** A password from a file: the first line, without its line end. */
export async function readPasswordFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read the password file ${path}: ${String(error)}`,
      EXIT.usage,
      'bad-input',
    );
  }
  return text.split(/\r?\n/)[0] ?? '';
}

export async function readInputFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new CliError(`cannot read ${what} ${path}: ${String(error)}`, EXIT.usage, 'bad-input');
  }
}
