/**
 * A real gnome-keyring (Secret Service) on a private D-Bus session bus, started by the test
 * (../shared/reference/real-components.md §3). The bus config has no service directories, so
 * nothing is auto-activated: a bus without the daemon is the "missing keychain" case. Missing
 * Debian packages make the caller fail, never skip. Processes are stopped by PID.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KEYRING_PASSWORD = 'test-keyring-pass';

export function requireKeyringTools(): void {
  for (const [tool, pkg] of [
    ['dbus-daemon', 'dbus'],
    ['gnome-keyring-daemon', 'gnome-keyring'],
    ['secret-tool', 'libsecret-tools'],
  ] as const) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
    } catch {
      throw new Error(
        `${tool} is missing: install the Debian package ${pkg} (.ci/apt-packages.txt)`,
      );
    }
  }
}

const BUS_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

export interface PrivateSession {
  /** Environment for children (and this process) to reach the bus and the keyring's HOME. */
  env: Record<string, string>;
  home: string;
  stop(): Promise<void>;
}

/**
 * Starts a private session bus and, depending on `keyring`:
 * - 'unlocked': gnome-keyring unlocked with KEYRING_PASSWORD (creates the login keyring);
 * - 'locked': gnome-keyring started without unlocking an existing keyring in `home`;
 * - 'none': no Secret Service at all on the bus.
 */
export async function startPrivateSession(
  keyring: 'unlocked' | 'locked' | 'none',
  home = mkdtempSync(join(tmpdir(), 'yakker-keyring-')),
): Promise<PrivateSession> {
  mkdirSync(join(home, '.cache'), { recursive: true });
  const configFile = join(home, 'bus.conf');
  writeFileSync(configFile, BUS_CONFIG);
  const bus = spawn('dbus-daemon', ['--config-file', configFile, '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const address = await firstLine(bus);
  const env: Record<string, string> = {
    DBUS_SESSION_BUS_ADDRESS: address,
    HOME: home,
    XDG_RUNTIME_DIR: home,
  };
  const children: ChildProcess[] = [bus];
  if (keyring !== 'none') {
    const args = [
      '--foreground',
      '--components=secrets',
      ...(keyring === 'unlocked' ? ['--unlock'] : ['--start']),
    ];
    const daemon = spawn('gnome-keyring-daemon', args, {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    children.unshift(daemon);
    if (keyring === 'unlocked') daemon.stdin?.end(KEYRING_PASSWORD);
    else daemon.stdin?.end();
    await waitForSecretService(env);
  }
  // If the test process dies before stop(), do not leave a bus or keyring daemon behind.
  const killAll = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', killAll);
  return {
    env,
    home,
    async stop() {
      process.off('exit', killAll);
      for (const child of children) {
        if (child.exitCode === null && child.pid) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await Promise.race([
            exited,
            new Promise((resolve) => {
              setTimeout(resolve, 2000);
            }),
          ]);
        }
      }
    },
  };
}

export function removeHome(session: PrivateSession): void {
  rmSync(session.home, { recursive: true, force: true });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      reject(new Error('dbus-daemon did not print its address'));
    }, 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const nl = text.indexOf('\n');
      if (nl !== -1) {
        clearTimeout(timer);
        resolve(text.slice(0, nl).trim());
      }
    });
    child.once('exit', () => {
      reject(new Error('dbus-daemon exited'));
    });
  });
}

/** Polls until org.freedesktop.secrets is owned on the bus. */
async function waitForSecretService(env: Record<string, string>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      const out = execFileSync(
        'dbus-send',
        [
          '--session',
          '--print-reply',
          '--dest=org.freedesktop.DBus',
          '/org/freedesktop/DBus',
          'org.freedesktop.DBus.NameHasOwner',
          'string:org.freedesktop.secrets',
        ],
        { env: { ...process.env, ...env }, stdio: 'pipe' },
      ).toString();
      if (out.includes('boolean true')) return;
    } catch {
      // bus not ready yet
    }
    await new Promise((resolve) => {
      setTimeout(resolve, 100);
    });
  }
  throw new Error('gnome-keyring-daemon did not register org.freedesktop.secrets');
}
