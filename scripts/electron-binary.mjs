// Finds the Electron executable the way node_modules/electron/index.js does, without its
// download-on-demand: requiring 'electron' from Node starts a download when the binary is
// missing, which must never happen in tests (no network) and should be explicit in `npm start`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

/** @returns {string | null} the executable, or null when Electron's binary is not installed. */
export function findElectronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, relative || 'electron');
    return existsSync(candidate) ? candidate : null;
  }
  if (!relative) return null;
  const full = join(pkgDir, 'dist', relative);
  return existsSync(full) ? full : null;
}

/** The script that downloads Electron's binary (needs network access to its release host). */
export function electronInstallScript() {
  return join(
    dirname(createRequire(import.meta.url).resolve('electron/package.json')),
    'install.js',
  );
}
