import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { makeTestIdentity, type TestIdentity } from './crypto-fixtures';

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

/**
 * The usual interop setup: an openssl folder holding alice's and bob's certificates and keys
 * (alice.pem, alice.key, bob.pem, bob.key), made before the file's tests and removed after.
 * Call at module top level; read the fields inside tests.
 */
export function opensslPeers(): { work: OpensslWorkdir; alice: TestIdentity; bob: TestIdentity } {
  const peers = {} as { work: OpensslWorkdir; alice: TestIdentity; bob: TestIdentity };
  beforeAll(async () => {
    peers.work = makeOpensslWorkdir();
    peers.alice = await makeTestIdentity({ tel: '+15550100' });
    peers.bob = await makeTestIdentity({ tel: '+15550101', sip: 'sip:bob@example.org' });
    peers.work.write('alice.pem', peers.alice.pem);
    peers.work.write('alice.key', peers.alice.keyPem);
    peers.work.write('bob.pem', peers.bob.pem);
    peers.work.write('bob.key', peers.bob.keyPem);
  });
  afterAll(() => {
    peers.work.remove();
  });
  return peers;
}
