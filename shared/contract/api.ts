import type { EventName, EventPayload } from './events';
import type { RequestInput, RequestName, RequestOutput } from './requests';
import type { Result } from './result';

/**
 * What the renderer sees as `window.yakker` (Electron preload) or builds over the web bridge.
 * Typed from the contract, never written by hand elsewhere.
 */
export interface YakkerApi {
  request<K extends RequestName>(
    name: K,
    input: RequestInput<K>,
  ): Promise<Result<RequestOutput<K>>>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}
