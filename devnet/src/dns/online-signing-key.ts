/**
 * The online-signed zone's key, made by keymgr in Knot's KASP database before knotd starts, so
 * its DS can go into the parent zone (signed offline) first. One combined signing key (CSK,
 * ECDSA P-256, algorithm 13): mod-onlinesign signs every answer with it.
 */
import { run, requireTools } from './tools';

/** Generates the zone's key (if it has none) and returns its DS lines (SHA-256, digest type 2). */
export function generateOnlineSigningKey(
  configFile: string,
  origin: string,
  cwd: string,
): string[] {
  requireTools('keymgr');
  const list = run('keymgr', ['-c', configFile, origin, 'list'], cwd);
  if (list.trim() === '')
    run(
      'keymgr',
      ['-c', configFile, origin, 'generate', 'algorithm=13', 'ksk=yes', 'zsk=yes'],
      cwd,
    );
  const ds = run('keymgr', ['-c', configFile, origin, 'ds'], cwd)
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[1] === 'DS' && f[4] === '2')
    .map((f) => `${f[0] ?? origin} DS ${f.slice(2).join(' ')}`);
  if (ds.length === 0) throw new Error(`keymgr gave no SHA-256 DS for ${origin}`);
  return ds;
}
