import type { RegisterCommand } from '../cli-context';
import { table } from '../output';
import { lookupEnum } from '../../resolver/enum/enum-lookup';
import { addLookupOptions, lookupAction, type LookupFlags } from './lookup-options';

interface EnumFlags extends LookupFlags {
  suffix: string;
  country?: string;
  service: string;
}

/** `yakker enum NUMBER`: the SIP URIs an E.164 number maps to (RFC 6116), DNSSEC-validated. */
export const registerEnumCommand: RegisterCommand = (program, io) => {
  addLookupOptions(
    program
      .command('enum')
      .description(
        'look up the SIP URIs of a telephone number in ENUM (NAPTR), validated with DNSSEC',
      )
      .argument(
        '<number>',
        'E.164 number: +15550100, 0044 20 7946 0148, or national with --country',
      )
      .option('--suffix <zone>', 'ENUM suffix', 'e164.arpa.')
      .option('--country <cc>', 'default country for national numbers (ISO 3166, e.g. GB)')
      .option('--service <type>', 'Enumservice type', 'sip'),
  ).action(
    lookupAction(
      io,
      (resolver, number, flags: EnumFlags) =>
        lookupEnum(resolver, number, {
          suffix: flags.suffix,
          service: flags.service,
          ...(flags.country === undefined ? {} : { defaultCountry: flags.country }),
        }),
      (result) =>
        [
          table([
            ['number', result.e164],
            ['domain', result.domain],
            ['status', result.status],
            ['reason', result.reason],
          ]),
          ...(result.uris.length > 0
            ? [
                '',
                table([
                  ['ORDER', 'PREF', 'SERVICE', 'STATUS', 'URI'],
                  ...result.uris.map((u) => [
                    String(u.order),
                    String(u.preference),
                    u.service,
                    u.status,
                    u.uri,
                  ]),
                ]),
              ]
            : []),
        ].join('\n'),
    ),
  );
};
