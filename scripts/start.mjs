// `npm start`: the desktop app. Electron's binary is not fetched by `npm install` (package.json
// allowScripts keeps its download script off), so the first start fetches it once with Electron's
// own installer. Where that cannot work (no network to Electron's release host, as on our CI
// machines), Yakker starts in your browser through the web bridge instead, and says so.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronInstallScript, findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
let binary = findElectronBinary();
if (!binary && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
  process.stderr.write('Fetching the Electron runtime (once)…\n');
  const install = spawnSync(process.execPath, [electronInstallScript()], {
    encoding: 'utf8',
    cwd: root,
  });
  binary = findElectronBinary();
  if (!binary) {
    const reason =
      `${install.stderr}`.split('\n').find((line) => /error/i.test(line)) ??
      `exit ${install.status}`;
    process.stderr.write(`Could not fetch the Electron runtime: ${reason.trim()}\n`);
  }
}

const child = binary
  ? spawn(binary, ['.'], { stdio: 'inherit', cwd: root })
  : (process.stderr.write(
      'The Electron runtime is not installed here, so Yakker opens in the browser instead (npm run web).\n',
    ),
    spawn(process.execPath, ['dist/main/web-host.mjs'], { stdio: 'inherit', cwd: root }));
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
