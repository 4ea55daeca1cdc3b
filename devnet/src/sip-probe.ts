/**
 * One SIP OPTIONS to a server over TCP or TLS (TLS checked against the given CA only); resolves
 * with the response's status code. Used to tell when Kamailio really answers, not just listens.
 */
import { randomBytes } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface SipProbeOptions {
  port: number;
  domain: string;
  /** PEM of the CA to trust: probe over TLS; without it, plain TCP. */
  caPem?: string;
  timeoutMs?: number;
}

export function sipOptionsProbe(options: SipProbeOptions): Promise<number> {
  const transport = options.caPem === undefined ? 'TCP' : 'TLS';
  const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
  const request = [
    `OPTIONS sip:${options.domain} SIP/2.0`,
    `Via: SIP/2.0/${transport} 127.0.0.1:9;branch=${branch}`,
    'Max-Forwards: 5',
    `From: <sip:probe@devnet.invalid>;tag=${randomBytes(4).toString('hex')}`,
    `To: <sip:${options.domain}>`,
    `Call-ID: ${randomBytes(8).toString('hex')}@devnet.invalid`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket: Socket =
      options.caPem === undefined
        ? netConnect({ port: options.port, host: '127.0.0.1' })
        : tlsConnect({
            port: options.port,
            host: '127.0.0.1',
            ca: options.caPem,
            servername: options.domain,
          });
    let buffer = '';
    const timer = setTimeout(() => {
      finish(new Error(`no SIP answer on 127.0.0.1:${options.port}`));
    }, options.timeoutMs ?? 1000);
    const finish = (result: number | Error): void => {
      clearTimeout(timer);
      socket.destroy();
      if (typeof result === 'number') resolve(result);
      else reject(result);
    };
    socket.once(options.caPem === undefined ? 'connect' : 'secureConnect', () => {
      socket.write(request);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      const match = /^SIP\/2\.0 ([0-9]{3}) /.exec(buffer);
      if (match?.[1] !== undefined) finish(Number(match[1]));
      else if (buffer.length > 8192) finish(new Error('not a SIP answer'));
    });
    socket.on('error', (err) => {
      finish(err);
    });
    socket.on('close', () => {
      finish(new Error(`connection closed by 127.0.0.1:${options.port}`));
    });
  });
}
