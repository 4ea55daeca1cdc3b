import type { Command } from 'commander';
import { createResolver } from '../../resolver/create-resolver';
import type { DnssecStatus, Resolver, ServerAddress } from '../../resolver/types';
import { YakkerError } from '../../../shared/contract/result';
import type { CliIo } from '../cli-context';
import { CliError, CliExit, EXIT } from '../cli-error';
import { outputFor } from '../output';

/**
 * The options `yakker enum`, `yakker locate` and `yakker cert` share with `yakker dns`:
 * `--server HOST:PORT` (repeatable), `--trust-anchor FILE` (repeatable; when given, only those
 * anchors are used), and the exit convention (0 secure or insecure, 3 bogus, 4 indeterminate).
 */
export interface LookupFlags {
  server: string[];
  trustAnchor: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function addLookupOptions(command: Command): Command {
  return command
    .option(
      '--server <host:port>',
      'DNS server to ask (repeatable; default: the system resolvers)',
      collect,
      [],
    )
    .option(
      '--trust-anchor <file>',
      'DS/DNSKEY trust anchor file (repeatable; replaces the root anchors)',
      collect,
      [],
    );
}

/** `127.0.0.1:5300`, `[::1]:5300`, `::1`, `ns.example` (port 53 when absent). */
export function parseServer(text: string): ServerAddress {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  let host: string;
  let port = '53';
  if (bracket !== null) {
    host = bracket[1] ?? '';
    port = bracket[2] ?? port;
  } else if ((text.match(/:/g) ?? []).length === 1) {
    [host = '', port = ''] = text.split(':');
  } else {
    host = text;
  }
  const portNumber = Number(port);
  if (host === '' || !/^\d{1,5}$/.test(port) || portNumber < 1 || portNumber > 65535)
    throw new CliError(`bad --server "${text}": use HOST:PORT`, EXIT.usage);
  return { host, port: portNumber };
}

export function resolverFromFlags(flags: LookupFlags): Resolver {
  const servers = flags.server.map(parseServer);
  return createResolver({
    ...(servers.length > 0 ? { servers } : {}),
    ...(flags.trustAnchor.length > 0 ? { trustAnchorFiles: flags.trustAnchor } : {}),
  });
}

/** After printing: exit 3 for bogus, 4 for indeterminate, 0 otherwise. */
export function exitForStatus(status: DnssecStatus): void {
  if (status === 'bogus') throw new CliExit(EXIT.security, 'the answer is bogus');
  if (status === 'indeterminate')
    throw new CliExit(EXIT.indeterminate, 'the answer is indeterminate');
}

/**
 * Runs a lookup; input it rejects (a malformed number or URI, an unreadable or malformed trust
 * anchor file) is bad usage, exit 1.
 */
export async function asUsage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof YakkerError && error.code === 'bad-input')
      throw new CliError(error.message, EXIT.usage, 'bad-input');
    throw error;
  }
}

/**
 * The action of a lookup command (`enum`, `locate`, `cert`): runs `lookup` on the command's
 * argument with a resolver made from the flags (input it rejects is bad usage, exit 1), prints
 * the result (JSON with --json, else `human(result)`), then exits by its status.
 */
export function lookupAction<F extends LookupFlags, R extends { status: DnssecStatus }>(
  io: CliIo,
  lookup: (resolver: Resolver, argument: string, flags: F) => Promise<R>,
  human: (result: R) => string,
): (argument: string, flags: F, command: Command) => Promise<void> {
  return async (argument, flags, command) => {
    const out = outputFor(command, io);
    const result = await asUsage(() => lookup(resolverFromFlags(flags), argument, flags));
    out.result(result, () => human(result));
    exitForStatus(result.status);
  };
}
