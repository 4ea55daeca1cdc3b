import { isIP } from 'node:net';
import { YakkerError } from '../../../shared/contract/result';

/** The parts of a sip: or sips: URI (RFC 3261 §19.1) that server location needs. */
export interface SipUri {
  scheme: 'sip' | 'sips';
  /** The user part, percent-decoded; undefined when the URI has none. */
  user: string | undefined;
  /** Host as written, lower case, IPv6 without brackets. */
  host: string;
  port: number | undefined;
  /** URI parameters, names lower case; a parameter without value maps to "". */
  params: Record<string, string>;
}

/** Parses a sip:/sips: URI; throws a `bad-input` YakkerError otherwise. */
export function parseSipUri(text: string): SipUri {
  const trimmed = text.trim().replace(/^<(.*)>$/, '$1');
  const match = /^(sips?):(.*)$/i.exec(trimmed);
  if (match === null) throw new YakkerError('bad-input', `not a sip: or sips: URI: ${text}`);
  const scheme = (match[1] ?? '').toLowerCase() as 'sip' | 'sips';
  const rest = (match[2] ?? '').split('?')[0] ?? '';
  const at = rest.lastIndexOf('@');
  const userinfo = at >= 0 ? rest.slice(0, at) : undefined;
  const hostport = at >= 0 ? rest.slice(at + 1) : rest;
  const [hostPart = '', ...paramParts] = hostport.split(';');
  const params: Record<string, string> = {};
  for (const part of paramParts) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    params[key] = eq < 0 ? '' : decode(part.slice(eq + 1), text);
  }
  const { host, port } = splitHostPort(hostPart, text);
  const user = userinfo === undefined ? undefined : decode(userinfo.split(':')[0] ?? '', text);
  if (user === '') throw new YakkerError('bad-input', `empty user part in ${text}`);
  return { scheme, user, host, port, params };
}

function splitHostPort(hostPart: string, text: string): { host: string; port: number | undefined } {
  let host: string;
  let portText: string | undefined;
  if (hostPart.startsWith('[')) {
    const close = hostPart.indexOf(']');
    if (close < 0) throw new YakkerError('bad-input', `unclosed IPv6 reference in ${text}`);
    host = hostPart.slice(1, close);
    const after = hostPart.slice(close + 1);
    if (after !== '' && !after.startsWith(':'))
      throw new YakkerError('bad-input', `bad host in ${text}`);
    portText = after === '' ? undefined : after.slice(1);
    if (isIP(host) !== 6) throw new YakkerError('bad-input', `bad IPv6 address in ${text}`);
  } else {
    const colon = hostPart.lastIndexOf(':');
    host = colon >= 0 ? hostPart.slice(0, colon) : hostPart;
    portText = colon >= 0 ? hostPart.slice(colon + 1) : undefined;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9])?)*\.?$/i.test(host))
      throw new YakkerError('bad-input', `bad host "${host}" in ${text}`);
  }
  let port: number | undefined;
  if (portText !== undefined) {
    if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535)
      throw new YakkerError('bad-input', `bad port in ${text}`);
    port = Number(portText);
  }
  return { host: host.toLowerCase().replace(/\.$/, ''), port };
}

function decode(value: string, text: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new YakkerError('bad-input', `bad percent-encoding in ${text}`);
  }
}
