/**
 * message/cpim (RFC 3862) as Yakker signs it inside S/MIME (RFC 8591): From, To, DateTime and
 * the IMDN message id (RFC 5438 `imdn.Message-ID`) are message headers, then the encapsulated
 * MIME content. Pure string code; callers convert bytes (UTF-8).
 */
export interface CpimMessage {
  /** Sender identity URI: `tel:+15550100` or `sip:alice@example.org`. */
  from: string;
  to: readonly string[];
  dateTime: Date;
  messageId: string;
  /** Content-Type of the encapsulated body, e.g. `text/plain;charset=utf-8`. */
  contentType: string;
  body: string;
}

const IMDN_NS = 'NS: imdn <urn:ietf:params:imdn>';

export function formatCpim(message: CpimMessage): string {
  if (!/^[A-Za-z0-9._~-]{1,128}$/.test(message.messageId)) throw new Error('bad message id');
  for (const uri of [message.from, ...message.to]) {
    if (/[<>\s]/.test(uri)) throw new Error(`bad URI in CPIM header: ${uri}`);
  }
  const lines = [
    `From: <${message.from}>`,
    ...message.to.map((to) => `To: <${to}>`),
    `DateTime: ${message.dateTime.toISOString()}`,
    IMDN_NS,
    `imdn.Message-ID: ${message.messageId}`,
    '',
    `Content-Type: ${message.contentType}`,
    '',
    message.body,
  ];
  return lines.join('\r\n');
}

/** The signed entity: a MIME header naming message/cpim, then the CPIM message. */
export function formatCpimEntity(message: CpimMessage): string {
  return `Content-Type: message/cpim\r\n\r\n${formatCpim(message)}`;
}

/** Parses a CPIM message (CRLF or LF); returns null when a required header is missing. */
export function parseCpim(text: string): CpimMessage | null {
  const [headerBlock, rest] = splitOnce(text);
  if (rest === null) return null;
  const [innerHeaders, body] = splitOnce(rest);
  if (body === null) return null;
  let from: string | null = null;
  const to: string[] = [];
  let dateTime: Date | null = null;
  let messageId: string | null = null;
  for (const line of headerBlock.split(/\r?\n/)) {
    const match = /^([A-Za-z0-9.-]+):\s*(.*)$/.exec(line);
    if (!match) return null;
    const [, name = '', value = ''] = match;
    const uri = /<([^>]*)>/.exec(value)?.[1] ?? null;
    if (name === 'From') from = uri;
    else if (name === 'To' && uri) to.push(uri);
    else if (name === 'DateTime') dateTime = parseDateTime(value);
    else if (name === 'imdn.Message-ID') messageId = value.trim();
  }
  const contentType = /^content-type:\s*(.*)$/im.exec(innerHeaders)?.[1]?.trim() ?? 'text/plain';
  if (!from || !dateTime || !messageId) return null;
  return { from, to, dateTime, messageId, contentType, body };
}

/** Unwraps the `Content-Type: message/cpim` entity that carries a CPIM message. */
export function parseCpimEntity(text: string): CpimMessage | null {
  const [headers, rest] = splitOnce(text);
  if (rest === null || !/^content-type:\s*message\/cpim/im.test(headers)) return null;
  return parseCpim(rest);
}

function parseDateTime(value: string): Date | null {
  const trimmed = value.trim();
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(trimmed)) return null;
  const date = new Date(trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}

function splitOnce(text: string): [string, string | null] {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return [text, null];
  return [text.slice(0, match.index), text.slice(match.index + match[0].length)];
}
