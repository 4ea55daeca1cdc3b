import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type YakkerApp } from '../../main/app/bootstrap';
import { silentLogger } from '../../main/core/logger';

/** A real app (real services, temporary data folder) for host and contract tests. */
export function createTestApp(): { app: YakkerApp; dataDir: string; cleanup: () => Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'yakker-test-'));
  const app = createApp({ host: 'test', version: '0.0.0-test', dataDir, logger: silentLogger });
  return {
    app,
    dataDir,
    cleanup: async () => {
      await app.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
