import type { RegisterCommand } from '../cli-context';
import { table } from '../output';
import { locateSip } from '../../resolver/locate/locate-sip';
import { addLookupOptions, lookupAction } from './lookup-options';

/** `yakker locate SIP-URI`: the servers to contact for a SIP URI (RFC 3263), with TLSA. */
export const registerLocateCommand: RegisterCommand = (program, io) => {
  addLookupOptions(
    program
      .command('locate')
      .description(
        'find the SIP servers for a sip: or sips: URI (NAPTR, SRV, A/AAAA, TLSA), validated with DNSSEC',
      )
      .argument('<sip-uri>', 'e.g. sip:alice@example.org or sips:+15550100@provider.example'),
  ).action(
    lookupAction(
      io,
      (resolver, uri) => locateSip(resolver, uri),
      (result) => {
        const lines = [
          table([
            ['uri', result.uri],
            ['target', result.target],
            ['status', result.status],
            ['reason', result.reason],
          ]),
        ];
        if (result.targets.length > 0)
          lines.push(
            '',
            table([
              ['TRANSPORT', 'HOST', 'PORT', 'STATUS', 'ADDRESSES', 'TLSA'],
              ...result.targets.map((t) => [
                t.transport,
                t.host,
                String(t.port),
                t.status,
                t.addresses.join(' '),
                t.tlsa === null
                  ? `- (${t.tlsaNote ?? ''})`
                  : t.tlsa.usable
                    ? t.tlsa.records
                        .map(
                          (r) =>
                            `${r.usage} ${r.selector} ${r.matchingType} ${r.data.slice(0, 16)}…`,
                        )
                        .join(', ')
                    : t.tlsa.reason,
              ]),
            ]),
          );
        for (const s of result.skipped)
          lines.push(`skipped ${s.transport} ${s.host}:${s.port}: ${s.reason}`);
        return lines.join('\n');
      },
    ),
  );
};
