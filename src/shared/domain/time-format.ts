/**
 * How a dataset's times are shown: daily data as ISO dates, intraday data as ISO date-times in the
 * dataset's time zone (the zone its source file used), so output reads the way the input did.
 */
export type TimeKind = 'date' | 'datetime';

export function formatDate(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock parts of instant `t` in `timeZone`. */
export function zonedParts(t: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = zoneFormatter(timeZone).formatToParts(new Date(t));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Offset of `timeZone` from UTC at instant `t`, in minutes (New York in winter: −300). */
export function zoneOffsetMinutes(t: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const p = zonedParts(t, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(t / 1000) * 1000) / 60_000);
}

/** The instant at which the wall clock in `timeZone` reads the given local time. */
export function zonedTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): number {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  if (timeZone === 'UTC') return naive;
  // Two passes settle the offset across a daylight-saving change.
  let t = naive - zoneOffsetMinutes(naive, timeZone) * 60_000;
  t = naive - zoneOffsetMinutes(t, timeZone) * 60_000;
  return t;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `2013-10-07T09:31:00-04:00` for an instant in a zone; `2013-10-07T13:31:00Z` in UTC. */
export function formatDateTime(t: number, timeZone: string): string {
  if (timeZone === 'UTC') return new Date(t).toISOString().replace('.000Z', 'Z');
  const p = zonedParts(t, timeZone);
  const offset = zoneOffsetMinutes(t, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function formatBarTime(t: number, kind: TimeKind, timeZone: string): string {
  return kind === 'date' ? formatDate(t) : formatDateTime(t, timeZone);
}
