import { join } from 'node:path';
import { app as electronApp, ipcMain, protocol, session, type BrowserWindow } from 'electron';
import { createApp, type YakkerApp } from '../../app/bootstrap';
import { createStreamLogger } from '../../core/logger';
import { APP_VERSION } from '../../version';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, handleAppProtocol } from './app-protocol';
import { ElectronNotifier } from './electron-notifier';
import { forwardEvents, serveIpc } from './ipc';
import { createTray } from './tray';
import { createSecureWindow, installPermissionPolicy } from './window-factory';

/**
 * The Electron host: one window from the secure factory, the contract over IPC, a tray icon and
 * native notifications. All product logic lives in the services createApp() builds.
 * Bundled to dist/main/electron-main.cjs; __dirname is dist/main.
 */
const distDir = join(__dirname, '..');
const logger = createStreamLogger((line) => process.stderr.write(line), 'electron');

if (!electronApp.requestSingleInstanceLock()) {
  electronApp.quit();
} else {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  let window: BrowserWindow | undefined;
  let yakker: YakkerApp | undefined;
  let quitting = false;

  const openWindow = () => {
    if (!yakker) return;
    const win = createSecureWindow({ preload: join(distDir, 'preload', 'preload.cjs') });
    const stopEvents = forwardEvents(yakker, win.webContents);
    win.on('close', (event) => {
      if (!quitting && process.platform !== 'linux') {
        event.preventDefault(); // keep running in the tray to receive calls
        win.hide();
      }
    });
    win.on('closed', () => {
      stopEvents();
      window = undefined;
    });
    void win.loadURL(`${APP_ORIGIN}/index.html`);
    window = win;
  };

  electronApp.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    } else openWindow();
  });

  electronApp.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e) => {
      e.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void electronApp.whenReady().then(() => {
    yakker = createApp({
      host: 'electron',
      version: APP_VERSION,
      dataDir: process.env['YAKKER_DATA_DIR'] ?? electronApp.getPath('userData'),
      logger,
      notifier: new ElectronNotifier(),
    });
    handleAppProtocol(protocol, join(distDir, 'renderer'));
    installPermissionPolicy(session.defaultSession);
    serveIpc(ipcMain, yakker);
    openWindow();
    createTray(
      join(distDir, 'renderer', 'icon.png'),
      () => window,
      () => {
        quitting = true;
        electronApp.quit();
      },
    );
  });

  electronApp.on('activate', () => {
    if (!window) openWindow();
  });
  electronApp.on('before-quit', () => {
    quitting = true;
  });
  electronApp.on('window-all-closed', () => {
    if (process.platform !== 'darwin') electronApp.quit();
  });
  electronApp.on('will-quit', () => {
    void yakker?.dispose();
  });
}
