/**
 * Just enough SIP message parsing for main's identity layer: the start line, header lookup by
 * name (compact forms included), the body, adding a header, and building a stateless response.
 * The renderer's JsSIP does everything else; this never rewrites a message beyond one header.
 */
export interface SipMessage {
  raw: string;
  /** `INVITE` etc. for requests; null for responses. */
  method: string | null;
  /** Response status; null for requests. */
  status: number | null;
  headerLines: string[];
  body: string;
}

const COMPACT: Record<string, string> = {
  f: 'from',
  t: 'to',
  i: 'call-id',
  l: 'content-length',
  c: 'content-type',
  v: 'via',
  m: 'contact',
  y: 'identity',
};

/** Null when the text has no start line and header block. */
export function parseSipMessage(raw: string): SipMessage | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = raw.slice(0, end).split('\r\n');
  const start = lines[0] ?? '';
  const request = /^([A-Za-z]+) \S+ SIP\/2\.0$/.exec(start);
  const response = /^SIP\/2\.0 (\d{3})(?: .*)?$/.exec(start);
  if (!request && !response) return null;
  // Unfold continuation lines (RFC 3261 §7.3.1).
  const headerLines: string[] = [];
  for (const line of lines.slice(1)) {
    const last = headerLines.length - 1;
    if (/^[ \t]/.test(line) && last >= 0)
      headerLines[last] = `${headerLines[last] ?? ''} ${line.trim()}`;
    else headerLines.push(line);
  }
  return {
    raw,
    method: request ? (request[1] ?? '').toUpperCase() : null,
    status: response ? Number(response[1]) : null,
    headerLines,
    body: raw.slice(end + 4),
  };
}

function nameOf(line: string): string {
  const name = line.slice(0, line.indexOf(':')).trim().toLowerCase();
  return COMPACT[name] ?? name;
}

/** Every value of a header, in order. */
export function headerValues(message: SipMessage, name: string): string[] {
  const wanted = name.toLowerCase();
  return message.headerLines
    .filter((line) => line.includes(':') && nameOf(line) === wanted)
    .map((line) => line.slice(line.indexOf(':') + 1).trim());
}

export function header(message: SipMessage, name: string): string | null {
  return headerValues(message, name)[0] ?? null;
}

/** The CSeq method (`INVITE` in `CSeq: 2 INVITE`). */
export function cseqMethod(message: SipMessage): string | null {
  const cseq = header(message, 'cseq');
  return cseq ? (cseq.split(/\s+/)[1] ?? '').toUpperCase() || null : null;
}

/** The body is an SDP: Content-Type application/sdp and a non-empty body. */
export function hasSdp(message: SipMessage): boolean {
  const type = header(message, 'content-type');
  return (
    type !== null && /^application\/sdp\b/i.test(type.trim()) && message.body.trim().length > 0
  );
}

/**
 * The message with `name: value` in place of any header of that name, added as the last header
 * (the body and so Content-Length stay as they were).
 */
export function withHeader(message: SipMessage, name: string, value: string): string {
  const end = message.raw.indexOf('\r\n\r\n');
  const lines = message.raw.slice(0, end).split('\r\n');
  const wanted = name.toLowerCase();
  const kept = [lines[0] ?? ''];
  let skipping = false;
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line)) {
      if (!skipping) kept.push(line);
      continue;
    }
    skipping = line.includes(':') && nameOf(line) === wanted;
    if (!skipping) kept.push(line);
  }
  kept.push(`${name}: ${value}`);
  return `${kept.join('\r\n')}\r\n\r\n${message.body}`;
}

/**
 * A response to `request` built statelessly (RFC 3261 §8.2.6): the same Via, From, Call-ID and
 * CSeq, the To with a tag, no body.
 */
export function responseTo(
  request: SipMessage,
  status: number,
  reasonPhrase: string,
  extra: readonly string[] = [],
  toTag = 'yk',
): string {
  const to = header(request, 'to') ?? '';
  const lines = [
    `SIP/2.0 ${status} ${reasonPhrase}`,
    ...headerValues(request, 'via').map((v) => `Via: ${v}`),
    `From: ${header(request, 'from') ?? ''}`,
    `To: ${/;\s*tag=/i.test(to) ? to : `${to};tag=${toTag}`}`,
    `Call-ID: ${header(request, 'call-id') ?? ''}`,
    `CSeq: ${header(request, 'cseq') ?? ''}`,
    ...extra,
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
