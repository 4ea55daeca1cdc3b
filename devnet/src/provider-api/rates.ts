/**
 * The devnet's PSTN rates by destination prefix (longest prefix wins), in micro-units of the
 * currency per minute. Only +1 555 01xx is reachable (provider A's gateway); the 019x row exists
 * to show that the longest prefix decides, and +15550199 costs 1.00 a second so that running out
 * of credit during a call can be tried (and tested) in seconds.
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
  {
    prefix: '+15550199',
    perMinuteMicros: 60_000_000,
    description: 'devnet PSTN +1 555 0199 (1.00 a second: runs out of credit fast)',
  },
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
