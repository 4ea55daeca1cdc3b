/**
 * Stream framing for SIP over TCP and TLS (RFC 3261 §18.3): a message is its start line and
 * headers up to the first empty line, then exactly Content-Length bytes of body (mandatory on
 * streams). Keep-alives (RFC 5626 §4.4.1) are CRLFs between messages: a double CRLF is a ping
 * (answer with one CRLF), a single CRLF a pong. Everything that is not a message we can parse
 * is dropped, with a reason for the log; the framer never throws on input.
 */

/** Bigger messages are dropped (JsSIP and our contract carry at most 64 KiB per message). */
export const MAX_SIP_MESSAGE_BYTES = 65_535;

export type FrameEvent =
  | { kind: 'message'; text: string }
  | { kind: 'ping' }
  | { kind: 'pong' }
  | { kind: 'dropped'; reason: string; bytes: number };

const HEADER_END = Buffer.from('\r\n\r\n');
const START_LINE = /^(?:[A-Za-z]+ \S+ SIP\/2\.0|SIP\/2\.0 [1-6]\d\d(?: .*)?)$/;

export class SipFramer {
  private buffer: Buffer = Buffer.alloc(0);
  /** Body bytes of a dropped message still to throw away as they arrive. */
  private skipping = 0;

  constructor(private readonly maxBytes = MAX_SIP_MESSAGE_BYTES) {}

  /** Feeds received bytes; returns what they completed, in order. */
  push(chunk: Uint8Array): FrameEvent[] {
    const events: FrameEvent[] = [];
    let data = Buffer.from(chunk);
    if (this.skipping > 0) {
      const n = Math.min(this.skipping, data.length);
      this.skipping -= n;
      data = data.subarray(n);
    }
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    for (;;) {
      const event = this.next();
      if (event === null) break;
      events.push(event);
    }
    return events;
  }

  private next(): FrameEvent | null {
    const buf = this.buffer;
    if (buf.length === 0) return null;
    // Keep-alives and stray line ends between messages.
    if (buf[0] === 0x0d || buf[0] === 0x0a) {
      if (buf.length >= 4 && buf.subarray(0, 4).equals(HEADER_END)) {
        this.buffer = buf.subarray(4);
        return { kind: 'ping' };
      }
      if (buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a) {
        // A lone CRLF is a pong, unless a second CRLF is still on its way (then a ping).
        if (buf.length < 4 && (buf.length === 2 || buf[2] === 0x0d)) return null;
        this.buffer = buf.subarray(2);
        return { kind: 'pong' };
      }
      if (buf.length < 2) return null;
      this.buffer = buf.subarray(1);
      return { kind: 'dropped', reason: 'stray line feed between messages', bytes: 1 };
    }
    const end = buf.indexOf(HEADER_END);
    if (end < 0) {
      if (buf.length > this.maxBytes) {
        this.buffer = Buffer.alloc(0);
        return {
          kind: 'dropped',
          reason: `no end of headers within ${this.maxBytes} bytes`,
          bytes: buf.length,
        };
      }
      return null;
    }
    const head = buf.subarray(0, end).toString('latin1');
    const headLength = end + 4;
    const startLine = head.slice(0, head.indexOf('\r\n') < 0 ? head.length : head.indexOf('\r\n'));
    if (!START_LINE.test(startLine)) {
      this.buffer = buf.subarray(headLength);
      return { kind: 'dropped', reason: 'not a SIP start line', bytes: headLength };
    }
    const length = contentLength(head);
    if (length === null) {
      this.buffer = buf.subarray(headLength);
      return {
        kind: 'dropped',
        reason: 'no valid Content-Length (mandatory on streams, RFC 3261 §18.3)',
        bytes: headLength,
      };
    }
    if (headLength + length > this.maxBytes) {
      const available = buf.length - headLength;
      const thrown = Math.min(available, length);
      this.skipping = length - thrown;
      this.buffer = buf.subarray(headLength + thrown);
      return {
        kind: 'dropped',
        reason: `message of ${headLength + length} bytes is over the ${this.maxBytes}-byte limit`,
        bytes: headLength + length,
      };
    }
    if (buf.length < headLength + length) return null;
    const message = buf.subarray(0, headLength + length);
    this.buffer = buf.subarray(headLength + length);
    const text = new TextDecoder('utf-8', { fatal: true });
    try {
      return { kind: 'message', text: text.decode(message) };
    } catch {
      return { kind: 'dropped', reason: 'not valid UTF-8', bytes: message.length };
    }
  }
}

/** The Content-Length (or compact `l`) value; null when missing, repeated differently or bad. */
function contentLength(head: string): number | null {
  let found: number | null = null;
  for (const line of head.split('\r\n').slice(1)) {
    const match = /^(?:content-length|l)[ \t]*:[ \t]*(\S*)[ \t]*$/i.exec(line);
    if (!match) continue;
    const value = match[1] ?? '';
    if (!/^\d{1,9}$/.test(value)) return null;
    const n = Number(value);
    if (found !== null && found !== n) return null;
    found = n;
  }
  return found;
}

/** Checks one WebSocket message (RFC 7118: one SIP message per frame); null when it is fine. */
export function checkWholeMessage(text: string, maxBytes = MAX_SIP_MESSAGE_BYTES): string | null {
  if (Buffer.byteLength(text) > maxBytes) return `message is over the ${maxBytes}-byte limit`;
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\r\n')));
  if (!START_LINE.test(firstLine)) return 'not a SIP start line';
  if (!text.includes('\r\n\r\n')) return 'no end of headers';
  return null;
}
