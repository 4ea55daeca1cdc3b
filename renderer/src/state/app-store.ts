import { createStore, type StoreApi } from 'zustand/vanilla';
import type { YakkerApi } from '../../../shared/contract/api';
import type { AppInfo, ConnectionStatus, Settings } from '../../../shared/contract/requests';

export interface Toast {
  id: number;
  tone: 'info' | 'error';
  text: string;
}

export interface AppState {
  loaded: boolean;
  /** Why the app could not start (no bridge token, bridge refused), in plain words. */
  fatal: string | null;
  info: AppInfo | null;
  settings: Settings | null;
  status: ConnectionStatus | null;
  toasts: Toast[];
  load(): Promise<void>;
  updateSettings(patch: Partial<Settings>): Promise<void>;
  toast(tone: Toast['tone'], text: string): void;
  dismissToast(id: number): void;
}

export type AppStore = StoreApi<AppState>;

/** The renderer's state: what main told us, kept fresh by contract events. */
export function createAppStore(api: YakkerApi): AppStore {
  let toastId = 0;
  const store = createStore<AppState>()((set, get) => ({
    loaded: false,
    fatal: null,
    info: null,
    settings: null,
    status: null,
    toasts: [],
    async load() {
      const [info, settings, status] = await Promise.all([
        api.request('app.info', {}),
        api.request('settings.get', {}),
        api.request('status.get', {}),
      ]);
      if (!info.ok) {
        set({ loaded: true, fatal: info.error.message });
        return;
      }
      set({
        loaded: true,
        info: info.value,
        settings: settings.ok ? settings.value : null,
        status: status.ok ? status.value : null,
      });
    },
    async updateSettings(patch) {
      const previous = get().settings;
      if (previous) set({ settings: { ...previous, ...patch } }); // optimistic
      const result = await api.request('settings.update', patch);
      if (result.ok) set({ settings: result.value });
      else {
        set({ settings: previous });
        get().toast('error', result.error.message);
      }
    },
    toast(tone, text) {
      const id = ++toastId;
      set((s) => ({ toasts: [...s.toasts.slice(-2), { id, tone, text }] }));
      setTimeout(() => {
        get().dismissToast(id);
      }, 6000);
    },
    dismissToast(id) {
      set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
    },
  }));
  api.on('status.changed', (status) => {
    store.setState({ status });
  });
  api.on('settings.changed', (settings) => {
    store.setState({ settings });
  });
  return store;
}
