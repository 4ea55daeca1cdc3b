/** The devnet's public surface (so far: the provider SIP server). */
export {
  startProvider,
  type PeerRoute,
  type ProviderOptions,
  type RunningProvider,
} from './provider';
export type { KamailioPorts } from './kamailio-config';
export { ensureDevnetCa, issueServerCertificate, type DevnetCa } from './devnet-ca';
export { kamailioPids } from './kamailio-process';
export type { DevnetLogger } from './logger';
