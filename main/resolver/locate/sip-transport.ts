/** The SIP transports RFC 3263 and RFC 7118 name, and what each needs from DNS. */
export type SipTransport = 'tls' | 'tcp' | 'wss' | 'ws' | 'udp';

interface TransportInfo {
  /** NAPTR service field (RFC 3263 §4.1, RFC 7118 §8). */
  naptrService: string;
  /** SRV owner prefix (RFC 3263 §4.1, RFC 7118 §8). */
  srvPrefix: string;
  defaultPort: number;
  /** Runs over TLS: allowed for sips: URIs, and has TLSA records. */
  secure: boolean;
}

export const TRANSPORTS: Readonly<Record<SipTransport, TransportInfo>> = {
  tls: { naptrService: 'SIPS+D2T', srvPrefix: '_sips._tcp', defaultPort: 5061, secure: true },
  tcp: { naptrService: 'SIP+D2T', srvPrefix: '_sip._tcp', defaultPort: 5060, secure: false },
  wss: { naptrService: 'SIPS+D2W', srvPrefix: '_sips._ws', defaultPort: 443, secure: true },
  ws: { naptrService: 'SIP+D2W', srvPrefix: '_sip._ws', defaultPort: 80, secure: false },
  udp: { naptrService: 'SIP+D2U', srvPrefix: '_sip._udp', defaultPort: 5060, secure: false },
};

/** What Yakker speaks by default: TLS, TCP and secure WebSocket; never UDP. */
export const SUPPORTED_TRANSPORTS: readonly SipTransport[] = ['tls', 'tcp', 'wss'];

/** The transport a NAPTR service field names, case-insensitively. */
export function transportForService(service: string): SipTransport | undefined {
  const upper = service.toUpperCase();
  return (Object.keys(TRANSPORTS) as SipTransport[]).find(
    (t) => TRANSPORTS[t].naptrService === upper,
  );
}

/**
 * The transport a `;transport=` URI parameter asks for. For sips: URIs, tcp means TLS over TCP
 * and ws means WSS (RFC 3261 §26.2, RFC 7118).
 */
export function transportForParam(value: string, scheme: 'sip' | 'sips'): SipTransport | undefined {
  const lower = value.toLowerCase();
  if (scheme === 'sips') {
    if (lower === 'tcp' || lower === 'tls') return 'tls';
    if (lower === 'ws' || lower === 'wss') return 'wss';
    return undefined;
  }
  return lower === 'tls' || lower === 'tcp' || lower === 'wss' || lower === 'ws' || lower === 'udp'
    ? lower
    : undefined;
}
