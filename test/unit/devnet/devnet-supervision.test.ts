/**
 * supervise (devnet/src/devnet-supervision.ts) with stand-in processes whose exits the test
 * triggers: a process that exits is restarted and reported; one that keeps exiting is left down
 * after the limit; one that cannot start again is retried, then left down; nothing restarts
 * after stop(), and stop() waits for a restart under way. The real servers:
 * test/integration/devnet-dns-updates.test.ts (Knot) and devnet-sip-servers.test.ts (Kamailio).
 */
import { describe, expect, it } from 'vitest';
import { supervise, type SupervisedProcess } from '../../../devnet/src/devnet-supervision';

/** A stand-in process: `die()` ends the current run; `restart` starts a new one (or fails). */
function fakeProcess(name: string, failures = 0) {
  let pid = 100;
  let die: () => void = () => undefined;
  let running = new Promise<void>((r) => (die = r));
  let toFail = failures;
  const restarts: number[] = [];
  const p: SupervisedProcess & { die(): void; restarts: number[] } = {
    name,
    exited: () => running,
    restart: () => {
      if (toFail > 0) {
        toFail--;
        return Promise.reject(new Error('port taken'));
      }
      running = new Promise<void>((r) => (die = r));
      pid++;
      restarts.push(pid);
      return Promise.resolve(pid);
    },
    die: () => {
      die();
    },
    restarts,
  };
  return p;
}

function recorder() {
  const events: string[] = [];
  let wake: () => void = () => undefined;
  const next = (): Promise<void> => new Promise((r) => (wake = r));
  return {
    events,
    next,
    options: {
      onRestarted: (name: string, pid: number) => {
        events.push(`restarted ${name} ${pid}`);
        wake();
      },
      onGaveUp: (name: string, why: string) => {
        events.push(`gave up ${name}: ${why}`);
        wake();
      },
      retryMs: 1,
    },
  };
}

describe('supervise', () => {
  it('restarts a process each time it exits and reports the new PID', async () => {
    const knot = fakeProcess('knot');
    const rec = recorder();
    const supervision = supervise([knot], rec.options);
    for (let i = 0; i < 3; i++) {
      const reported = rec.next();
      knot.die();
      await reported;
    }
    expect(rec.events).toEqual(['restarted knot 101', 'restarted knot 102', 'restarted knot 103']);
    await supervision.stop();
  });

  it('leaves a process down once it exits more often than allowed', async () => {
    const kamailio = fakeProcess('provider-a');
    const rec = recorder();
    const supervision = supervise([kamailio], { ...rec.options, maxRestarts: 2 });
    for (let i = 0; i < 3; i++) {
      const reported = rec.next();
      kamailio.die();
      await reported;
    }
    expect(rec.events).toEqual([
      'restarted provider-a 101',
      'restarted provider-a 102',
      'gave up provider-a: exited 3 times within 60 s; left down',
    ]);
    expect(kamailio.restarts).toHaveLength(2);
    await supervision.stop();
  });

  it('retries a failed start, and leaves the process down when every try fails', async () => {
    const flaky = fakeProcess('knot', 2);
    const broken = fakeProcess('provider-b', 10);
    const rec = recorder();
    const supervision = supervise([flaky, broken], { ...rec.options, attempts: 3 });
    let reported = rec.next();
    flaky.die();
    await reported;
    reported = rec.next();
    broken.die();
    await reported;
    expect(rec.events).toEqual([
      'restarted knot 101',
      'gave up provider-b: could not start again: port taken',
    ]);
    await supervision.stop();
  });

  it('does not restart after stop()', async () => {
    const knot = fakeProcess('knot');
    const rec = recorder();
    const supervision = supervise([knot], rec.options);
    await supervision.stop();
    knot.die();
    await new Promise((r) => setTimeout(r, 20));
    expect(rec.events).toEqual([]);
    expect(knot.restarts).toEqual([]);
  });
});
