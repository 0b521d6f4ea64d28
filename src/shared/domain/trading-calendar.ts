/**
 * Trading days, counted on whole UTC day numbers (days since 1970-01-01; daily bars are stamped at
 * 00:00 UTC of their date, so a daily bar's day number is `Math.floor(t / DAY_MS)`).
 *
 * - `us-equity`: NYSE sessions — weekdays minus the exchange holidays (rules in force since 1971,
 *   Juneteenth from 2022) and the unscheduled closures since 1985.
 * - `weekdays`: Monday to Friday, no holidays (markets whose holidays we do not model).
 * - `continuous`: every day (crypto).
 */
export const DAY_MS = 86_400_000;

export const CALENDAR_NAMES = ['us-equity', 'weekdays', 'continuous'] as const;
export type CalendarName = (typeof CALENDAR_NAMES)[number];

export interface TradingCalendar {
  readonly name: CalendarName;
  isTradingDay(day: number): boolean;
  /** Number of trading days d with from < d ≤ to (0 when to ≤ from). */
  tradingDaysBetween(from: number, to: number): number;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day number of a proleptic Gregorian date (month 1–12), without allocating a Date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Calendar year of a day number. */
export function yearOfDay(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (month <= 2 ? 1 : 0);
}

/** Weekdays d with from < d ≤ to, in constant time. */
export function weekdaysBetween(from: number, to: number): number {
  if (to <= from) return 0;
  const span = to - from;
  const weeks = Math.floor(span / 7);
  let count = weeks * 5;
  for (let d = from + weeks * 7 + 1; d <= to; d++) {
    const w = weekdayOfDay(d);
    if (w !== 0 && w !== 6) count++;
  }
  return count;
}

function nthWeekday(year: number, month: number, weekday: number, nth: number): number {
  const first = daysFromCivil(year, month, 1);
  const offset = (weekday - weekdayOfDay(first) + 7) % 7;
  return first + offset + (nth - 1) * 7;
}

function lastWeekday(year: number, month: number, weekday: number): number {
  const nextMonthFirst = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
  const last = nextMonthFirst - 1;
  return last - ((weekdayOfDay(last) - weekday + 7) % 7);
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

/** A fixed-date holiday observed on Friday when it falls on Saturday, Monday when on Sunday. */
function observed(day: number): number {
  const w = weekdayOfDay(day);
  return w === 6 ? day - 1 : w === 0 ? day + 1 : day;
}

/** Closures the rules do not predict (national mourning, 9/11, hurricanes). */
const UNSCHEDULED_CLOSURES: readonly (readonly [number, number, number])[] = [
  [1985, 9, 27], // Hurricane Gloria
  [1994, 4, 27], // President Nixon's funeral
  [2001, 9, 11], [2001, 9, 12], [2001, 9, 13], [2001, 9, 14], // September 11
  [2004, 6, 11], // President Reagan's funeral
  [2007, 1, 2], // President Ford's funeral
  [2012, 10, 29], [2012, 10, 30], // Hurricane Sandy
  [2018, 12, 5], // President G. H. W. Bush's funeral
  [2025, 1, 9], // President Carter's funeral
];

/** NYSE full-day holidays of one year, as sorted day numbers. */
export function usEquityHolidays(year: number): number[] {
  const days: number[] = [];
  // New Year's Day: a Sunday holiday moves to Monday; a Saturday one is not made up (NYSE rule).
  const newYear = daysFromCivil(year, 1, 1);
  if (weekdayOfDay(newYear) !== 6) days.push(observed(newYear));
  if (year >= 1998) days.push(nthWeekday(year, 1, 1, 3)); // Martin Luther King Jr. Day
  days.push(nthWeekday(year, 2, 1, 3)); // Washington's Birthday
  days.push(easterSunday(year) - 2); // Good Friday
  days.push(lastWeekday(year, 5, 1)); // Memorial Day
  if (year >= 2022) days.push(observed(daysFromCivil(year, 6, 19))); // Juneteenth
  days.push(observed(daysFromCivil(year, 7, 4))); // Independence Day
  days.push(nthWeekday(year, 9, 1, 1)); // Labor Day
  days.push(nthWeekday(year, 11, 4, 4)); // Thanksgiving
  days.push(observed(daysFromCivil(year, 12, 25))); // Christmas
  for (const [y, m, d] of UNSCHEDULED_CLOSURES) if (y === year) days.push(daysFromCivil(y, m, d));
  return days.filter((d) => yearOfDay(d) === year && weekdayOfDay(d) !== 0 && weekdayOfDay(d) !== 6).sort((a, b) => a - b);
}

class UsEquityCalendar implements TradingCalendar {
  readonly name = 'us-equity' as const;
  private readonly byYear = new Map<number, Int32Array>();

  private holidays(year: number): Int32Array {
    let list = this.byYear.get(year);
    if (!list) this.byYear.set(year, (list = Int32Array.from(usEquityHolidays(year))));
    return list;
  }

  isTradingDay(day: number): boolean {
    const w = weekdayOfDay(day);
    if (w === 0 || w === 6) return false;
    const list = this.holidays(yearOfDay(day));
    for (let i = 0; i < list.length; i++) if (list[i] === day) return false;
    return true;
  }

  tradingDaysBetween(from: number, to: number): number {
    if (to <= from) return 0;
    let count = weekdaysBetween(from, to);
    const firstYear = yearOfDay(from + 1);
    const lastYear = yearOfDay(to);
    for (let year = firstYear; year <= lastYear; year++) {
      const list = this.holidays(year);
      for (let i = 0; i < list.length; i++) {
        const d = list[i]!;
        if (d > from && d <= to) count--;
      }
    }
    return count;
  }
}

class WeekdayCalendar implements TradingCalendar {
  readonly name = 'weekdays' as const;
  isTradingDay(day: number): boolean {
    const w = weekdayOfDay(day);
    return w !== 0 && w !== 6;
  }
  tradingDaysBetween(from: number, to: number): number {
    return weekdaysBetween(from, to);
  }
}

class ContinuousCalendar implements TradingCalendar {
  readonly name = 'continuous' as const;
  isTradingDay(): boolean {
    return true;
  }
  tradingDaysBetween(from: number, to: number): number {
    return to > from ? to - from : 0;
  }
}

export function tradingCalendar(name: CalendarName): TradingCalendar {
  switch (name) {
    case 'us-equity': return new UsEquityCalendar();
    case 'weekdays': return new WeekdayCalendar();
    case 'continuous': return new ContinuousCalendar();
  }
}
