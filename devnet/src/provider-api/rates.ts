/**
 * The devnet's PSTN rates by destination prefix (longest prefix wins), in micro-units of the
 * currency per minute. Only +1 555 01xx is reachable (provider A's gateway); the 019x row exists
 * to show that the longest prefix decides.
 */
export const CURRENCY = 'USD';
/** 1 unit of currency = 1,000,000 micro-units: every amount is an integer. */
export const MICROS = 1_000_000;

export interface Rate {
  prefix: string;
  perMinuteMicros: number;
  description: string;
}

export const DEVNET_RATES: readonly Rate[] = [
  { prefix: '+155501', perMinuteMicros: 20_000, description: 'devnet PSTN +1 555 01xx' },
  { prefix: '+1555019', perMinuteMicros: 50_000, description: 'devnet PSTN +1 555 019x (premium)' },
];

/** The charge for a call: rate x duration, rounded up to the next micro-unit. */
export function chargeMicros(perMinuteMicros: number, seconds: number): number {
  if (!(seconds > 0)) return 0;
  return Math.ceil((perMinuteMicros * seconds) / 60 - 1e-9);
}

/** "0.020000" for 20000 micro-units. */
export function formatMicros(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / MICROS)}.${String(abs % MICROS).padStart(6, '0')}`;
}
