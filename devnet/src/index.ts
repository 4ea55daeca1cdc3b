/** The devnet's public surface: the whole network (up/down/status/seed) and its pieces. */
export {
  devnetDown,
  devnetStatus,
  devnetUp,
  DEVNET_PROVIDERS,
  type DevnetStatus,
  type RunningDevnet,
} from './devnet';
export { startDevnetInBackground } from './devnet-background';
export {
  devnetSeed,
  DEMO_ACCOUNTS,
  type DemoAccount,
  type ExternalCertificate,
  type SeededAccount,
} from './devnet-seed';
export {
  publishDirectoryEntries,
  readDirectoryEntries,
  type DirectoryEntries,
} from './directory-records';
export { defaultStateDir, devnetPaths, type DevnetPaths } from './devnet-paths';
export { readProfile, type DevnetProfile, type DevnetProviderProfile } from './devnet-profile';
export type { DevnetProcess } from './devnet-processes';
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
export {
  startDirectoryService,
  type DirectoryServiceOptions,
  type RunningDirectory,
} from './directory/directory-service';
export {
  ensureAuthority,
  type AuthorisedProvider,
  type DevnetAuthority,
  type ProviderList,
} from './directory/authority';
export type { PublishRecords } from './directory/publish-records';
export { ProviderApiError, type ProviderApiErrorCode } from './provider-api/api-errors';
export type {
  RequestVerifier,
  RequestVerifierFactory,
  SignedRequest,
  VerifierContext,
} from './provider-api/request-verifier';
export { startRtpengine, type RunningRtpengine } from './media/rtpengine';
export { startPstnGateway, type RunningPstnGateway } from './pstn/pstn-gateway';
