import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import { YakkerError } from '../../shared/contract/result';
import type { Logger } from '../core/logger';
import type { SipTarget } from '../resolver/locate/locate-types';
import {
  StreamConnection,
  WebSocketConnection,
  WS_MAX_PAYLOAD,
  type ConnectionEvents,
  type SipConnection,
} from './sip-connection';
import { checkDane, checkPkix, describeTrust, presentedChain, type TlsTrust } from './tls-trust';

export const CONNECT_TIMEOUT_MS = 10_000;

export interface DialOptions {
  target: SipTarget;
  /** One of target.addresses. */
  address: string;
  trust: TlsTrust;
  events: ConnectionEvents;
  logger: Logger;
  timeoutMs?: number;
  keepaliveMs?: number;
}

/** Opens one connection to a located target (TLS, TCP or WSS), the server checked as `trust` says. */
export async function dialSip(options: DialOptions): Promise<SipConnection> {
  const { target } = options;
  const timeoutMs = options.timeoutMs ?? CONNECT_TIMEOUT_MS;
  if (target.transport === 'tcp') {
    const socket = await openTcp(options.address, target.port, timeoutMs);
    return new StreamConnection('tcp', socket, options.events, options.logger, options.keepaliveMs);
  }
  if (target.transport !== 'tls' && target.transport !== 'wss')
    throw new YakkerError('sip-connect-failed', `transport ${target.transport} is not supported`);
  const tls = await openVerifiedTls(
    target.host,
    options.address,
    target.port,
    options.trust,
    timeoutMs,
  );
  if (target.transport === 'tls')
    return new StreamConnection('tls', tls, options.events, options.logger, options.keepaliveMs);
  const ws = await upgradeToWebSocket(tls, target.host, target.port, timeoutMs);
  return new WebSocketConnection(ws, options.events, options.logger, options.keepaliveMs);
}

function openTcp(address: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(connectFailed(address, port, 'no answer in time'));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(connectFailed(address, port, error.code ?? error.message));
    });
  });
}

/**
 * TLS with SNI (the server's name), then our own check of its certificate (tls-trust.ts). Node's
 * own rejection is off so that DANE can accept a certificate no CA signed; for the CA and the
 * system roots we require Node's chain verdict and the name ourselves.
 */
export function openVerifiedTls(
  host: string,
  address: string,
  port: number,
  trust: TlsTrust,
  timeoutMs = CONNECT_TIMEOUT_MS,
): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: address,
      port,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      rejectUnauthorized: false,
      ...(trust.kind === 'ca' ? { ca: trust.caPem } : {}),
      minVersion: 'TLSv1.2',
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(connectFailed(host, port, 'no TLS answer in time'));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      const peer = socket.getPeerCertificate(true) as DetailedPeerCertificate | null;
      let problem: string | null;
      if (!peer?.raw) problem = 'the server sent no certificate';
      else if (trust.kind === 'dane')
        problem = checkDane(presentedChain(peer), trust.records, host);
      else problem = checkPkix(socket.authorized, socket.authorizationError, host, peer);
      if (problem !== null) {
        socket.destroy();
        reject(
          new YakkerError(
            'tls-verify-failed',
            `The SIP server ${host}:${port} is not who it claims to be: ${problem} (checked by ${describeTrust(trust)}).`,
          ),
        );
        return;
      }
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(connectFailed(host, port, error.code ?? error.message));
    });
  });
}

function upgradeToWebSocket(
  tls: TLSSocket,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const authority = isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
    const ws = new WebSocket(`wss://${authority}/`, 'sip', {
      createConnection: () => tls,
      maxPayload: WS_MAX_PAYLOAD,
      perMessageDeflate: false,
      handshakeTimeout: timeoutMs,
    });
    ws.once('open', () => {
      ws.removeAllListeners('error');
      if (ws.protocol !== 'sip') {
        ws.terminate();
        reject(connectFailed(host, port, 'the server did not accept the sip WebSocket protocol'));
        return;
      }
      resolve(ws);
    });
    ws.once('error', (error: Error) => {
      tls.destroy();
      reject(connectFailed(host, port, `WebSocket: ${error.message}`));
    });
  });
}

function connectFailed(host: string, port: number, why: string): YakkerError {
  return new YakkerError(
    'sip-connect-failed',
    `Cannot reach the SIP server ${host}:${port} (${why}).`,
  );
}
