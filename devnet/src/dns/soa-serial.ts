/** Asks a DNS server for a zone's SOA serial over UDP (dns-packet): has a reload taken effect? */
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import packet from 'dns-packet';

export function soaSerial(
  host: string,
  port: number,
  zone: string,
  timeoutMs = 1000,
): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const id = randomInt(0, 65536);
    const done = (value: number | null): void => {
      clearTimeout(timer);
      socket.close();
      resolve(value);
    };
    const timer = setTimeout(() => {
      done(null);
    }, timeoutMs);
    socket.once('error', () => {
      done(null);
    });
    socket.on('message', (message: Buffer) => {
      const reply = packet.decode(message);
      if (reply.id !== id) return;
      const soa = reply.answers?.find((a) => a.type === 'SOA');
      done(soa?.type === 'SOA' ? (soa.data.serial ?? null) : null);
    });
    const query = packet.encode({
      type: 'query',
      id,
      flags: packet.RECURSION_DESIRED,
      questions: [{ type: 'SOA', name: zone.replace(/\.$/, '') || '.' }],
    });
    socket.send(query, port, host);
  });
}
