/**
 * The supervisor's watch over the devnet's servers (Knot, each provider's Kamailio): one that
 * exits while the devnet runs is started again, in the same state and on the same ports, so
 * clients recover by themselves (resolvers retry, SIP user agents register again). One that keeps
 * dying (more than `maxRestarts` within `windowMs`) or cannot start again is left down and
 * reported; `status` then shows the devnet degraded, and `down` + `up` restores it.
 */
export interface SupervisedProcess {
  name: string;
  /** Resolves when the process that runs now exits. */
  exited(): Promise<unknown>;
  /** Starts it again; resolves with the new PID once it serves. */
  restart(): Promise<number>;
}

export interface SupervisionOptions {
  onRestarted(name: string, pid: number): void;
  onGaveUp(name: string, why: string): void;
  /** Restarts allowed per process within `windowMs` (default 5 in 60 s). */
  maxRestarts?: number;
  windowMs?: number;
  /** Tries per restart (default 3), `retryMs` apart (default 1 s). */
  attempts?: number;
  retryMs?: number;
}

export interface Supervision {
  /** No more restarts; resolves once a restart under way has finished (its process runs). */
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function supervise(
  processes: readonly SupervisedProcess[],
  options: SupervisionOptions,
): Supervision {
  const maxRestarts = options.maxRestarts ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const attempts = options.attempts ?? 3;
  const retryMs = options.retryMs ?? 1000;
  let stopped = false;
  const busy = new Set<Promise<unknown>>();

  const restartOnce = async (p: SupervisedProcess): Promise<number | Error> => {
    let last: unknown;
    for (let i = 0; i < attempts && !stopped; i++) {
      if (i > 0) await sleep(retryMs);
      try {
        return await p.restart();
      } catch (error) {
        last = error;
      }
    }
    return new Error(reason(last ?? 'stopped'));
  };

  const watch = async (p: SupervisedProcess): Promise<void> => {
    const restarts: number[] = [];
    for (;;) {
      await p.exited();
      if (stopped) return;
      const now = Date.now();
      const recent = restarts.filter((t) => now - t < windowMs);
      if (recent.length >= maxRestarts) {
        options.onGaveUp(
          p.name,
          `exited ${recent.length + 1} times within ${windowMs / 1000} s; left down`,
        );
        return;
      }
      restarts.splice(0, restarts.length, ...recent, now);
      const run = restartOnce(p);
      busy.add(run);
      const result = await run.finally(() => busy.delete(run));
      if (result instanceof Error) {
        if (!stopped) options.onGaveUp(p.name, `could not start again: ${result.message}`);
        return;
      }
      if (stopped) return;
      options.onRestarted(p.name, result);
    }
  };

  for (const p of processes) void watch(p);
  return {
    stop: async () => {
      stopped = true;
      await Promise.allSettled([...busy]);
    },
  };
}
