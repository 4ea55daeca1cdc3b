/**
 * The local DNSSEC hierarchy for tests and benchmarks: build and sign it (buildHierarchy), serve
 * it (serveNsd), and ask the reference validators (delv, unboundHost). See
 * docs/enum-and-location.md for what it contains. Signing and serving are devnet code
 * (devnet/src/dns), re-exported here so tests have one place to import from.
 */
export {
  buildHierarchy,
  buildZones,
  type BuildOptions,
  type Hierarchy,
  type BuiltZone,
  type BuiltZones,
} from './build-hierarchy';
export { serveNsd, freePort, type RunningNsd } from '../../../devnet/src/dns/serve-nsd';
export { requireTools } from '../../../devnet/src/dns/tools';
export { delv, parseDelv, type DelvVerdict } from './delv';
export { unboundConfig, unboundHost, type UnboundVerdict } from './unbound-host';
export { hierarchySpec, type ZoneSpec, type Breakage } from './zone-spec';
export { startHierarchy, type HierarchyFixture } from './fixture';
