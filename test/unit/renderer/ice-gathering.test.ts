import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { earlyGathering } from '../../../renderer/sip/ice-gathering';

const host = (n: number) => ({
  type: 'host',
  candidate: `candidate:${n} 1 udp 2122260223 127.0.0.1 5000${n} typ host`,
});

describe('earlyGathering (end the ICE wait once host candidates are in)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls ready once, after host candidates have been quiet for the interval', () => {
    const ready = vi.fn();
    const g = earlyGathering(15);
    g.onCandidate(host(1), ready);
    vi.advanceTimersByTime(10);
    g.onCandidate(host(2), ready); // a second interface: the wait starts again
    vi.advanceTimersByTime(10);
    expect(ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5);
    expect(ready).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    expect(ready).toHaveBeenCalledTimes(1);
  });

  it('reads the type from the candidate line when the object has none', () => {
    const ready = vi.fn();
    const g = earlyGathering(15);
    g.onCandidate({ candidate: host(1).candidate }, ready);
    vi.advanceTimersByTime(15);
    expect(ready).toHaveBeenCalledTimes(1);
  });

  it('never shortcuts once a server-reflexive or relay candidate shows up', () => {
    for (const type of ['srflx', 'relay', 'prflx']) {
      const ready = vi.fn();
      const g = earlyGathering(15);
      g.onCandidate(host(1), ready);
      g.onCandidate({ type, candidate: `candidate:9 1 udp 1 192.0.2.1 1 typ ${type}` }, ready);
      g.onCandidate(host(2), ready);
      vi.advanceTimersByTime(1000);
      expect(ready, type).not.toHaveBeenCalled();
    }
  });

  it('cancel() (INVITE sent, call ended) stops the pending ready', () => {
    const ready = vi.fn();
    const g = earlyGathering(15);
    g.onCandidate(host(1), ready);
    g.cancel();
    vi.advanceTimersByTime(1000);
    expect(ready).not.toHaveBeenCalled();
  });
});
