import { execFile } from 'node:child_process';
import type { DnssecStatus } from '../../../main/resolver/types';
import { requireTools, which } from '../../../devnet/src/dns/tools';

export interface DelvVerdict {
  status: DnssecStatus;
  /** NOERROR, NXDOMAIN or NODATA when delv says so; otherwise undefined. */
  rcode: 'NOERROR' | 'NXDOMAIN' | 'NODATA' | undefined;
  /** Answer lines (presentation format, RRSIGs left out). */
  answers: string[];
  output: string;
}

/**
 * Runs delv (bind9-dnsutils) against the hierarchy's server with its own trust anchor and maps
 * its verdict to RFC 4035 §4.3 terms:
 *   "; fully validated" (also "negative response, fully validated") -> secure
 *   "; unsigned answer"                                               -> insecure
 *   a validation failure (bad RRSIG, broken chain, failed proof)      -> bogus
 *   no answer at all (timeout, refused, SERVFAIL upstream)            -> indeterminate
 */
export async function delv(
  server: { host: string; port: number },
  anchorFile: string,
  name: string,
  type: string,
): Promise<DelvVerdict> {
  requireTools('delv');
  const args = [
    '@' + server.host,
    '-p',
    String(server.port),
    '-a',
    anchorFile,
    '+root=.',
    '+nomtrace',
    name,
    type,
  ];
  const output = await new Promise<string>((resolve) => {
    execFile(which('delv') ?? 'delv', args, { timeout: 20_000 }, (_error, stdout, stderr) => {
      resolve(`${stderr}${stdout}`);
    });
  });
  return parseDelv(output);
}

const BOGUS = [
  'RRSIG failed to verify',
  'no valid RRSIG',
  'no valid signature found',
  'broken trust chain',
  'insecurity proof failed',
  'RRSIG has expired',
  'validity period has not begun',
  'bad cache hit',
  'not validated', // "...: must-be-secure"
  'no valid DS',
];

export function parseDelv(output: string): DelvVerdict {
  const lines = output.split('\n');
  const answers = lines
    .filter((l) => l !== '' && !l.startsWith(';'))
    .filter((l) => l.split(/\s+/)[3] !== 'RRSIG');
  const rcode =
    output.includes('ncache nxdomain') || output.includes('NXDOMAIN')
      ? 'NXDOMAIN'
      : output.includes('ncache nxrrset') || output.includes('NXRRSET')
        ? 'NODATA'
        : answers.length > 0
          ? 'NOERROR'
          : undefined;
  let status: DnssecStatus;
  if (/^; (negative response, )?fully validated/m.test(output)) status = 'secure';
  else if (/^; (negative response, )?unsigned answer/m.test(output)) status = 'insecure';
  else if (BOGUS.some((b) => output.includes(b))) status = 'bogus';
  else status = 'indeterminate';
  return { status, rcode, answers, output };
}
