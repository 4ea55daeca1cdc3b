/**
 * The private lookup's answer: the DNSSEC authentication chain for a number's records, RFC 9102
 * style, as whole DNS responses in wire format (base64). For each name: the DNSKEY of the root,
 * the DS (or its signed denial) at every label from the root down, the DNSKEY of every zone cut,
 * and the answer itself (the records with their RRSIGs, or the signed proof that there are none).
 * A client feeds these messages to its validating resolver as if they came from the network and
 * validates from its own trust anchor: the API only delivers, it is trusted for nothing.
 */
import { randomInt } from 'node:crypto';
import { connect } from 'node:net';
import { ApiError } from './api-error';

export interface ChainQuestion {
  /** Absolute name, with or without the trailing dot. */
  name: string;
  type: 'NAPTR' | 'SMIMEA' | 'DS' | 'DNSKEY';
}

export interface DnsServer {
  host: string;
  port: number;
}

/** Every message the validator needs for `questions`, deduplicated, base64 wire format. */
export async function buildChain(
  server: DnsServer,
  questions: readonly ChainQuestion[],
): Promise<string[]> {
  const asked = new Map<string, Promise<Buffer>>();
  const ask = (name: string, type: ChainQuestion['type']): Promise<Buffer> => {
    const key = `${name.toLowerCase()}/${type}`;
    let answer = asked.get(key);
    if (answer === undefined) {
      answer = queryTcp(server, name, type);
      asked.set(key, answer);
    }
    return answer;
  };
  const cuts = new Set<string>(['']);
  for (const q of questions) {
    const labels = q.name.replace(/\.$/, '').split('.');
    const names = labels.map((_, i) => labels.slice(i).join('.')).reverse();
    const ds = await Promise.all(names.map((n) => ask(n, 'DS')));
    ds.forEach((msg, i) => {
      // NOERROR with answers to a DS question: DS records (and RRSIGs), so a zone cut.
      if ((msg.readUInt8(3) & 0x0f) === 0 && msg.readUInt16BE(6) > 0) cuts.add(names[i] ?? '');
    });
  }
  await Promise.all([...cuts].map((n) => ask(n, 'DNSKEY')));
  await Promise.all(questions.map((q) => ask(q.name.replace(/\.$/, ''), q.type)));
  const messages = await Promise.all(asked.values());
  return messages.map((m) => m.toString('base64'));
}

const TYPE_CODES: Record<ChainQuestion['type'], number> = {
  NAPTR: 35,
  DS: 43,
  DNSKEY: 48,
  SMIMEA: 53,
};

/**
 * A query in wire format with its TCP length prefix: no RD (the server is authoritative), one
 * question, an OPT record with DO set (RFC 3225). dns-packet cannot encode SMIMEA questions.
 */
export function encodeQuery(id: number, name: string, type: number): Buffer {
  const labels = name
    .replace(/\.$/, '')
    .split('.')
    .filter((l) => l !== '');
  const qname = Buffer.concat([
    ...labels.map((l) => {
      const bytes = Buffer.from(l, 'ascii');
      if (bytes.length === 0 || bytes.length > 63) throw new Error(`bad DNS label in ${name}`);
      return Buffer.concat([Buffer.from([bytes.length]), bytes]);
    }),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(1, 4); // QDCOUNT
  header.writeUInt16BE(1, 10); // ARCOUNT: the OPT record
  const question = Buffer.alloc(4);
  question.writeUInt16BE(type, 0);
  question.writeUInt16BE(1, 2); // IN
  // OPT: root owner, type 41, payload 4096, extended rcode 0, version 0, DO, no options.
  const opt = Buffer.from([0, 0, 41, 0x10, 0x00, 0, 0, 0x80, 0, 0, 0]);
  const message = Buffer.concat([header, qname, question, opt]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length, 0);
  return Buffer.concat([length, message]);
}

/** One query with the DO bit over TCP (no truncation); the raw response. */
export function queryTcp(
  server: DnsServer,
  name: string,
  type: ChainQuestion['type'],
  timeoutMs = 3000,
): Promise<Buffer> {
  const id = randomInt(0, 65536);
  const query = encodeQuery(id, name, TYPE_CODES[type]);
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, server.host);
    let data = Buffer.alloc(0);
    const fail = (why: string): void => {
      socket.destroy();
      reject(new ApiError(503, 'dns-unavailable', `the directory's DNS server: ${why}`));
    };
    socket.setTimeout(timeoutMs, () => {
      fail('timeout');
    });
    socket.on('error', (error) => {
      fail(error.message);
    });
    socket.on('connect', () => socket.write(query));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length < 2) return;
      const length = data.readUInt16BE(0);
      if (data.length < 2 + length) return;
      const message = data.subarray(2, 2 + length);
      socket.end();
      if (message.readUInt16BE(0) !== id) fail('answer with a wrong id');
      else resolve(Buffer.from(message));
    });
  });
}
