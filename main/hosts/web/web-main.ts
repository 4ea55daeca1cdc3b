import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../../app/bootstrap';
import { defaultDataDir } from '../../app/data-dir';
import { createStreamLogger } from '../../core/logger';
import { APP_VERSION } from '../../version';
import { startWebHost } from './web-host';

/**
 * `npm run web`: the app in any Chromium-based browser, served on loopback. Prints the URL to
 * open (with its one-time token). Stops on Ctrl+C or SIGTERM.
 */
const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: process.env['YAKKER_WEB_PORT'] ?? '0' },
    'data-dir': { type: 'string' },
  },
});

const logger = createStreamLogger((line) => process.stderr.write(line), 'web');
const app = createApp({
  host: 'web',
  version: APP_VERSION,
  dataDir: values['data-dir'] ?? defaultDataDir(),
  logger,
});
try {
  const host = await startWebHost({
    app,
    staticDir: fileURLToPath(new URL('../renderer/', import.meta.url)),
    host: values.host,
    port: Number(values.port),
  });
  process.stdout.write(
    `Yakker is running. Open this address in Chromium or Chrome:\n\n  ${host.url}\n\nPress Ctrl+C to stop.\n`,
  );
  const stop = () => {
    void host
      .close()
      .then(() => app.dispose())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`yakker web: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
  await app.dispose();
}
