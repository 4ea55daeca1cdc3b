import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

/**
 * The Debian packages behind the devnet's DNS and the test hierarchy (see .ci/apt-packages.txt). Missing tools are an
 * error, never a skip: a test that cannot run must fail and say what to install.
 */
export const TOOL_PACKAGES: Readonly<Record<string, string>> = {
  'dnssec-keygen': 'bind9-utils',
  'dnssec-signzone': 'bind9-utils',
  delv: 'bind9-dnsutils',
  'ldns-keygen': 'ldnsutils',
  'ldns-signzone': 'ldnsutils',
  nsd: 'nsd',
  knotd: 'knot',
  keymgr: 'knot',
  knsupdate: 'knot-dnsutils',
  kdig: 'knot-dnsutils',
  'unbound-host': 'unbound-host',
  openssl: 'openssl',
};

const found = new Map<string, string | undefined>();

export function which(tool: string): string | undefined {
  if (found.has(tool)) return found.get(tool);
  let path: string | undefined;
  for (const dir of (process.env['PATH'] ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    try {
      accessSync(`${dir}/${tool}`, constants.X_OK);
      path = `${dir}/${tool}`;
      break;
    } catch {
      // not here
    }
  }
  found.set(tool, path);
  return path;
}

/** Throws, naming the apt package, if any of the tools is missing. */
export function requireTools(...tools: string[]): void {
  const missing = tools.filter((t) => which(t) === undefined);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((t) => TOOL_PACKAGES[t] ?? t))];
    throw new Error(
      `missing ${missing.join(', ')}: run apt-get install -y ${packages.join(' ')} (listed in .ci/apt-packages.txt)`,
    );
  }
}

/** Runs a tool synchronously in `cwd`; returns stdout; throws with stderr on failure. */
export function run(tool: string, args: readonly string[], cwd: string): string {
  const path = which(tool) ?? tool;
  try {
    return execFileSync(path, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr ?? e.message}`, {
      cause: error,
    });
  }
}
