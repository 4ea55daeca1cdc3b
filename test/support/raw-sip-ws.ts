/**
 * Raw SIP over a secure WebSocket (RFC 7118) for tests that need exact SDP: a WebRTC-style offer
 * sent as is, the answer read as is. Digest authentication (RFC 2617, MD5, qop=auth) for REGISTER
 * and INVITE, ACK and BYE along the Record-Route. Trusts only the CA it is given.
 */
import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';

export interface SipMessage {
  firstLine: string;
  status: number | null;
  method: string | null;
  headers: Map<string, string[]>;
  body: string;
  raw: string;
}

export function parseSip(raw: string): SipMessage {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const [firstLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(i + 1).trim()]);
  }
  const m = /^SIP\/2\.0 (\d{3})/.exec(firstLine);
  return {
    firstLine,
    status: m ? Number(m[1]) : null,
    method: m ? null : (firstLine.split(' ')[0] ?? null),
    headers,
    body: rest.join('\r\n\r\n'),
    raw,
  };
}

export const header = (m: SipMessage, name: string): string => m.headers.get(name)?.[0] ?? '';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const token = (): string => randomBytes(6).toString('hex');

export interface Credentials {
  user: string;
  domain: string;
  password: string;
}

/** An Authorization / Proxy-Authorization value for a 401/407 challenge. */
export function digestAnswer(
  challenge: string,
  method: string,
  uri: string,
  c: Credentials,
): string {
  const param = (name: string): string =>
    new RegExp(`${name}="?([^",]+)"?`, 'i').exec(challenge)?.[1] ?? '';
  const realm = param('realm');
  const nonce = param('nonce');
  const qop = /qop="?[^"]*auth/.test(challenge) ? 'auth' : '';
  const ha1 = md5(`${c.user}:${realm}:${c.password}`);
  const ha2 = md5(`${method}:${uri}`);
  const cnonce = token();
  const nc = '00000001';
  const response = qop
    ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : md5(`${ha1}:${nonce}:${ha2}`);
  return `Digest username="${c.user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5${qop ? `, qop=${qop}, nc=${nc}, cnonce="${cnonce}"` : ''}`;
}

export class RawWsSip {
  readonly host = `${token()}.invalid`;
  private queue: SipMessage[] = [];
  private waiters: { match: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void }[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const msg = parseSip(data.toString('utf8'));
      const w = this.waiters.findIndex((x) => x.match(msg));
      if (w >= 0) {
        const [waiter] = this.waiters.splice(w, 1);
        waiter?.resolve(msg);
      } else this.queue.push(msg);
    });
  }

  static open(url: string, caPem: string): Promise<RawWsSip> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'sip', { ca: caPem });
      ws.once('open', () => {
        resolve(new RawWsSip(ws));
      });
      ws.once('error', reject);
    });
  }

  send(text: string): void {
    this.ws.send(text);
  }

  next(match: (m: SipMessage) => boolean, timeoutMs = 10_000): Promise<SipMessage> {
    const i = this.queue.findIndex(match);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0] as SipMessage);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no matching SIP message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Final response (>= 200) for a CSeq number and method. */
  final(cseq: number, method: string, timeoutMs?: number): Promise<SipMessage> {
    return this.next(
      (m) => m.status !== null && m.status >= 200 && header(m, 'cseq') === `${cseq} ${method}`,
      timeoutMs,
    );
  }

  close(): void {
    this.ws.close();
  }

  via(branch = `z9hG4bK${token()}`): string {
    return `Via: SIP/2.0/WSS ${this.host};branch=${branch};rport`;
  }

  contact(user: string, ice: boolean): string {
    return `Contact: <sip:${user}@${this.host};transport=ws>${ice ? ';+sip.ice' : ''}`;
  }

  /** REGISTER with digest; resolves with the final status. */
  async register(c: Credentials, options: { ice: boolean; expires?: number }): Promise<number> {
    const callId = token();
    const fromTag = token();
    const uri = `sip:${c.domain}`;
    const build = (cseq: number, auth?: string): string =>
      [
        `REGISTER ${uri} SIP/2.0`,
        this.via(),
        'Max-Forwards: 70',
        `From: <sip:${c.user}@${c.domain}>;tag=${fromTag}`,
        `To: <sip:${c.user}@${c.domain}>`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} REGISTER`,
        this.contact(c.user, options.ice),
        `Expires: ${options.expires ?? 300}`,
        ...(auth ? [`Authorization: ${auth}`] : []),
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
    this.send(build(1));
    const first = await this.final(1, 'REGISTER');
    if (first.status !== 401) return first.status ?? 0;
    this.send(build(2, digestAnswer(header(first, 'www-authenticate'), 'REGISTER', uri, c)));
    return (await this.final(2, 'REGISTER')).status ?? 0;
  }

  /**
   * INVITE with an SDP offer (digest on 407). Resolves with the final response and what is needed
   * to ACK and BYE it.
   */
  async invite(
    c: Credentials,
    target: string,
    sdp: string,
  ): Promise<{ response: SipMessage; dialog: Dialog }> {
    const callId = token();
    const fromTag = token();
    const from = `<sip:${c.user}@${c.domain}>;tag=${fromTag}`;
    const to = `<${target}>`;
    const build = (cseq: number, auth?: string): string =>
      [
        `INVITE ${target} SIP/2.0`,
        this.via(),
        'Max-Forwards: 70',
        `From: ${from}`,
        `To: ${to}`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} INVITE`,
        this.contact(c.user, true),
        'Content-Type: application/sdp',
        ...(auth ? [`Proxy-Authorization: ${auth}`] : []),
        `Content-Length: ${Buffer.byteLength(sdp)}`,
        '',
        sdp,
      ].join('\r\n');
    this.send(build(1));
    let response = await this.final(1, 'INVITE', 20_000);
    let cseq = 1;
    if (response.status === 407) {
      this.ack(target, from, to, callId, 1);
      cseq = 2;
      this.send(
        build(2, digestAnswer(header(response, 'proxy-authenticate'), 'INVITE', target, c)),
      );
      response = await this.final(2, 'INVITE', 20_000);
    }
    const routes = (response.headers.get('record-route') ?? [])
      .flatMap((v) => v.split(/,\s*(?=<)/))
      .reverse();
    const remoteContact = /<([^>]+)>/.exec(header(response, 'contact'))?.[1] ?? target;
    return {
      response,
      dialog: { callId, from, to: header(response, 'to'), cseq, routes, remoteContact, fromTag },
    };
  }

  private ack(target: string, from: string, to: string, callId: string, cseq: number): void {
    this.send(
      [
        `ACK ${target} SIP/2.0`,
        this.via(),
        'Max-Forwards: 70',
        `From: ${from}`,
        `To: ${to}`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} ACK`,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  }

  /** ACK a 2xx along the route set. */
  ack2xx(d: Dialog): void {
    this.inDialog(d, 'ACK', d.cseq);
  }

  /** BYE; resolves with its final status. */
  async bye(d: Dialog): Promise<number> {
    const cseq = d.cseq + 1;
    this.inDialog(d, 'BYE', cseq);
    return (await this.final(cseq, 'BYE')).status ?? 0;
  }

  private inDialog(d: Dialog, method: string, cseq: number): void {
    this.send(
      [
        `${method} ${d.remoteContact} SIP/2.0`,
        this.via(),
        'Max-Forwards: 70',
        ...d.routes.map((r) => `Route: ${r}`),
        `From: ${d.from}`,
        `To: ${d.to}`,
        `Call-ID: ${d.callId}`,
        `CSeq: ${cseq} ${method}`,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  }

  /** Answers a request with a status (e.g. 486 to an INVITE that only had to be looked at). */
  reply(request: SipMessage, status: number, reason: string): void {
    this.send(
      [
        `SIP/2.0 ${status} ${reason}`,
        ...(request.headers.get('via') ?? []).map((v) => `Via: ${v}`),
        `From: ${header(request, 'from')}`,
        `To: ${header(request, 'to')};tag=${token()}`,
        `Call-ID: ${header(request, 'call-id')}`,
        `CSeq: ${header(request, 'cseq')}`,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  }
}

export interface Dialog {
  callId: string;
  from: string;
  fromTag: string;
  to: string;
  cseq: number;
  routes: string[];
  remoteContact: string;
}

/** A WebRTC-style audio offer (ICE, DTLS-SRTP fingerprint, rtcp-mux, opus) as a browser sends. */
export function webrtcOffer(fingerprint: string, port = 9): string {
  return [
    'v=0',
    `o=- ${Date.now()} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=msid-semantic: WMS',
    `m=audio ${port} UDP/TLS/RTP/SAVPF 111`,
    'c=IN IP4 127.0.0.1',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=candidate:1 1 udp 2122260223 127.0.0.1 ${port} typ host generation 0`,
    'a=ice-ufrag:abcd',
    'a=ice-pwd:abcdefghijklmnopqrstuvwx',
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fingerprint}`,
    'a=setup:actpass',
    'a=mid:0',
    'a=sendrecv',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    '',
  ].join('\r\n');
}
