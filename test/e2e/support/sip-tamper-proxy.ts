/**
 * A man in the middle between two devnet providers, for tampering tests: a TLS listener on
 * 127.0.0.1 that presents the callee provider's own server certificate (so the caller's
 * Kamailio, which checks it against the devnet CA, accepts it), and for each connection a TLS
 * connection on to the callee's Kamailio with the caller provider's certificate (the mutual TLS
 * it asks of peers). Point the caller's `peer` route at it (ProviderDb.putPeer). Requests towards
 * the callee are framed (Content-Length) and passed on; a new INVITE (no To tag) can be changed
 * on the way by the current `mode`, keeping every length the same; so can the callee's answer
 * (a 2xx to an INVITE, with SDP) in mode `answer-fingerprint`. Other replies pass untouched.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connect, createServer, type TLSSocket } from 'node:tls';
import type { DevnetProfile, DevnetProviderProfile } from '../../../devnet/src/index';
import { SipFramer } from '../../../main/sip/sip-framer';

/** `pass`: forward as is; `fingerprint`: change one hex digit of the INVITE's first
 * a=fingerprint; `identity`: change one character of the INVITE's Identity signature;
 * `answer-fingerprint`: change one hex digit of the a=fingerprint in the callee's 200. */
export type TamperMode = 'pass' | 'fingerprint' | 'identity' | 'answer-fingerprint';

export interface TamperProxy {
  port: number;
  mode: TamperMode;
  /** Call-IDs of the INVITEs that went through, and of those (or their answers) changed. */
  invites: string[];
  tampered: string[];
  stop(): Promise<void>;
}

const callIdOf = (message: string): string =>
  /^(?:Call-ID|i)\s*:\s*(\S+)/im.exec(message)?.[1] ?? '';

/** One hex digit, different from `c` (same length: Content-Length stays right). */
const otherHex = (c: string): string => (c.toUpperCase() === 'A' ? 'B' : 'A');

export function tamper(message: string, mode: TamperMode): string | null {
  if (mode === 'fingerprint' || mode === 'answer-fingerprint') {
    const out = message.replace(
      /^(a=fingerprint:\S+ )([0-9A-Fa-f])/m,
      (_m, head: string, c: string) => head + otherHex(c),
    );
    return out === message ? null : out;
  }
  if (mode === 'identity') {
    // Identity: <header>.<payload>.<signature>;info=...: the signature's first character.
    const out = message.replace(
      /^(Identity\s*:\s*[\w-]+\.[\w-]+\.)([\w-])/im,
      (_m, head: string, c: string) => head + (c === 'A' ? 'B' : 'A'),
    );
    return out === message ? null : out;
  }
  return null;
}

/** The callee's answer: a 2xx to an INVITE that carries SDP. */
function isAnswer(message: string): boolean {
  return (
    /^SIP\/2\.0 2\d\d /.test(message) &&
    /^CSeq\s*:\s*\d+\s+INVITE\s*$/im.test(message) &&
    /^a=fingerprint:/m.test(message)
  );
}

function isNewInvite(message: string): boolean {
  if (!message.startsWith('INVITE ')) return false;
  const to = /^(?:To|t)\s*:(.*)$/im.exec(message)?.[1] ?? '';
  return !/;\s*tag=/i.test(to);
}

/**
 * Frames what `from` sends (Content-Length) and writes each message to `to` as `edit` returns
 * it; keep-alive pings and pongs pass as they are.
 */
function relayMessages(from: TLSSocket, to: TLSSocket, edit: (text: string) => string): void {
  const framer = new SipFramer();
  from.on('data', (chunk: Buffer) => {
    for (const event of framer.push(chunk)) {
      if (event.kind === 'ping') to.write('\r\n\r\n');
      else if (event.kind === 'pong') to.write('\r\n');
      else if (event.kind === 'message') to.write(edit(event.text));
    }
  });
}

export async function startTamperProxy(
  profile: DevnetProfile,
  profileDir: string,
  caller: DevnetProviderProfile,
  callee: DevnetProviderProfile,
): Promise<TamperProxy> {
  const tlsFile = (p: DevnetProviderProfile, ext: string) =>
    readFileSync(join(p.stateDir, 'tls', `sip-server.${ext}`));
  const ca = readFileSync(resolve(profileDir, profile.caCertFile));
  const sockets = new Set<TLSSocket>();
  const proxy: TamperProxy = {
    port: 0,
    mode: 'pass',
    invites: [],
    tampered: [],
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
  /** `text` changed by `mode` (its Call-ID noted in `tampered`), or as it was. */
  const changedOrNot = (text: string, mode: TamperMode): string => {
    const changed = tamper(text, mode);
    if (changed === null) return text;
    proxy.tampered.push(callIdOf(text));
    return changed;
  };
  const server = createServer(
    { cert: tlsFile(callee, 'pem'), key: tlsFile(callee, 'key') },
    (inbound) => {
      sockets.add(inbound);
      const outbound = connect({
        host: '127.0.0.1',
        port: callee.ports.tls,
        servername: callee.domain,
        ca,
        cert: tlsFile(caller, 'pem'),
        key: tlsFile(caller, 'key'),
      });
      sockets.add(outbound);
      // Requests towards the callee: a new INVITE may be changed (and is counted).
      relayMessages(inbound, outbound, (text) => {
        if (!isNewInvite(text)) return text;
        const callId = callIdOf(text);
        proxy.invites.push(callId);
        return changedOrNot(text, proxy.mode === 'answer-fingerprint' ? 'pass' : proxy.mode);
      });
      // Replies towards the caller: the callee's answer may be changed.
      relayMessages(outbound, inbound, (text) =>
        proxy.mode === 'answer-fingerprint' && isAnswer(text)
          ? changedOrNot(text, proxy.mode)
          : text,
      );
      const close = () => {
        inbound.destroy();
        outbound.destroy();
        sockets.delete(inbound);
        sockets.delete(outbound);
      };
      for (const s of [inbound, outbound]) {
        s.on('error', close);
        s.on('close', close);
      }
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  proxy.port = address.port;
  return proxy;
}
