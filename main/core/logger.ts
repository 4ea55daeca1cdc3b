/** The logger every main-side service takes; hosts decide where lines go. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Writes one line per entry to a stream (stderr for hosts; a buffer in tests). */
export function createStreamLogger(write: (line: string) => void, scope = 'yakker'): Logger {
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    const extra = fields ? ` ${safeJson(fields)}` : '';
    write(`${new Date().toISOString()} ${level} [${scope}] ${message}${extra}\n`);
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) =>
      v instanceof Error ? { name: v.name, message: v.message } : v,
    );
  } catch {
    return '"(unserialisable)"';
  }
}
