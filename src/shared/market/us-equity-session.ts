import { daysFromCivil, MS_PER_DAY, weekdayOfDays, yearOfDays } from './civil-days';
import { isUsTradingDay, nthWeekday } from './us-market-calendar';
import { zoneClock } from './zone-clock';

/**
 * The regular US equity session of one trading day: 09:30–16:00 America/New_York, closing at
 * 13:00 on the exchange's half days. Instants are epoch ms UTC; `day` is the New York calendar
 * date as a day number (days since 1970-01-01), so `day * MS_PER_DAY` is 00:00 UTC of that date,
 * the stamp of the day's daily bar.
 */
export interface Session {
  readonly day: number;
  readonly open: number;
  readonly close: number;
}

/** Which days trade and when (the rules below by default; a broker's own calendar can stand in). */
export interface SessionCalendar {
  /** The regular session of New York date `day`, or null when the market is closed that day. */
  session(day: number): Session | null;
}

export const SESSION_ZONE = 'America/New_York';
const OPEN_MINUTE = 9 * 60 + 30;
const CLOSE_MINUTE = 16 * 60;
const EARLY_CLOSE_MINUTE = 13 * 60;

/**
 * Half days (the close at 13:00), by the NYSE's rules in force since the 2000s: the day after
 * Thanksgiving, and July 3 and December 24 when they fall Monday to Thursday (on a Friday the
 * holiday itself is observed that day, so the market is closed). One-off early closes of the past
 * are not modelled; a broker's calendar (`calendarFromDays`) has them.
 */
export function isUsEarlyClose(day: number): boolean {
  if (!isUsTradingDay(day)) return false;
  const year = yearOfDays(day);
  if (day === nthWeekday(year, 11, 4, 4) + 1) return true;
  const weekday = weekdayOfDays(day);
  if (weekday < 1 || weekday > 4) return false;
  return day === daysFromCivil(year, 7, 3) || day === daysFromCivil(year, 12, 24);
}

/** A session from wall-clock minutes of the New York day (DST handled by the zone's clock). */
export function sessionAt(day: number, openMinute: number, closeMinute: number): Session {
  const clock = zoneClock(SESSION_ZONE);
  const midnight = day * MS_PER_DAY;
  return { day, open: clock.toUtc(midnight + openMinute * 60_000), close: clock.toUtc(midnight + closeMinute * 60_000) };
}

const ruleSessions = new Map<number, Session | null>();

/** The calendar of the rules: NYSE trading days, 09:30–16:00 ET, 13:00 on half days. */
export const US_EQUITY_SESSIONS: SessionCalendar = {
  session(day: number): Session | null {
    let found = ruleSessions.get(day);
    if (found === undefined) {
      found = isUsTradingDay(day) ? sessionAt(day, OPEN_MINUTE, isUsEarlyClose(day) ? EARLY_CLOSE_MINUTE : CLOSE_MINUTE) : null;
      if (ruleSessions.size > 20_000) ruleSessions.clear();
      ruleSessions.set(day, found);
    }
    return found;
  },
};

/**
 * A calendar that takes the broker's list of trading days where it has them (Alpaca's
 * `/v2/calendar`: its half days and one-off closures win) and the rules elsewhere. `days` maps a
 * day number to its session, or to null for a day the broker says is closed.
 */
export function calendarWithOverrides(days: ReadonlyMap<number, Session | null>, fallback: SessionCalendar = US_EQUITY_SESSIONS): SessionCalendar {
  return {
    session(day: number): Session | null {
      const known = days.get(day);
      return known !== undefined ? known : fallback.session(day);
    },
  };
}

/** The New York calendar date (day number) of instant `t`. */
export function newYorkDay(t: number): number {
  return Math.floor(zoneClock(SESSION_ZONE).toLocal(t) / MS_PER_DAY);
}

/** The session whose regular hours contain instant `t` (open ≤ t < close), or null. */
export function sessionContaining(t: number, calendar: SessionCalendar = US_EQUITY_SESSIONS): Session | null {
  const session = calendar.session(newYorkDay(t));
  return session && t >= session.open && t < session.close ? session : null;
}

/** The last session that opened at or before `t` (searching back at most `maxDays`), or null. */
export function latestSessionOpenedBy(t: number, calendar: SessionCalendar = US_EQUITY_SESSIONS, maxDays = 14): Session | null {
  const today = newYorkDay(t);
  for (let day = today; day > today - maxDays; day--) {
    const session = calendar.session(day);
    if (session && session.open <= t) return session;
  }
  return null;
}

/**
 * Regular-session time between two instants, in ms: how long the market traded from `from` to
 * `to` (0 when `to ≤ from`). A price taken at Friday's close is 0 ms old on Saturday, and 30 s old
 * at 09:30:30 on Monday. Spans longer than `capMs` of session time stop counting at `capMs` (the
 * caller only wants to know whether a limit is passed), so the loop over days stays short.
 */
export function sessionMsBetween(from: number, to: number, calendar: SessionCalendar = US_EQUITY_SESSIONS, capMs = Number.POSITIVE_INFINITY): number {
  if (!(to > from)) return 0;
  let total = 0;
  const last = newYorkDay(to);
  for (let day = newYorkDay(from); day <= last; day++) {
    const session = calendar.session(day);
    if (!session) continue;
    const start = Math.max(from, session.open);
    const end = Math.min(to, session.close);
    if (end > start) total += end - start;
    if (total >= capMs) return capMs;
  }
  return total;
}
