/** One REGISTER over SIP/TLS (trusting only the given CA), with digest: the final status. */
import { connect as tlsConnect } from 'node:tls';
import { digestAnswer, header, parseSip } from './raw-sip-ws';

/** REGISTER over SIP/TLS (the devnet CA only) with digest; resolves with the final status. */
export async function registerOverTls(
  ca: string,
  port: number,
  user: string,
  password: string,
): Promise<number> {
  const socket = tlsConnect({ host: '127.0.0.1', port, ca, servername: 'a.provider.test' });
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('error', reject);
  });
  let buffer = '';
  const replies: ((m: ReturnType<typeof parseSip>) => void)[] = [];
  socket.on('data', (d: Buffer) => {
    buffer += d.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\r\n\r\n')) >= 0) {
      const msg = parseSip(buffer.slice(0, end + 4));
      buffer = buffer.slice(end + 4);
      replies.shift()?.(msg);
    }
  });
  const next = (): Promise<ReturnType<typeof parseSip>> =>
    new Promise((resolve) => replies.push(resolve));
  const uri = 'sip:a.provider.test';
  const req = (cseq: number, auth?: string): string =>
    [
      `REGISTER ${uri} SIP/2.0`,
      `Via: SIP/2.0/TLS 127.0.0.1:5061;branch=z9hG4bK-tls-${cseq}-${Date.now()};rport`,
      'Max-Forwards: 70',
      `From: <sip:${user}@a.provider.test>;tag=t${cseq}`,
      `To: <sip:${user}@a.provider.test>`,
      `Call-ID: tls-${Date.now()}`,
      `CSeq: ${cseq} REGISTER`,
      `Contact: <sip:${encodeURIComponent(user)}@127.0.0.1:5061;transport=tls>`,
      'Expires: 60',
      ...(auth ? [`Authorization: ${auth}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  try {
    socket.write(req(1));
    const challenge = await next();
    if (challenge.status !== 401) return challenge.status ?? 0;
    const creds = { user, domain: 'a.provider.test', password };
    socket.write(
      req(2, digestAnswer(header(challenge, 'www-authenticate'), 'REGISTER', uri, creds)),
    );
    return (await next()).status ?? 0;
  } finally {
    socket.destroy();
  }
}
