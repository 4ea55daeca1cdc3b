import type { YakkerApi } from '../../../shared/contract/api';
import type { BridgeServerFrame } from '../../../shared/contract/bridge-protocol';
import type { EventName } from '../../../shared/contract/events';
import { err, type Result } from '../../../shared/contract/result';

const LOST = 'Lost the connection to Yakker. Check that it is still running, then reload.';

type Pending = (result: Result<unknown>) => void;
type AnyListener = (payload: unknown) => void;

export interface BridgeClient extends YakkerApi {
  /** Resolves once connected; rejects if the bridge refused us (wrong token, foreign page). */
  ready: Promise<void>;
  onConnectionChange(listener: (connected: boolean) => void): () => void;
}

/**
 * The renderer's side of the web bridge: the contract over one WebSocket. Requests made before
 * the socket opens wait for it; if the socket closes, every pending request ends with an
 * `unavailable` error rather than hanging.
 */
export function connectBridge(url: string): BridgeClient {
  const socket = new WebSocket(url);
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<AnyListener>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let nextId = 1;

  const ready = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => {
      resolve();
    });
    socket.addEventListener('close', () => {
      reject(new Error('The Yakker bridge refused or closed the connection.'));
    });
  });
  ready.catch(() => undefined);

  socket.addEventListener('open', () => {
    for (const l of connectionListeners) l(true);
  });
  socket.addEventListener('error', () => {
    // A refused or broken connection; the close event that follows settles everything.
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve(err('unavailable', LOST));
    }
    pending.clear();
    for (const l of connectionListeners) l(false);
  });
  socket.addEventListener('message', (message: MessageEvent<string>) => {
    let frame: BridgeServerFrame;
    try {
      frame = JSON.parse(message.data) as BridgeServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'result' && frame.id !== null) {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    } else if (frame.type === 'event') {
      for (const l of listeners.get(frame.name) ?? []) l(frame.payload);
    }
  });

  const send: YakkerApi['request'] = (name, input) => {
    if (socket.readyState !== WebSocket.OPEN) return Promise.resolve(err('unavailable', LOST));
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve as Pending);
      socket.send(JSON.stringify({ id, type: 'request', name, input }));
    });
  };

  return {
    ready,
    // Once connected, a request goes out at once, in the caller's own turn (a SIP message
    // handed over by JsSIP does not wait behind whatever the page renders next).
    request: (name, input) => {
      if (socket.readyState === WebSocket.OPEN) return send(name, input);
      return ready.then(
        () => send(name, input),
        () =>
          err(
            'unavailable',
            'Yakker is not reachable. Open the address that `npm run web` printed.',
          ),
      );
    },
    on: (name, listener) => {
      const set = listeners.get(name) ?? new Set<AnyListener>();
      set.add(listener as AnyListener);
      listeners.set(name, set);
      return () => {
        set.delete(listener as AnyListener);
      };
    },
    onConnectionChange: (listener) => {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
  };
}
