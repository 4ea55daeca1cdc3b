import { X509Certificate } from 'node:crypto';
import type { RegisterCommand } from '../cli-context';
import { table } from '../output';
import { lookupCertificates } from '../../resolver/cert/cert-lookup';
import { addLookupOptions, lookupAction, type LookupFlags } from './lookup-options';

interface CertFlags extends LookupFlags {
  suffix: string;
  country?: string;
}

/** `yakker cert IDENTITY`: the certificates an identity publishes in SMIMEA records. */
export const registerCertCommand: RegisterCommand = (program, io) => {
  addLookupOptions(
    program
      .command('cert')
      .description('look up the certificates an identity publishes (SMIMEA), validated with DNSSEC')
      .argument(
        '<identity>',
        'an E.164 number (+15550100, tel:+15550100) or a SIP address (sip:alice@example.org)',
      )
      .option('--suffix <zone>', 'ENUM suffix for numbers', 'e164.arpa.')
      .option('--country <cc>', 'default country for national numbers'),
  ).action(
    lookupAction(
      io,
      async (resolver, identity, flags: CertFlags) => {
        const result = await lookupCertificates(resolver, identity, {
          suffix: flags.suffix,
          ...(flags.country === undefined ? {} : { defaultCountry: flags.country }),
        });
        const certificates = result.certificates.map((c) => ({
          sha256: c.sha256,
          ...describe(c.der),
          der: Buffer.from(c.der).toString('base64'),
        }));
        return { ...result, certificates };
      },
      (result) =>
        [
          table([
            [
              'identity',
              result.identity.kind === 'tel' ? result.identity.e164 : result.identity.uri,
            ],
            ['owner', result.owner],
            ['status', result.status],
            ['reason', result.reason],
          ]),
          ...result.certificates.map((c, i) =>
            [
              '',
              table([
                [`certificate ${i + 1}`, c.subject ?? '(not parseable as X.509)'],
                ['names', c.subjectAltName ?? '-'],
                ['valid', c.validFrom === undefined ? '-' : `${c.validFrom} to ${c.validTo ?? ''}`],
                ['sha-256', c.sha256],
              ]),
            ].join('\n'),
          ),
        ].join('\n'),
    ),
  );
};

function describe(der: Uint8Array): {
  subject?: string;
  subjectAltName?: string;
  validFrom?: string;
  validTo?: string;
} {
  try {
    const cert = new X509Certificate(der);
    return {
      subject: cert.subject.replace(/\n/g, ', '),
      ...(cert.subjectAltName === undefined ? {} : { subjectAltName: cert.subjectAltName }),
      validFrom: new Date(cert.validFrom).toISOString(),
      validTo: new Date(cert.validTo).toISOString(),
    };
  } catch {
    return {};
  }
}
