import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { YakkerApi } from '../../../shared/contract/api';
import type { AppState, AppStore } from './app-store';

export interface Services {
  api: YakkerApi;
  store: AppStore;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext.Provider>');
  return services;
}

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}
