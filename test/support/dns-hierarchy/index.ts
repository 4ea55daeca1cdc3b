/**
 * The local DNSSEC hierarchy for tests, benchmarks and devnet: build and sign it
 * (buildHierarchy), serve it (serveNsd), and ask the reference validators (delv, unboundHost).
 * See docs/enum-and-location.md for what it contains.
 */
export {
  buildHierarchy,
  buildZones,
  type BuildOptions,
  type Hierarchy,
  type BuiltZone,
  type BuiltZones,
} from './build-hierarchy';
export { serveNsd, freePort, type RunningNsd } from './serve-nsd';
export { delv, parseDelv, type DelvVerdict } from './delv';
export { unboundConfig, unboundHost, type UnboundVerdict } from './unbound-host';
export { hierarchySpec, type ZoneSpec, type Breakage } from './zone-spec';
export { requireTools } from './tools';
export { startHierarchy, type HierarchyFixture } from './fixture';
