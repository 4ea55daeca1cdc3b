import { rmSync } from 'node:fs';
import { createResolver, type ValidatingResolver } from '../../../main/resolver/create-resolver';
import { buildHierarchy, type Hierarchy } from './build-hierarchy';
import { serveNsd, type RunningNsd } from '../../../devnet/src/dns/serve-nsd';
import { unboundConfig, unboundHost, type UnboundVerdict } from './unbound-host';

export interface HierarchyFixture {
  hierarchy: Hierarchy;
  nsd: RunningNsd;
  /** A fresh validating resolver (empty cache) pointed at the hierarchy with its root anchor. */
  resolver(): ValidatingResolver;
  /** The CLI flags that do the same: --server 127.0.0.1:PORT --trust-anchor FILE. */
  cliFlags: string[];
  /** unbound-host's verdict on the same server and anchor (a second reference validator). */
  unbound(name: string, type: string): Promise<UnboundVerdict>;
  stop(): Promise<void>;
}

/**
 * Builds, signs and serves the hierarchy; call stop() in afterAll (NSD also dies on exit). stop()
 * removes the temporary directory unless YAKKER_KEEP_HIERARCHY is set (to look at the zones).
 */
export async function startHierarchy(): Promise<HierarchyFixture> {
  const hierarchy = buildHierarchy();
  const nsd = await serveNsd(hierarchy);
  const unboundConf = unboundConfig(
    hierarchy.dir,
    nsd,
    hierarchy.zones.map((z) => z.spec.origin),
  );
  return {
    hierarchy,
    nsd,
    resolver: () =>
      createResolver({
        servers: [{ host: nsd.host, port: nsd.port }],
        trustAnchorFiles: [hierarchy.trustAnchorFile],
      }),
    cliFlags: ['--server', nsd.server, '--trust-anchor', hierarchy.trustAnchorFile],
    unbound: (name, type) => unboundHost(unboundConf, hierarchy.trustAnchorFile, name, type),
    stop: async () => {
      await nsd.stop();
      if (process.env['YAKKER_KEEP_HIERARCHY'] === undefined)
        rmSync(hierarchy.dir, { recursive: true, force: true });
    },
  };
}
