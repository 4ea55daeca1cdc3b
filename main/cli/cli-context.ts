import type { Command } from 'commander';

/** How a command prints: tables and sentences for people, one JSON object with --json. */
export interface CliOutput {
  readonly json: boolean;
  /** Print a result: `human` for people, `data` as one JSON document with --json. */
  result(data: unknown, human: () => string): void;
  /** A line on stderr (progress, warnings); silent with --json. */
  info(line: string): void;
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for commands that take a message on stdin). */
  readStdin: () => Promise<Buffer>;
  env: NodeJS.ProcessEnv;
}

/** A subcommand module: adds its commands to the program. */
export type RegisterCommand = (program: Command, io: CliIo) => void;
