import { zoneClock } from '../market/zone-clock';

const DAY_MS = 86_400_000;

/**
 * The trading session an instant belongs to: its calendar date in the exchange's zone (New York for
 * US equities), as days since 1970. The daily-loss count restarts when it changes.
 */
export function sessionKeyOf(t: number, timeZone = 'America/New_York'): number {
  return Math.floor((t + zoneClock(timeZone).offsetAt(t) * 60_000) / DAY_MS);
}
