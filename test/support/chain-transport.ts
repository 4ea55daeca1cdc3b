/**
 * Feeds a DNSSEC chain from the directory's private lookup (DNS responses in wire format,
 * base64) to our validating resolver as its only "network": each query is answered by the
 * message with the same question, or fails. The resolver validates from its own trust anchor.
 */
import type { QueryTransport } from '../../main/resolver/options';
import { peekHeader } from '../../main/resolver/wire/message';
import { nameKey } from '../../main/resolver/wire/name';

export function chainTransport(messages: readonly string[]): QueryTransport {
  const byQuestion = new Map<string, Uint8Array>();
  for (const b64 of messages) {
    const msg = new Uint8Array(Buffer.from(b64, 'base64'));
    const h = peekHeader(msg);
    if (h.qname === undefined || h.qtype === undefined)
      throw new Error('a message without question');
    byQuestion.set(`${nameKey(h.qname)}/${h.qtype}`, msg);
  }
  return ({ name, type }) => {
    const msg = byQuestion.get(`${nameKey(name)}/${type}`);
    return msg === undefined
      ? Promise.reject(new Error(`the chain has no answer for ${nameKey(name)} type ${type}`))
      : Promise.resolve(msg);
  };
}
