import { History, Phone, PhoneIncoming, PhoneMissed, PhoneOutgoing } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type { CallRecord } from '../../../shared/contract/requests';
import { PeerAvatar } from '../components/calls/PeerAvatar';
import { Dialer } from '../components/Dialer';
import { TrustBadge } from '../components/TrustBadge';
import '../components/calls/calls.css';
import { useCallServices } from '../state/calls-context';
import { useServices } from '../state/context';

const OUTCOME_WORDS = {
  answered: 'Answered',
  missed: 'Missed',
  declined: 'Declined',
  failed: 'Failed',
} as const;

/** A person's label for a SIP URI: the number or user, without the scheme and provider. */
export function peerLabel(uri: string): string {
  return uri.replace(/^sips?:/, '').replace(/@.*$/, '');
}

function when(ms: number): string {
  const d = new Date(ms);
  const today = new Date();
  return d.toDateString() === today.toDateString()
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** Calls: recent calls (missed in red, one-click call back) on the left, the dialer on the right. */
export function CallsScreen() {
  const { api, store } = useServices();
  const { calls } = useCallServices();
  const [history, setHistory] = useState<CallRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    void api.request('calls.history', {}).then((r) => {
      if (r.ok) {
        setHistory(r.value);
        setError(null);
      } else {
        setHistory([]);
        setError(r.error.message);
      }
    });
  }, [api]);
  useEffect(() => {
    load();
    return api.on('calls.historyChanged', load);
  }, [api, load]);
  const callBack = async (peer: string) => {
    calls.prepareMicrophone();
    const r = await api.request('calls.resolve', { target: peer });
    if (!r.ok) calls.releasePreparedMicrophone();
    const problem = r.ok ? await calls.dial(r.value) : r.error.message;
    if (problem) store.getState().toast('error', problem);
  };
  return (
    <div className="page">
      <section className="list-pane" aria-labelledby="calls-title">
        <header className="pane-header">
          <h1 id="calls-title">Calls</h1>
        </header>
        {error ? <p className="empty-small">{error}</p> : null}
        {history !== null && history.length === 0 && !error ? (
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
              const name = peerLabel(call.peer);
              const minutes = Math.floor(call.durationSeconds / 60);
              const duration =
                call.outcome === 'answered'
                  ? ` · ${minutes}:${String(call.durationSeconds % 60).padStart(2, '0')}`
                  : '';
              return (
                <li key={call.id} className="row call-history-row" data-outcome={call.outcome}>
                  <PeerAvatar name={name} />
                  <div className="row-main">
                    <span className="row-title">
                      {name} {call.verdict ? <TrustBadge verdict={call.verdict} /> : null}
                    </span>
                    <span className="row-sub">
                      <Icon aria-hidden="true" size={14} />{' '}
                      {call.direction === 'incoming' ? 'Incoming' : 'Outgoing'},{' '}
                      {OUTCOME_WORDS[call.outcome].toLowerCase()} · {when(call.startedAt)}
                      {duration}
                    </span>
                  </div>
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Call ${name} back`}
                    onClick={() => void callBack(call.peer)}
                  >
                    <Phone aria-hidden="true" />
                  </button>
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
