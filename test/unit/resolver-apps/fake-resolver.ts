import type {
  DnssecStatus,
  Resolver,
  ResourceRecord,
  ValidatedAnswer,
} from '../../../main/resolver/types';

/** A test Resolver: canned answers keyed by name and type; unknown names are secure NXDOMAIN. */
export class FakeResolver implements Resolver {
  readonly queries: string[] = [];
  private readonly zone = new Map<string, Omit<ValidatedAnswer, 'name' | 'type'>>();

  set(
    name: string,
    type: string,
    records: { type?: string; rdata: Uint8Array; data?: string }[],
    status: DnssecStatus = 'secure',
    rcode = 'NOERROR',
  ): this {
    const key = `${name.toLowerCase().replace(/\.$/, '')}|${type}`;
    const answers: ResourceRecord[] = records.map((r) => ({
      name: name.toLowerCase().replace(/\.$/, ''),
      type: r.type ?? type,
      ttl: 300,
      data: r.data ?? '',
      rdata: r.rdata,
    }));
    this.zone.set(key, { status, rcode, answers, reason: `fake ${status}` });
    return this;
  }

  resolve(name: string, type: string): Promise<ValidatedAnswer> {
    const normal = name.toLowerCase().replace(/\.$/, '');
    this.queries.push(`${normal} ${type}`);
    const hit = this.zone.get(`${normal}|${type}`);
    return Promise.resolve(
      hit === undefined
        ? {
            name: normal,
            type,
            status: 'secure',
            rcode: 'NXDOMAIN',
            answers: [],
            reason: 'fake NXDOMAIN',
          }
        : { name: normal, type, ...hit },
    );
  }
}

const text = new TextEncoder();

function charString(value: string): number[] {
  const bytes = [...text.encode(value)];
  return [bytes.length, ...bytes];
}

export function wireName(name: string): number[] {
  const out: number[] = [];
  for (const label of name
    .replace(/\.$/, '')
    .split('.')
    .filter((l) => l !== '')) {
    out.push(label.length, ...text.encode(label));
  }
  out.push(0);
  return out;
}

const u16 = (n: number): number[] => [n >> 8, n & 0xff];

export function naptr(
  order: number,
  preference: number,
  flags: string,
  services: string,
  regexp: string,
  replacement = '.',
): { rdata: Uint8Array } {
  return {
    rdata: Uint8Array.from([
      ...u16(order),
      ...u16(preference),
      ...charString(flags),
      ...charString(services),
      ...charString(regexp),
      ...wireName(replacement),
    ]),
  };
}

export function srv(
  priority: number,
  weight: number,
  port: number,
  target: string,
): { rdata: Uint8Array } {
  return {
    rdata: Uint8Array.from([...u16(priority), ...u16(weight), ...u16(port), ...wireName(target)]),
  };
}

export function a(address: string): { rdata: Uint8Array } {
  return { rdata: Uint8Array.from(address.split('.').map(Number)) };
}

export function aaaa(hex16: string): { rdata: Uint8Array } {
  return { rdata: Uint8Array.from(Buffer.from(hex16, 'hex')) };
}

export function association(
  usage: number,
  selector: number,
  matching: number,
  data: Uint8Array,
): { rdata: Uint8Array } {
  return { rdata: Uint8Array.from([usage, selector, matching, ...data]) };
}

/** A deterministic random source cycling through the given values. */
export function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}
