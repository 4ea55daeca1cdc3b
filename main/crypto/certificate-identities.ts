import * as pkijs from 'pkijs';
import type { ParsedCertificate } from './der';

/** The `tel:` and `sip:`/`sips:` URIs in a certificate's subjectAltName, tel first. */
export function certificateIdentities(cert: ParsedCertificate): string[] {
  const ext = cert.pkijs.extensions?.find((e) => e.extnID === '2.5.29.17');
  const names = ext?.parsedValue instanceof pkijs.AltName ? ext.parsedValue.altNames : [];
  const uris = names
    .filter((n) => n.type === 6 && typeof n.value === 'string')
    .map((n) => n.value as string)
    .filter((uri) => /^(tel|sips?):/i.test(uri));
  return [
    ...uris.filter((u) => u.startsWith('tel:')),
    ...uris.filter((u) => !u.startsWith('tel:')),
  ];
}
