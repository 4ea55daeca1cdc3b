import type { RegisterCommand } from './cli-context';
import { registerInfoCommand } from './commands/info';

/**
 * Every subcommand module, in the order `yakker --help` lists them. Adding a command: write
 * main/cli/commands/<name>.ts exporting a RegisterCommand, then add it here.
 */
export const COMMANDS: readonly RegisterCommand[] = [registerInfoCommand];
