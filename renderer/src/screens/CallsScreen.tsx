import { PhoneIncoming, PhoneMissed, PhoneOutgoing, History } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { CallRecord } from '../../../shared/contract/requests';
import { Avatar } from '../components/Avatar';
import { Dialer } from '../components/Dialer';
import { useServices } from '../state/context';

/** Calls: recent calls on the left, the dialer on the right. */
export function CallsScreen() {
  const { api } = useServices();
  const [history, setHistory] = useState<CallRecord[] | null>(null);
  useEffect(() => {
    void api.request('calls.history', {}).then((r) => {
      setHistory(r.ok ? r.value : []);
    });
  }, [api]);
  return (
    <div className="page">
      <section className="list-pane" aria-labelledby="calls-title">
        <header className="pane-header">
          <h1 id="calls-title">Calls</h1>
        </header>
        {history !== null && history.length === 0 ? (
          <div className="empty-small">
            <History aria-hidden="true" size={28} />
            <p>No calls yet. Calls you make and receive will show up here.</p>
          </div>
        ) : (
          <ul className="list" aria-label="Recent calls">
            {(history ?? []).map((call) => {
              const Icon =
                call.outcome === 'missed'
                  ? PhoneMissed
                  : call.direction === 'incoming'
                    ? PhoneIncoming
                    : PhoneOutgoing;
              return (
                <li key={call.id} className="row">
                  <Avatar name={call.peer} />
                  <span>{call.peer}</span>
                  <Icon aria-label={call.outcome} />
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section className="detail-pane" aria-label="Dialer">
        <Dialer />
      </section>
    </div>
  );
}
