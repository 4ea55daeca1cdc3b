import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, type WebHost } from '../../main/hosts/web/web-host';
import { createTestApp } from './test-app';

/** A real web host on a free loopback port, over a real app, serving a one-page static folder. */
export async function startTestWebHost(): Promise<{
  host: WebHost;
  staticDir: string;
  stop: () => Promise<void>;
}> {
  const staticDir = mkdtempSync(join(tmpdir(), 'yakker-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Yakker</title>');
  const { app, cleanup } = createTestApp();
  const host = await startWebHost({ app, staticDir });
  return {
    host,
    staticDir,
    stop: async () => {
      await host.close();
      await cleanup();
      rmSync(staticDir, { recursive: true, force: true });
    },
  };
}
