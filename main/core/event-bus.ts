import type { EventName, EventPayload } from '../../shared/contract/events';
import { toDisposable, type Disposable } from './disposable';

type Listener = (name: EventName, payload: unknown) => void;

/** Carries contract events from services to every connected host (windows, bridge clients). */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of [...this.listeners]) listener(name, payload);
  }

  /** Receives every event; hosts forward them to their renderers. */
  subscribe(listener: Listener): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => {
      this.listeners.delete(listener);
    });
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
