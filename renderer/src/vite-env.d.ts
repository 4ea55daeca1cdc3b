/// <reference types="vite/client" />
import type { YakkerApi } from '../../shared/contract/api';

declare global {
  /** Set by the Electron preload; absent in a browser, where the web bridge is used. */
  interface Window {
    yakker?: YakkerApi;
  }
  const __YAKKER_VERSION__: string;
}
