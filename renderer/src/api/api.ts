import type { YakkerApi } from '../../../shared/contract/api';
import { err } from '../../../shared/contract/result';
import { connectBridge, type BridgeClient } from './bridge-client';

const TOKEN_KEY = 'yakker.bridge-token';

export type ApiSource =
  | { kind: 'electron'; api: YakkerApi }
  | { kind: 'web'; api: BridgeClient }
  | { kind: 'none'; api: YakkerApi };

/**
 * Finds the contract: the Electron preload's `window.yakker`, or the web bridge when the page was
 * opened from the address `npm run web` printed (its token is in the URL fragment, kept for this
 * tab in sessionStorage and removed from the address bar).
 */
export function connectApi(): ApiSource {
  if (window.yakker) return { kind: 'electron', api: window.yakker };
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname);
  }
  const token = fromHash ?? sessionStorage.getItem(TOKEN_KEY);
  if (!token) return { kind: 'none', api: unavailableApi };
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${window.location.host}/bridge?token=${encodeURIComponent(token)}`;
  return { kind: 'web', api: connectBridge(url) };
}

const unavailableApi: YakkerApi = {
  request: () =>
    Promise.resolve(
      err(
        'unauthorized',
        'Open the full address that npm run web printed in your terminal: it carries a one-time key that lets this page talk to Yakker.',
      ),
    ),
  on: () => () => undefined,
};
