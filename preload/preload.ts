import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { YakkerApi } from '../shared/contract/api';

/**
 * The whole preload: `window.yakker` with `request` and `on`, typed by the contract. No logic:
 * main checks the sender, the request name and the input schema. ipcRenderer itself is never
 * exposed. Bundled to CommonJS (sandboxed preloads cannot load ES modules).
 */
const api: YakkerApi = {
  request: (name, input) => ipcRenderer.invoke('yakker:request', name, input),
  on: (name, listener) => {
    const handler = (_event: IpcRendererEvent, eventName: unknown, payload: unknown) => {
      if (eventName === name) (listener as (payload: unknown) => void)(payload);
    };
    ipcRenderer.on('yakker:event', handler);
    return () => {
      ipcRenderer.off('yakker:event', handler);
    };
  },
};

contextBridge.exposeInMainWorld('yakker', api);
