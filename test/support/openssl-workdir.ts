import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temp folder to run `openssl` in; fails (never skips) when openssl is not installed. */
export interface OpensslWorkdir {
  dir: string;
  openssl(args: string[], input?: string | Buffer): string;
  /** openssl with stderr merged into the output (for -info listings). */
  opensslAll(command: string): string;
  write(name: string, content: string | Buffer): string;
  read(name: string): Buffer;
  remove(): void;
}

export function makeOpensslWorkdir(): OpensslWorkdir {
  try {
    execFileSync('sh', ['-c', 'command -v openssl'], { stdio: 'pipe' });
  } catch {
    throw new Error(
      'openssl is missing: install the Debian package openssl (.ci/apt-packages.txt)',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'yakker-openssl-'));
  return {
    dir,
    openssl: (args, input) =>
      execFileSync('openssl', args, {
        cwd: dir,
        input,
        stdio: ['pipe', 'pipe', 'pipe'],
      }).toString(),
    opensslAll: (command) =>
      execFileSync('sh', ['-c', `openssl ${command} 2>&1`], { cwd: dir }).toString(),
    write: (name, content) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    },
    read: (name) => readFileSync(join(dir, name)),
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
