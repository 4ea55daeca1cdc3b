import type { ConnectionStatus } from '../../shared/contract/requests';
import type { EventBus } from '../core/event-bus';

/**
 * Registration and network state, as the status area shows it. The SIP stack (a later issue)
 * drives it; until an account exists Yakker is offline with a reason that says so.
 */
export class StatusService {
  private status: ConnectionStatus = {
    registration: 'offline',
    reason: 'No account yet. Set up your number to start calling.',
    network: 'online',
  };

  constructor(private readonly bus: EventBus) {}

  get(): ConnectionStatus {
    return this.status;
  }

  set(next: ConnectionStatus): void {
    if (JSON.stringify(next) === JSON.stringify(this.status)) return;
    this.status = next;
    this.bus.emit('status.changed', next);
  }
}
