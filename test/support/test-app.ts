import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type YakkerApp } from '../../main/app/bootstrap';
import { silentLogger } from '../../main/core/logger';
import { FakeKeyStore } from './fake-key-store';

/**
 * A real app (real services, temporary data folder) for host and contract tests; the keychain
 * is an in-memory fake so unit tests never touch the user's.
 */
export function createTestApp(keyStore = new FakeKeyStore()): {
  app: YakkerApp;
  dataDir: string;
  keyStore: FakeKeyStore;
  cleanup: () => Promise<void>;
} {
  const dataDir = mkdtempSync(join(tmpdir(), 'yakker-test-'));
  const app = createApp({
    host: 'test',
    version: '0.0.0-test',
    dataDir,
    logger: silentLogger,
    keyStore,
  });
  return {
    app,
    dataDir,
    keyStore,
    cleanup: async () => {
      await app.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
