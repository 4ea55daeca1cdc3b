import { Command, CommanderError } from 'commander';
import { YakkerError } from '../../shared/contract/result';
import { APP_VERSION } from '../version';
import type { CliIo } from './cli-context';
import { CliError, CliExit, EXIT, type ExitCode } from './cli-error';
import { COMMANDS } from './commands';

/** Builds the `yakker` program. Subcommands live in ./commands/, one module each. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('yakker')
    .description('Yakker: calls and messages on SIP, ENUM and DNSSEC. Scripting and diagnosis.')
    .version(APP_VERSION, '-V, --version', 'print the version')
    .option('--json', 'print one JSON document instead of text for people')
    .showHelpAfterError('(run yakker --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  for (const register of COMMANDS) register(program, io);
  return program;
}

/** Runs the CLI and returns its exit code; never calls process.exit itself. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return reportError(error, argv.includes('--json'), io);
  }
}

function reportError(error: unknown, json: boolean, io: CliIo): ExitCode {
  if (error instanceof CommanderError) {
    // --help and --version end this way too, with exit code 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  // The command printed its result already; only the exit code is left to give.
  if (error instanceof CliExit) return error.exitCode;
  let exitCode: ExitCode = EXIT.failure;
  let code = 'internal';
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof CliError) {
    exitCode = error.exitCode;
    code = error.code;
  } else if (error instanceof YakkerError) {
    code = error.code;
    exitCode = EXIT.failure;
  } else {
    message = `unexpected error: ${message}`;
  }
  if (json) io.stdout(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
  else io.stderr(`yakker: ${message}\n`);
  return exitCode;
}
