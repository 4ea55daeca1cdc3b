import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { YakkerApi } from '../../../shared/contract/api';
import { BrowserCallMedia } from '../../sip/browser-call-media';
import { CallManager } from '../../sip/call-manager';
import type { SipClient } from '../../sip/sip-client';
import { SipUserAgent } from '../../sip/sip-user-agent';
import ringtoneUrl from '../../../assets/sounds/ringtone.wav?url';
import { createCallsStore, type CallsState, type CallsStore } from './calls-store';

/** The window's SIP user agent, its calls, and their state. */
export interface CallServices {
  ua: SipUserAgent;
  calls: CallManager;
  store: CallsStore;
}

/**
 * Builds the UA and the call manager, starts the UA from the configured account and restarts it
 * whenever the account changes (account.changed).
 */
export function createCallServices(api: YakkerApi): CallServices {
  const store = createCallsStore();
  const ua = new SipUserAgent(api);
  const calls = new CallManager(api, ua, store, new BrowserCallMedia(ringtoneUrl));
  api.on('account.changed', (account) => {
    if (account.configured) void ua.start();
    else ua.stop();
  });
  void ua.start();
  return { ua, calls, store };
}

export const CallsContext = createContext<CallServices | null>(null);

export function useCallServices(): CallServices {
  const services = useContext(CallsContext);
  if (!services) throw new Error('useCallServices outside <CallsContext.Provider>');
  return services;
}

export function useCalls<T>(selector: (state: CallsState) => T): T {
  return useStore(useCallServices().store, selector);
}

/** The SIP user agent as chat sees it (renderer/sip/sip-client.ts). */
export function useSipClient(): SipClient {
  return useCallServices().ua;
}
