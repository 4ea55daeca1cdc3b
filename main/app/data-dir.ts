import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Yakker keeps its data when the host does not say (Electron passes app.getPath('userData')).
 * YAKKER_DATA_DIR overrides it (tests, several profiles side by side).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const override = env['YAKKER_DATA_DIR'];
  if (override) return override;
  if (platform === 'win32')
    return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Yakker');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Yakker');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'yakker');
}
