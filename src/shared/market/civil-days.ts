/**
 * Calendar arithmetic on day numbers (days since 1970-01-01), without Date objects, so hot loops
 * over millions of rows allocate nothing. Algorithms after Howard Hinnant's "chrono-compatible
 * low-level date algorithms".
 */
export const MS_PER_DAY = 86_400_000;

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The year of a day number: `civilFromDays(days).year` without building the date object. */
export function yearOfDays(days: number): number {
  // The mean Gregorian year puts the guess within one year of the truth; two checks settle it.
  let year = Math.floor(days / 365.2425) + 1970;
  if (daysFromCivil(year, 1, 1) > days) year--;
  else if (daysFromCivil(year + 1, 1, 1) <= days) year++;
  return year;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDays(days: number): number {
  return ((days % 7) + 11) % 7;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}
