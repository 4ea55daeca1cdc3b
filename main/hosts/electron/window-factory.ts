import { BrowserWindow, session, shell, type Session } from 'electron';
import { APP_ORIGIN } from './app-protocol';

/** Schemes the user may be sent to in the system browser (top-up pages, help links). */
const EXTERNAL_SCHEMES = new Set(['https:', 'mailto:']);

/**
 * The one way Yakker makes a window: sandboxed, isolated, no Node, our own origin only, and no
 * navigation or pop-ups. Every window of the app comes from here.
 */
export function createSecureWindow(options: { preload: string; title?: string }): BrowserWindow {
  const win = new BrowserWindow({
    title: options.title ?? 'Yakker',
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 520,
    show: false,
    backgroundColor: '#1b1c1f',
    webPreferences: {
      preload: options.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: true,
    },
  });
  win.once('ready-to-show', () => {
    win.show();
  });
  win.webContents.on('will-navigate', (event) => {
    event.preventDefault();
  });
  win.webContents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  return win;
}

function openExternalSafely(url: string): void {
  try {
    if (EXTERNAL_SCHEMES.has(new URL(url).protocol)) void shell.openExternal(url);
  } catch {
    // Not a URL: ignore.
  }
}

/** Microphone (calls) and camera (QR scanning) for our own origin; everything else denied. */
export function installPermissionPolicy(target: Session = session.defaultSession): void {
  target.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const fromUs = details.requestingUrl.startsWith(`${APP_ORIGIN}/`);
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const media = permission === 'media' && mediaTypes.every((t) => t === 'audio' || t === 'video');
    callback(fromUs && media);
  });
  target.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return requestingOrigin === APP_ORIGIN && permission === 'media';
  });
}
