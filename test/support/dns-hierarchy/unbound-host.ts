import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DnssecStatus } from '../../../main/resolver/types';
import { requireTools, which } from '../../../devnet/src/dns/tools';

/**
 * Writes an unbound-host configuration that sends every zone of the hierarchy to its server (one
 * stub zone per zone: the NS records say ns.test on port 53, which is not where NSD listens), with
 * `.test` taken out of unbound's RFC 6761 local zones.
 */
export function unboundConfig(
  dir: string,
  server: { host: string; port: number },
  zones: readonly string[],
): string {
  const file = join(dir, 'unbound-host.conf');
  writeFileSync(
    file,
    [
      'server:',
      '  do-not-query-localhost: no',
      '  module-config: "validator iterator"',
      '  chroot: ""',
      '  username: ""',
      `  directory: "${dir}"`,
      '  local-zone: "test." nodefault',
      '  val-log-level: 0',
      ...zones.flatMap((zone) => [
        'stub-zone:',
        `  name: "${zone}"`,
        `  stub-addr: ${server.host}@${server.port}`,
      ]),
      '',
    ].join('\n'),
  );
  return file;
}

export interface UnboundVerdict {
  status: DnssecStatus;
  output: string;
}

/** `unbound-host -C conf -f anchor -t TYPE name`: (secure), (insecure), (BOGUS ...). */
export async function unboundHost(
  configFile: string,
  anchorFile: string,
  name: string,
  type: string,
): Promise<UnboundVerdict> {
  requireTools('unbound-host');
  const output = await new Promise<string>((resolve) => {
    execFile(
      which('unbound-host') ?? 'unbound-host',
      ['-C', configFile, '-f', anchorFile, '-v', '-t', type, name],
      { timeout: 20_000 },
      (_error, stdout, stderr) => {
        resolve(`${stderr}${stdout}`);
      },
    );
  });
  const status: DnssecStatus = /\(secure\)/.test(output)
    ? 'secure'
    : /\(insecure\)/.test(output)
      ? 'insecure'
      : /BOGUS/.test(output)
        ? 'bogus'
        : 'indeterminate';
  return { status, output };
}
