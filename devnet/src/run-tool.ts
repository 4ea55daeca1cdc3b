/**
 * Runs a command-line tool (openssl, sqlite3, kamailio -c) with arguments, never through a shell.
 * A missing tool is an error naming the Debian package to install (tests fail, never skip).
 */
import { execFile } from 'node:child_process';

export interface ToolResult {
  stdout: string;
  stderr: string;
}

export const TOOL_PACKAGES: Readonly<Record<string, string>> = {
  kamailio: 'kamailio kamailio-tls-modules kamailio-websocket-modules kamailio-sqlite-modules',
  openssl: 'openssl',
  sqlite3: 'sqlite3',
};

export function runTool(
  tool: string,
  args: readonly string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      tool,
      args,
      { timeout: options.timeoutMs ?? 30_000, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          const pkg = TOOL_PACKAGES[tool] ?? tool;
          reject(
            new Error(`${tool} is missing: apt-get install -y ${pkg} (see .ci/apt-packages.txt)`),
          );
          return;
        }
        reject(new Error(`${tool} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      },
    );
    // A tool that exits before reading its input (an error, or killed by the timeout) makes the
    // write fail with EPIPE; the exit callback above reports what really happened.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}
