import { execFileSync } from 'node:child_process';

/** Debian's Chromium (apt-get install chromium); Playwright never downloads a browser here. */
export function chromiumPath(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) return fromEnv;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error(
    'No Chromium found. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.',
  );
}
