import { describe, expect, it } from 'vitest';
import { checkWholeMessage, SipFramer, type FrameEvent } from '../../../main/sip/sip-framer';

const msg = (body = '', extra: string[] = []): string =>
  [
    'MESSAGE sip:bob@b.test SIP/2.0',
    'Via: SIP/2.0/TLS x.invalid;branch=z9hG4bK1',
    'Call-ID: c1',
    ...extra,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');

const kinds = (events: FrameEvent[]) =>
  events.map((e) => (e.kind === 'message' ? `message:${e.text.length}` : e.kind));

describe('SipFramer (RFC 3261 §18.3 stream framing)', () => {
  it('splits back-to-back messages and counts Content-Length in bytes (UTF-8 bodies)', () => {
    const a = msg('héllo wörld ✓');
    const b = msg('');
    const events = new SipFramer().push(Buffer.from(a + b));
    expect(events).toEqual([
      { kind: 'message', text: a },
      { kind: 'message', text: b },
    ]);
  });

  it('reassembles a message split at every byte boundary', () => {
    const text = msg('body with ünïcode');
    const bytes = Buffer.from(text);
    const framer = new SipFramer();
    const events: FrameEvent[] = [];
    for (const byte of bytes) events.push(...framer.push(Buffer.from([byte])));
    expect(events).toEqual([{ kind: 'message', text }]);
  });

  it('reports keep-alive pings (double CRLF) and pongs (single CRLF) between messages', () => {
    const framer = new SipFramer();
    expect(kinds(framer.push(Buffer.from('\r\n\r\n')))).toEqual(['ping']);
    expect(kinds(framer.push(Buffer.from('\r\n')))).toEqual([]);
    const m = msg('x');
    expect(kinds(framer.push(Buffer.from(m)))).toEqual(['pong', `message:${m.length}`]);
  });

  it('drops a message without Content-Length and carries on with the next one', () => {
    const bad = 'OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP x;branch=z9hG4bK2\r\n\r\n';
    const good = msg('ok');
    const events = new SipFramer().push(Buffer.from(bad + good));
    expect(events[0]).toMatchObject({ kind: 'dropped', reason: /Content-Length/ });
    expect(events[1]).toEqual({ kind: 'message', text: good });
  });

  it('drops garbage that is not a SIP start line, without throwing', () => {
    const events = new SipFramer().push(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n' + msg()));
    expect(kinds(events)).toEqual(['dropped', `message:${msg().length}`]);
    expect(events[0]).toMatchObject({ reason: 'not a SIP start line' });
  });

  it('drops an oversized message, skipping its body as it arrives, then stays in sync', () => {
    const framer = new SipFramer(1000);
    const head = msg('').replace('Content-Length: 0', 'Content-Length: 5000');
    const first = framer.push(Buffer.from(head + 'x'.repeat(100)));
    expect(first[0]).toMatchObject({ kind: 'dropped', reason: /over the 1000-byte limit/ });
    expect(framer.push(Buffer.from('x'.repeat(4000)))).toEqual([]);
    const next = msg('after');
    expect(framer.push(Buffer.from('x'.repeat(900) + next))).toEqual([
      { kind: 'message', text: next },
    ]);
  });

  it('drops a header block that never ends once it passes the limit', () => {
    const framer = new SipFramer(200);
    const events = framer.push(Buffer.from('INVITE sip:a@b SIP/2.0\r\n' + 'X: y\r\n'.repeat(60)));
    expect(events).toMatchObject([{ kind: 'dropped', reason: /no end of headers/ }]);
    expect(framer.push(Buffer.from(msg()))).toEqual([{ kind: 'message', text: msg() }]);
  });

  it('refuses conflicting or malformed Content-Length values', () => {
    const twice = msg('ab', ['Content-Length: 7']);
    const negative = msg('').replace('Content-Length: 0', 'Content-Length: -1');
    const events = new SipFramer().push(Buffer.from(twice + negative));
    expect(kinds(events).filter((k) => k === 'dropped').length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e.kind === 'message')).toBe(false);
  });

  it('accepts the compact form l: and responses', () => {
    const response = 'SIP/2.0 200 OK\r\nCall-ID: c\r\nl: 2\r\n\r\nok';
    expect(new SipFramer().push(Buffer.from(response))).toEqual([
      { kind: 'message', text: response },
    ]);
  });

  it('checkWholeMessage (WebSocket frames) refuses non-SIP and oversized frames', () => {
    expect(checkWholeMessage(msg('x'))).toBeNull();
    expect(checkWholeMessage('hello')).toBe('not a SIP start line');
    expect(checkWholeMessage(msg('x'.repeat(70_000)))).toMatch(/limit/);
  });
});
