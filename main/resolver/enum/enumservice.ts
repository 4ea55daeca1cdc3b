/**
 * The Services field of an ENUM NAPTR (RFC 6116 §3.4.3):
 *   service-field = "E2U" 1*(servicespec); servicespec = "+" enumservice;
 *   enumservice = type 0*(":" subtype)
 * Compared case-insensitively (§3.6). The obsolete RFC 2916 form `sip+E2U` is accepted too.
 */
export interface Enumservice {
  type: string;
  subtypes: string[];
}

const TOKEN = /^[a-z0-9-]{1,32}$/;

/** Parses a Services field; undefined when it is not an ENUM (E2U) service field. */
export function parseEnumservices(services: string): Enumservice[] | undefined {
  const lower = services.trim().toLowerCase();
  let specs: string[];
  if (lower.startsWith('e2u+')) specs = lower.slice(4).split('+');
  else if (/^[a-z0-9-]+\+e2u$/.test(lower)) specs = [lower.slice(0, -4)];
  else return undefined;
  const out: Enumservice[] = [];
  for (const spec of specs) {
    const [type = '', ...subtypes] = spec.split(':');
    if (!TOKEN.test(type) || !subtypes.every((s) => TOKEN.test(s))) return undefined;
    out.push({ type, subtypes });
  }
  return out;
}

/**
 * Whether the field offers the wanted Enumservice type (`sip` matches `E2U+sip` and any
 * `E2U+sip:<subtype>`, also inside a compound field such as `E2U+voice:tel+sip`). Private
 * `P-` Enumservices are ignored, as RFC 6116 §5.2 asks of public ENUM clients.
 */
export function offersService(services: string, wanted: string): Enumservice | undefined {
  const parsed = parseEnumservices(services);
  const type = wanted.toLowerCase();
  return parsed?.find((s) => s.type === type && !s.type.startsWith('p-'));
}

export function formatEnumservice(service: Enumservice): string {
  return `E2U+${[service.type, ...service.subtypes].join(':')}`;
}
