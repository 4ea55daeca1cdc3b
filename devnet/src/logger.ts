/**
 * The logger devnet pieces take (same shape as main/core/logger.ts, so a host can pass its own).
 * devnet/src never prints: it logs through this or returns data.
 */
export interface DevnetLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentDevnetLogger: DevnetLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
