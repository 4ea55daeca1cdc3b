import type { Command } from 'commander';
import type { RegisterCommand } from '../cli-context';
import { CliError, EXIT } from '../cli-error';
import { outputFor, table } from '../output';
import { textToType } from '../../resolver/wire/rr-types';
import {
  addLookupOptions,
  asUsage,
  exitForStatus,
  resolverFromFlags,
  type LookupFlags,
} from './lookup-options';

/** `yakker dns NAME TYPE`: one DNSSEC-validated lookup, as delv would do it. */
export const registerDnsCommand: RegisterCommand = (program, io) => {
  addLookupOptions(
    program
      .command('dns')
      .description('look up NAME TYPE and validate the answer with DNSSEC')
      .argument('<name>', 'domain name, e.g. example.org')
      .argument(
        '<type>',
        'record type: A, AAAA, NAPTR, SRV, TLSA, SMIMEA, DS, DNSKEY, TYPE65534, ...',
      ),
  ).action(async (name: string, type: string, flags: LookupFlags, command: Command) => {
    const out = outputFor(command, io);
    if (textToType(type) === undefined || type.toUpperCase() === 'OPT')
      throw new CliError(`unknown record type "${type}"`, EXIT.usage);
    const answer = await asUsage(() => resolverFromFlags(flags).resolve(name, type));
    const data = {
      name: answer.name,
      type: answer.type,
      status: answer.status,
      rcode: answer.rcode,
      answers: answer.answers.map((r) => ({
        name: r.name,
        type: r.type,
        ttl: r.ttl,
        data: r.data,
      })),
      reason: answer.reason,
    };
    out.result(data, () =>
      [
        ...data.answers.map(
          (r) => `${r.name === '' ? '.' : `${r.name}.`}\t${r.ttl}\tIN\t${r.type}\t${r.data}`,
        ),
        table([
          ['status', data.status],
          ['rcode', data.rcode],
          ['reason', data.reason],
        ]),
      ].join('\n'),
    );
    exitForStatus(answer.status);
  });
};
