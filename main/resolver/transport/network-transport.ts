/** The default transport: every server in turn, `attempts` rounds, fresh random ID per try. */
import { randomInt } from 'node:crypto';
import { YakkerError } from '../../../shared/contract/result';
import type { QueryTransport, ResolverLogger } from '../options';
import type { ServerAddress } from '../types';
import { encodeQuery } from '../wire/query';
import { nameToFqdn } from '../wire/name';
import { exchangeUdp } from './exchange';

export interface NetworkTransportOptions {
  servers: readonly ServerAddress[];
  timeoutMs: number;
  attempts: number;
  logger?: ResolverLogger;
}

/** SERVFAIL and REFUSED from one server send us to the next; the last such answer is returned. */
export function createNetworkTransport(opts: NetworkTransportOptions): QueryTransport {
  return async (query, signal) => {
    let fallback: Uint8Array | undefined;
    let lastError = 'no servers configured';
    for (let round = 0; round < Math.max(1, opts.attempts); round++) {
      for (const server of opts.servers) {
        if (signal?.aborted) throw new YakkerError('timeout', 'lookup aborted');
        const id = randomInt(0, 65536);
        const packet = encodeQuery(id, query.name, query.type);
        const req = {
          id,
          name: query.name,
          type: query.type,
          packet,
          timeoutMs: opts.timeoutMs,
          ...(signal ? { signal } : {}),
        };
        const r = await exchangeUdp(server, req);
        if (r.ok) {
          const rcode = (r.response[3] ?? 0) & 0xf;
          if (rcode !== 2 && rcode !== 5) return r.response;
          fallback = r.response;
          lastError = `${server.host}:${server.port} answered ${rcode === 2 ? 'SERVFAIL' : 'REFUSED'}`;
        } else {
          lastError = r.detail;
        }
        opts.logger?.debug(
          `query ${nameToFqdn(query.name)} type ${query.type} to ${server.host}:${server.port}: ${lastError}`,
        );
      }
    }
    if (fallback) return fallback;
    throw new YakkerError('timeout', lastError);
  };
}
