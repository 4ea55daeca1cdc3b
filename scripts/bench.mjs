// `npm run bench`: runs every scripts/bench/*.mjs (each prints one JSON object on stdout) and
// prints them together as one JSON document: {"<name>": {...}, ...}. Figures go into
// docs/benchmarks.md by hand, with the date and machine.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const results = {};
for (const file of readdirSync('scripts/bench')
  .filter((f) => f.endsWith('.mjs') && !f.endsWith('-lib.mjs')) // *-lib.mjs: shared helpers
  .sort()) {
  const name = file.replace(/\.mjs$/, '');
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}\n`);
  const run = spawnSync(process.execPath, [`scripts/bench/${file}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 15 * 60_000,
  });
  try {
    results[name] = JSON.parse(run.stdout);
  } catch {
    results[name] = { error: `exit ${run.status}`, output: run.stdout.slice(-2000) };
  }
}
process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
