import type { Command } from 'commander';
import type { CliIo, CliOutput } from './cli-context';

/** The output convention: `--json` anywhere on the command line makes every command print JSON. */
export function outputFor(command: Command, io: CliIo): CliOutput {
  const json = Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
  return {
    json,
    result(data, human) {
      io.stdout(json ? `${JSON.stringify(data, null, 2)}\n` : ensureNewline(human()));
    },
    info(line) {
      if (!json) io.stderr(ensureNewline(line));
    },
  };
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
}

/** A plain aligned table for people. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
    )
    .join('\n');
}
