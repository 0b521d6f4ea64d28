import { daysFromCivil, weekdayOfDays, yearOfDays } from './civil-days';

/**
 * Days the New York Stock Exchange was closed on a weekday: the regular holidays by their rules
 * (with Saturday holidays observed on Friday and Sunday holidays on Monday, except that a
 * Saturday New Year's Day closes no Friday) and the one-off closures since 1985.
 */
const SPECIAL_CLOSURES = [
  '1985-09-27', // Hurricane Gloria
  '1994-04-27', // President Nixon's funeral
  '2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14', // September 11
  '2004-06-11', // President Reagan's funeral
  '2007-01-02', // President Ford's funeral
  '2012-10-29', '2012-10-30', // Hurricane Sandy
  '2018-12-05', // President G. H. W. Bush's funeral
  '2025-01-09', // President Carter's funeral
].map((iso) => daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))));

/** The `n`th `weekday` (0 = Sunday) of a month, as a day number. */
export function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((weekday - weekdayOfDays(first) + 7) % 7) + (n - 1) * 7;
}

function lastWeekday(year: number, month: number, weekday: number): number {
  const nextFirst = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
  const last = nextFirst - 1;
  return last - ((weekdayOfDays(last) - weekday + 7) % 7);
}

function observed(day: number): number {
  const weekday = weekdayOfDays(day);
  if (weekday === 6) return day - 1;
  if (weekday === 0) return day + 1;
  return day;
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm. */
function easterSunday(year: number): number {
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

function holidaysOf(year: number): Set<number> {
  const days = new Set<number>();
  const newYear = daysFromCivil(year, 1, 1);
  if (weekdayOfDays(newYear) !== 6) days.add(observed(newYear));
  if (year >= 1998) days.add(nthWeekday(year, 1, 1, 3)); // Martin Luther King Jr. Day
  days.add(nthWeekday(year, 2, 1, 3)); // Washington's Birthday
  days.add(easterSunday(year) - 2); // Good Friday
  days.add(lastWeekday(year, 5, 1)); // Memorial Day
  if (year >= 2022) days.add(observed(daysFromCivil(year, 6, 19))); // Juneteenth
  days.add(observed(daysFromCivil(year, 7, 4)));
  days.add(nthWeekday(year, 9, 1, 1)); // Labor Day
  days.add(nthWeekday(year, 11, 4, 4)); // Thanksgiving
  days.add(observed(daysFromCivil(year, 12, 25)));
  for (const day of SPECIAL_CLOSURES) if (yearOfDays(day) === year) days.add(day);
  return days;
}

const holidayCache = new Map<number, Set<number>>();

export function isUsMarketHoliday(day: number): boolean {
  const year = yearOfDays(day);
  let set = holidayCache.get(year);
  if (!set) holidayCache.set(year, (set = holidaysOf(year)));
  // A Saturday New Year's Day of next year is not observed, so only this year's set matters.
  return set.has(day);
}

export function isWeekend(day: number): boolean {
  const weekday = weekdayOfDays(day);
  return weekday === 0 || weekday === 6;
}

/** True when the US stock market was open on this day (day number since 1970-01-01). */
export function isUsTradingDay(day: number): boolean {
  return !isWeekend(day) && !isUsMarketHoliday(day);
}

/** US trading days strictly between two day numbers. */
export function usTradingDaysBetween(fromDay: number, toDay: number): number {
  let count = 0;
  for (let day = fromDay + 1; day < toDay; day++) if (isUsTradingDay(day)) count++;
  return count;
}

/** Weekdays strictly between two day numbers (the calendar for markets other than the US). */
export function weekdaysBetween(fromDay: number, toDay: number): number {
  let count = 0;
  for (let day = fromDay + 1; day < toDay; day++) if (!isWeekend(day)) count++;
  return count;
}
