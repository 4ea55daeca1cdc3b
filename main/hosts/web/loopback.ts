/** The only addresses the web bridge may listen on. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1'] as const;
export type LoopbackHost = (typeof LOOPBACK_HOSTS)[number];

export function isLoopbackHost(host: string): host is LoopbackHost {
  return (LOOPBACK_HOSTS as readonly string[]).includes(host);
}

/** The origin a browser sends for pages we serve on this host and port. */
export function originFor(host: LoopbackHost, port: number): string {
  return host === '::1' ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`;
}
