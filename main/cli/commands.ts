import type { RegisterCommand } from './cli-context';
import { registerCertCommand } from './commands/cert';
import { registerDevnetCommand } from './commands/devnet';
import { registerDnsCommand } from './commands/dns';
import { registerEnumCommand } from './commands/enum';
import { registerInfoCommand } from './commands/info';
import { registerKeysCommand } from './commands/keys';
import { registerLocateCommand } from './commands/locate';
import { registerMsgCommand } from './commands/msg';
import { registerPairCommand } from './commands/pair';

/**
 * Every subcommand module, in the order `yakker --help` lists them. Adding a command: write
 * main/cli/commands/<name>.ts exporting a RegisterCommand, then add it here.
 */
export const COMMANDS: readonly RegisterCommand[] = [
  registerInfoCommand,
  registerDnsCommand,
  registerEnumCommand,
  registerLocateCommand,
  registerCertCommand,
  registerKeysCommand,
  registerMsgCommand,
  registerPairCommand,
  registerDevnetCommand,
];
