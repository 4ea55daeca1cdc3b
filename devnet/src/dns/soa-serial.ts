/**
 * Asks a DNS server for a zone's SOA serial (dns-packet): has a reload or an update taken
 * effect? Over UDP first; a truncated reply (the directory zone answers UDP with TC=1 only,
 * knot-config.ts) is asked again over TCP. Null when nothing (usable) answers in time.
 */
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { connect, isIPv6 } from 'node:net';
import packet from 'dns-packet';

const TC = 0x200;

function query(id: number, zone: string): packet.Packet {
  return {
    type: 'query',
    id,
    flags: packet.RECURSION_DESIRED,
    questions: [{ type: 'SOA', name: zone.replace(/\.$/, '') || '.' }],
  };
}

function serialOf(reply: packet.Packet): number | null {
  const soa = reply.answers?.find((a) => a.type === 'SOA');
  return soa?.type === 'SOA' ? (soa.data.serial ?? null) : null;
}

type Reply = { truncated: true } | { truncated: false; serial: number | null } | null;

function overUdp(host: string, port: number, zone: string, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve) => {
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    const id = randomInt(0, 65536);
    const done = (value: Reply): void => {
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
      let reply: packet.Packet;
      try {
        reply = packet.decode(message);
      } catch {
        return;
      }
      if (reply.id !== id) return;
      if (((reply.flags ?? 0) & TC) !== 0) done({ truncated: true });
      else done({ truncated: false, serial: serialOf(reply) });
    });
    socket.send(packet.encode(query(id, zone)), port, host);
  });
}

function overTcp(host: string, port: number, zone: string, timeoutMs: number) {
  return new Promise<number | null>((resolve) => {
    const id = randomInt(0, 65536);
    const socket = connect(port, host);
    let data = Buffer.alloc(0);
    const done = (value: number | null): void => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => {
      done(null);
    });
    socket.on('error', () => {
      done(null);
    });
    socket.on('connect', () => socket.write(packet.streamEncode(query(id, zone))));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length < 2 || data.length < 2 + data.readUInt16BE(0)) return;
      try {
        const reply = packet.streamDecode(data);
        done(reply.id === id ? serialOf(reply) : null);
      } catch {
        done(null);
      }
    });
  });
}

export async function soaSerial(
  host: string,
  port: number,
  zone: string,
  timeoutMs = 1000,
): Promise<number | null> {
  const reply = await overUdp(host, port, zone, timeoutMs);
  if (reply === null) return null;
  if (!reply.truncated) return reply.serial;
  return overTcp(host, port, zone, timeoutMs);
}
