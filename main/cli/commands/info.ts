import type { Command } from 'commander';
import type { RegisterCommand } from '../cli-context';
import { outputFor, table } from '../output';
import { APP_VERSION } from '../../version';

/** `yakker info`: what this build is and where it keeps its data. */
export const registerInfoCommand: RegisterCommand = (program, io) => {
  program
    .command('info')
    .description('show the version, platform and data folder')
    .action((_opts: unknown, command: Command) => {
      const out = outputFor(command, io);
      const data = {
        version: APP_VERSION,
        node: process.versions.node,
        platform: `${process.platform}-${process.arch}`,
        dataDir: io.env['YAKKER_DATA_DIR'] ?? null,
      };
      out.result(data, () =>
        table([
          ['version', data.version],
          ['node', data.node],
          ['platform', data.platform],
          ['data folder', data.dataDir ?? '(default)'],
        ]),
      );
    });
};
