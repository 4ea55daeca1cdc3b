/**
 * The devnet's media relay: one rtpengine per devnet, userspace forwarding only (--table=-1, no
 * kernel module), media and NG control on 127.0.0.1. Kamailio's route[MEDIA] drives it
 * (rtpengine_manage) when exactly one side of a call is WebRTC, and for PSTN calls.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { freeLoopbackPorts } from '../free-ports';
import { DaemonStartError, startDaemon } from './daemon-process';
import { ngPing, ngRequest } from './ng-client';
import type { BValue } from './bencode';

export interface RunningRtpengine {
  pid: number;
  /** NG control port (UDP, 127.0.0.1). */
  ngPort: number;
  /** Media ports rtpengine allocates from (UDP, 127.0.0.1). */
  portMin: number;
  portMax: number;
  pidFile: string;
  logPath: string;
  /** `udp:127.0.0.1:<ng>`, Kamailio's rtpengine_sock. */
  kamailioSocket: string;
  /** NG `query` for one call: per-stream packet counters, or null when rtpengine has no such call. */
  query(callId: string, fromTag?: string): Promise<Record<string, BValue> | null>;
  /** NG `list`: the call-ids it relays now. */
  list(): Promise<string[]>;
  stop(): Promise<void>;
}

const ATTEMPTS = 4;

export async function startRtpengine(options: {
  stateDir: string;
  /** A private media port range (default: 100 ports in 30000–59999 chosen per start). */
  portMin?: number;
}): Promise<RunningRtpengine> {
  const dir = options.stateDir;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pidFile = join(dir, 'rtpengine.pid');
  const logPath = join(dir, 'rtpengine.log');
  for (let attempt = 1; ; attempt++) {
    const [ngPort] = await freeLoopbackPorts(1);
    if (ngPort === undefined) throw new Error('no free loopback port for rtpengine');
    const portMin = options.portMin ?? 30000 + 100 * Math.floor(Math.random() * 299);
    const portMax = portMin + 99;
    try {
      const proc = await startDaemon({
        label: 'rtpengine',
        command: 'rtpengine',
        aptPackage: '--no-install-recommends rtpengine-daemon',
        args: [
          '--table=-1',
          '--interface=127.0.0.1',
          `--listen-ng=127.0.0.1:${ngPort}`,
          `--port-min=${portMin}`,
          `--port-max=${portMax}`,
          '--foreground',
          '--log-stderr',
          '--log-level=6',
          '--config-file=none',
          `--pidfile=${pidFile}`,
        ],
        logPath,
        ready: () => ngPing(ngPort),
      });
      return {
        pid: proc.pid,
        ngPort,
        portMin,
        portMax,
        pidFile,
        logPath,
        kamailioSocket: `udp:127.0.0.1:${ngPort}`,
        async query(callId, fromTag) {
          const answer = await ngRequest(ngPort, {
            command: 'query',
            'call-id': callId,
            ...(fromTag === undefined ? {} : { 'from-tag': fromTag }),
          });
          return answer['result'] === 'ok' ? answer : null;
        },
        async list() {
          const answer = await ngRequest(ngPort, { command: 'list', limit: '100' });
          const calls = answer['calls'];
          return Array.isArray(calls) ? calls.map(String) : [];
        },
        stop: () => proc.stop(),
      };
    } catch (err) {
      const raced =
        err instanceof DaemonStartError && /in use|bind|failed to open/i.test(err.logTail);
      if (!raced || attempt >= ATTEMPTS) throw err;
    }
  }
}
