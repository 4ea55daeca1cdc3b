import { Menu, Tray, nativeImage, type BrowserWindow } from 'electron';

/** The tray icon: show the window, or quit. Calls keep ringing while the window is hidden. */
export function createTray(
  iconPath: string,
  getWindow: () => BrowserWindow | undefined,
  quit: () => void,
): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }));
  const show = () => {
    const win = getWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  tray.setToolTip('Yakker');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Yakker', click: show },
      { type: 'separator' },
      { label: 'Quit', click: quit },
    ]),
  );
  tray.on('click', show);
  return tray;
}
