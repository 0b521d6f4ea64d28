/**
 * How the emulator writes Alpaca's wire formats: decimals as strings, RFC-3339 timestamps, the
 * `{code, message}` error envelope, deterministic ids.
 */

/** A decimal the way Alpaca sends it: a string, no float noise ("0.3", not "0.30000000000000004"). */
export function dec(value: number): string {
  const fixed = value.toFixed(9);
  const trimmed = fixed.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

export function decOrNull(value: number | null | undefined): string | null {
  return value === null || value === undefined ? null : dec(value);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : iso(ms);
}

/** Eastern-time rendering used by /v2/clock (`2022-04-29T09:30:00-04:00`), DST by US rules. */
export function easternIso(ms: number): string {
  const offsetHours = isUsEasternDst(ms) ? -4 : -5;
  const local = new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 19);
  return `${local}-0${-offsetHours}:00`;
}

/** US DST: second Sunday of March 07:00 UTC to first Sunday of November 06:00 UTC. */
export function isUsEasternDst(ms: number): boolean {
  const year = new Date(ms).getUTCFullYear();
  const nthSunday = (month: number, n: number): number => {
    const first = new Date(Date.UTC(year, month, 1));
    const day = 1 + ((7 - first.getUTCDay()) % 7) + (n - 1) * 7;
    return Date.UTC(year, month, day);
  };
  const start = nthSunday(2, 2) + 7 * 3_600_000;
  const end = nthSunday(10, 1) + 6 * 3_600_000;
  return ms >= start && ms < end;
}

export interface ApiErrorBody {
  code?: number;
  message: string;
  [extra: string]: unknown;
}

export class IdSource {
  private counter = 0;
  constructor(private readonly prefix: string) {}

  next(): string {
    this.counter++;
    const tail = this.counter.toString(16).padStart(12, '0');
    return `${this.prefix}-0000-4000-8000-${tail}`;
  }
}
