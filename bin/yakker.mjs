#!/usr/bin/env node
// The `yakker` command. The CLI is bundled by `npm run build` into dist/main/cli.mjs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/main/cli.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('yakker: not built yet. Run `npm run build` in the Yakker folder first.\n');
  process.exit(2);
}
await import(bundle);
