/**
 * Provider A's PSTN gateway stand-in: a headless baresip on 127.0.0.1 that auto-answers every
 * call for its trunk user and plays a 440 Hz tone (ausine; opus, as ausine runs at 48 kHz only).
 * It does not register: Kamailio routes PSTN calls to it statically (route[PSTN], `sipUri`).
 * baresip also opens TLS on the SIP port + 1, so two consecutive free ports are needed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { freeLoopbackPorts } from '../free-ports';
import { DaemonStartError, startDaemon } from '../media/daemon-process';

export const PSTN_TRUNK_USER = 'pstn';
const MODULE_DIR = '/usr/lib/baresip/modules';

export interface RunningPstnGateway {
  pid: number;
  sipPort: number;
  ctrlPort: number;
  /** Where Kamailio sends PSTN calls: sip:pstn@127.0.0.1:<port>;transport=tcp. */
  sipUri: string;
  dir: string;
  logPath: string;
  stop(): Promise<void>;
}

/** True when a TCP connection to 127.0.0.1:port opens. */
function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => {
      resolve(false);
    });
  });
}

/**
 * A SIP port whose successor is free too (baresip binds TLS on SIP port + 1), and a ctrl_tcp
 * port. Another process may still take one before baresip binds: callers retry on a bind error.
 */
export async function baresipPorts(): Promise<{ sipPort: number; ctrlPort: number }> {
  for (let i = 0; i < 20; i++) {
    const [base, ctrlPort] = await freeLoopbackPorts(2);
    if (base === undefined || ctrlPort === undefined || base >= 65535) continue;
    // Is base + 1 free too? Bind it explicitly (listening on port 0 cannot ask for a neighbour).
    if (ctrlPort !== base + 1 && (await portIsFree(base + 1))) return { sipPort: base, ctrlPort };
  }
  throw new Error('no two consecutive free loopback ports for baresip');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => {
      resolve(false);
    });
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      srv.close(() => {
        resolve(true);
      });
    });
  });
}

function baresipConfig(sipPort: number, ctrlPort: number, rtpMin: number): string {
  return [
    'poll_method epoll',
    // An address, not "lo": baresip cannot take an address from an interface name here.
    'net_interface 127.0.0.1',
    `sip_listen 127.0.0.1:${sipPort}`,
    'audio_player aubridge,nil',
    'audio_source ausine,440',
    `rtp_ports ${rtpMin}-${rtpMin + 99}`,
    `module_path ${MODULE_DIR}`,
    'module g711.so',
    'module opus.so',
    'module ausine.so',
    'module aubridge.so',
    'module_tmp uuid.so',
    'module_tmp account.so',
    'module_app menu.so',
    // Only ctrl_tcp, bound to loopback (the stock config binds cons/http/ctrl on 0.0.0.0).
    'module_app ctrl_tcp.so',
    `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
    '',
  ].join('\n');
}

export async function startPstnGateway(options: { dir: string }): Promise<RunningPstnGateway> {
  const dir = options.dir;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const logPath = join(dir, 'baresip.log');
  for (let attempt = 1; ; attempt++) {
    const { sipPort, ctrlPort } = await baresipPorts();
    const rtpMin = 20000 + 100 * Math.floor(Math.random() * 99);
    await writeFile(join(dir, 'config'), baresipConfig(sipPort, ctrlPort, rtpMin));
    await writeFile(
      join(dir, 'accounts'),
      `<sip:${PSTN_TRUNK_USER}@127.0.0.1;transport=tcp>;auth_pass=none;answermode=auto;regint=0;audio_codecs=opus/48000/2,PCMU/8000/1\n`,
    );
    await writeFile(join(dir, 'contacts'), '');
    try {
      const proc = await startDaemon({
        label: 'baresip (PSTN gateway)',
        command: 'baresip',
        aptPackage: 'baresip-core',
        args: ['-f', dir],
        logPath,
        ready: async () => (await tcpOpen(sipPort)) && (await tcpOpen(ctrlPort)),
        // SIGTERM makes baresip finish calls and unregister first; it has nothing to unregister.
        graceMs: 2000,
      });
      return {
        pid: proc.pid,
        sipPort,
        ctrlPort,
        sipUri: `sip:${PSTN_TRUNK_USER}@127.0.0.1:${sipPort};transport=tcp`,
        dir,
        logPath,
        stop: () => proc.stop(),
      };
    } catch (err) {
      const raced = err instanceof DaemonStartError && /in use|bind|listen/i.test(err.logTail);
      if (!raced || attempt >= 4) throw err;
    }
  }
}
