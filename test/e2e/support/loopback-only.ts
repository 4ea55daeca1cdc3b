import { networkInterfaces } from 'node:os';

/**
 * True when this process can reach nothing but loopback: every network interface it sees is a
 * loopback one. Media tests (WebRTC between two Chromiums) run only then, so no packet can leave
 * the machine; `npm test` starts Playwright that way (`unshare -n`, then `ip link set lo up`).
 */
export function loopbackOnly(): boolean {
  return Object.values(networkInterfaces())
    .flat()
    .every((address) => address?.internal !== false);
}

export const LOOPBACK_ONLY_REASON =
  "media tests run only in a loopback-only network namespace: npm test does that; by hand: unshare -n sh -c 'ip link set lo up && npx playwright test test/e2e/web/calls.spec.ts'";
