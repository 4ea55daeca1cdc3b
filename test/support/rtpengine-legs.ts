/** What rtpengine (NG `list`/`query`) says about the calls it relays: per leg, protocol and packets. */
import { ngRequest } from '../../devnet/src/media/ng-client';

export interface RtpLeg {
  protocols: string[];
  packets: number;
}

interface QueryTags {
  [tag: string]: {
    medias?: { protocol?: string; streams?: { stats?: { packets?: number } }[] }[];
  };
}

/** The legs (one per SIP party) of a call, or of the first call rtpengine lists. */
export async function rtpLegs(ngPort: number, callId?: string): Promise<RtpLeg[]> {
  const id =
    callId ??
    (
      (await ngRequest(ngPort, { command: 'list', limit: '10' }))['calls'] as string[] | undefined
    )?.[0];
  if (id === undefined) return [];
  const q = await ngRequest(ngPort, { command: 'query', 'call-id': id });
  return Object.values((q['tags'] ?? {}) as QueryTags).map((t) => ({
    protocols: (t.medias ?? []).map((m) => m.protocol ?? ''),
    packets: (t.medias ?? [])
      .flatMap((m) => m.streams ?? [])
      .reduce((n, s) => n + (s.stats?.packets ?? 0), 0),
  }));
}

/** Polls until both legs have counted more than `min` packets (media flows both ways). */
export async function waitForMedia(ngPort: number, min: number, tries = 60): Promise<RtpLeg[]> {
  let legs: RtpLeg[] = [];
  for (let i = 0; i < tries; i++) {
    legs = await rtpLegs(ngPort);
    if (legs.length === 2 && legs.every((l) => l.packets > min)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return legs;
}
