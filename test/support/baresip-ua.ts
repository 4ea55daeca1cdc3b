/**
 * A baresip user agent for call tests: headless, on 127.0.0.1, registered with digest credentials
 * to a Kamailio TCP port (outbound proxy, so no DNS), sending a tone (opus; 440 Hz unless told),
 * driven over ctrl_tcp (netstring-framed JSON). Records the call events it reports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { baresipPorts } from '../../devnet/src/pstn/pstn-gateway';

export interface BaresipEvent {
  type: string;
  param?: string | undefined;
  peeruri?: string | undefined;
}

export interface BaresipUa {
  events: BaresipEvent[];
  /** Resolves with the first event of one of these types (after `from` events), or rejects. */
  waitFor(types: readonly string[], timeoutMs?: number, from?: number): Promise<BaresipEvent>;
  command(command: string, params?: string): void;
  /** Resolves once the REGISTER got 200 (from its log: it may come before ctrl_tcp connects). */
  registered(timeoutMs?: number): Promise<void>;
  log(): string;
  stop(): Promise<void>;
}

export async function startBaresipUa(options: {
  dir: string;
  user: string;
  domain: string;
  password: string;
  kamailioTcpPort: number;
  /** The tone it sends (ausine), Hz; default 440. */
  toneHz?: number;
}): Promise<BaresipUa> {
  mkdirSync(options.dir, { recursive: true });
  const { sipPort, ctrlPort } = await baresipPorts();
  const rtpMin = 40000 + 100 * Math.floor(Math.random() * 200);
  writeFileSync(
    join(options.dir, 'config'),
    [
      'poll_method epoll',
      'net_interface 127.0.0.1',
      `sip_listen 127.0.0.1:${sipPort}`,
      'audio_player aubridge,nil',
      `audio_source ausine,${options.toneHz ?? 440}`,
      `rtp_ports ${rtpMin}-${rtpMin + 99}`,
      'module_path /usr/lib/baresip/modules',
      'module opus.so',
      'module ausine.so',
      'module aubridge.so',
      'module_tmp uuid.so',
      'module_tmp account.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(options.dir, 'accounts'),
    `<sip:${options.user}@${options.domain};transport=tcp>;auth_user=${options.user};auth_pass=${options.password};outbound="sip:127.0.0.1:${options.kamailioTcpPort};transport=tcp";regint=60;answermode=manual;audio_codecs=opus/48000/2\n`,
  );
  writeFileSync(join(options.dir, 'contacts'), '');
  const logPath = join(options.dir, 'baresip.log');
  const fd = openSync(logPath, 'a');
  const child: ChildProcess = spawn('baresip', ['-f', options.dir], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      r();
    }),
  );

  let socket: Socket | undefined;
  for (let i = 0; i < 100 && socket === undefined; i++) {
    socket = await new Promise<Socket | undefined>((resolve) => {
      const s = connect({ port: ctrlPort, host: '127.0.0.1' }, () => {
        resolve(s);
      });
      s.on('error', () => {
        resolve(undefined);
      });
    });
    if (socket === undefined) await new Promise((r) => setTimeout(r, 100));
  }
  if (socket === undefined) {
    child.kill('SIGKILL');
    throw new Error(`baresip ctrl_tcp did not open:\n${readFileSync(logPath, 'utf8')}`);
  }
  const ctrl = socket;
  const events: BaresipEvent[] = [];
  const listeners = new Set<() => void>();
  let buffer = Buffer.alloc(0);
  ctrl.on('data', (d: Buffer) => {
    buffer = Buffer.concat([buffer, d]);
    for (;;) {
      const colon = buffer.indexOf(0x3a);
      if (colon < 0) break;
      const len = Number(buffer.subarray(0, colon).toString());
      if (buffer.length < colon + 1 + len + 1) break;
      const text = buffer.subarray(colon + 1, colon + 1 + len).toString();
      buffer = buffer.subarray(colon + 2 + len);
      try {
        const msg = JSON.parse(text) as { event?: boolean } & BaresipEvent;
        if (msg.event === true)
          events.push({ type: msg.type, param: msg.param, peeruri: msg.peeruri });
      } catch {
        // a response to a command
      }
      for (const l of listeners) l();
    }
  });
  let token = 0;
  return {
    events,
    waitFor: (types, timeoutMs = 15_000, from = 0) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const hit = events.slice(from).find((e) => types.includes(e.type));
          if (hit) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(hit);
          }
          return hit !== undefined;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `no ${types.join('/')} from baresip; events: ${JSON.stringify(events)}\n${readFileSync(logPath, 'utf8').slice(-3000)}`,
            ),
          );
        }, timeoutMs);
        if (!check()) listeners.add(check);
      }),
    command: (command, params) => {
      token += 1;
      const json = JSON.stringify({ command, params: params ?? '', token: String(token) });
      ctrl.write(`${Buffer.byteLength(json)}:${json},`);
    },
    log: () => readFileSync(logPath, 'utf8'),
    registered: async (timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!/\} 200 OK .*binding/.test(readFileSync(logPath, 'utf8'))) {
        if (Date.now() > deadline)
          throw new Error(`baresip did not register:\n${readFileSync(logPath, 'utf8')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: async () => {
      ctrl.destroy();
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}
