import { daysFromCivil, daysInMonth, MS_PER_DAY } from '../civil-days';
import type { ZoneClock } from '../zone-clock';

/**
 * Time cells: the formats data vendors write, detected once from the first data row and then
 * read row by row from char codes (no Date object, no substring per row).
 *
 * - `iso`: `2020-01-02`, `2020-01-02T09:30`, `2020-01-02 09:30:00.250`, with `Z`, `+01:00`,
 *   `-0500` or no offset (a wall-clock time in the import's time zone); `2020/01/02` too.
 * - `compact`: `20200102`, `20200102 09:30:00`, `20200102 093000`.
 * - `day-month-name`: `23-Feb-18`, `23-Feb-2018`, `23 Feb 2018`.
 * - `slash`: US `02/23/2018` (day first when the file proves it: a first number above 12).
 * - `epoch`: seconds, milliseconds, microseconds or nanoseconds since 1970, told apart by magnitude.
 */
export type TimeFormatKind = 'iso' | 'compact' | 'day-month-name' | 'slash' | 'epoch';

export interface TimeFormat {
  readonly kind: TimeFormatKind;
  /** Slash dates only: day/month/year instead of the US month/day/year. */
  readonly dayFirst: boolean;
  /** A cell of the file in this format, for messages. */
  readonly example: string;
}

const TWO_DIGIT_YEAR_PIVOT = 69; // POSIX %y: 69–99 → 19xx, 00–68 → 20xx

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

export function detectTimeFormat(cell: string): TimeFormat | null {
  const text = cell.trim();
  let kind: TimeFormatKind | null = null;
  if (/^\d{4}[-/]\d{1,2}[-/]\d{1,2}/.test(text)) kind = 'iso';
  else if (/^\d{8}([\sT]|$)/.test(text)) kind = 'compact';
  else if (/^\d{1,2}[-\s/][A-Za-z]{3,}/.test(text)) kind = 'day-month-name';
  else if (/^\d{1,2}\/\d{1,2}\/\d{2,4}/.test(text)) kind = 'slash';
  else if (/^\d{9,19}(\.\d+)?$/.test(text)) kind = 'epoch';
  if (!kind) return null;
  const format: TimeFormat = { kind, dayFirst: false, example: text };
  // Validate on the sample itself; a day-first slash date is detected while reading rows.
  const reader = new TimeReader(format, null);
  if (!Number.isNaN(reader.read(text, 0, text.length))) return format;
  if (kind === 'slash' && reader.dayFirstEvidence) {
    const dayFirst: TimeFormat = { kind, dayFirst: true, example: text };
    if (!Number.isNaN(new TimeReader(dayFirst, null).read(text, 0, text.length))) return dayFirst;
  }
  return null;
}

const CLOCK_PATTERN = /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** A cell that is only a time of day (`09:30`, `16:00:00`), as in files with a separate time column. */
export function isClockCell(cell: string): boolean {
  return CLOCK_PATTERN.test(cell.trim());
}

/**
 * Reads cells of one format into epoch milliseconds (UTC). Returns NaN for a cell it cannot read,
 * with `failure` saying why. Wall-clock times without an offset are placed in `clock`'s zone.
 */
export class TimeReader {
  /** Why the last read returned NaN. */
  failure = '';
  /** A slash date whose first number exceeds 12 was seen (month/day cannot be right). */
  dayFirstEvidence = false;
  /** A slash date whose second number exceeds 12 was seen (day/month cannot be right). */
  monthFirstEvidence = false;
  /** Some cell carried `Z`/`UTC`. */
  sawUtcDesignator = false;
  /** Some cell carried a numeric offset, or was an epoch number. */
  sawOffset = false;
  /** Some cell had a time of day (an instant rather than a calendar date). */
  sawTime = false;

  private p = 0;
  private year = 0;
  private month = 0;
  private day = 0;
  private hour = 0;
  private minute = 0;
  private second = 0;
  private millisecond = 0;
  private offsetMinutes = Number.NaN;
  private hasTime = false;

  constructor(
    readonly format: TimeFormat,
    private readonly clock: ZoneClock | null,
  ) {}

  read(text: string, start: number, end: number): number {
    while (start < end && text.charCodeAt(start) === 32) start++;
    while (end > start && text.charCodeAt(end - 1) === 32) end--;
    this.p = start;
    this.hour = this.minute = this.second = this.millisecond = 0;
    this.offsetMinutes = Number.NaN;
    this.hasTime = false;
    let ok: boolean;
    switch (this.format.kind) {
      case 'iso': ok = this.readIso(text, end); break;
      case 'compact': ok = this.readCompact(text, end); break;
      case 'day-month-name': ok = this.readDayMonthName(text, end); break;
      case 'slash': ok = this.readSlash(text, end); break;
      case 'epoch': return this.readEpoch(text, start, end);
    }
    if (!ok) return Number.NaN;
    if (this.p !== end) return this.failNaN('unexpected text after the date');
    return this.resolve();
  }

  /** A date cell and a separate time-of-day cell. */
  readSplit(text: string, dateStart: number, dateEnd: number, clockStart: number, clockEnd: number): number {
    const dateOnly = this.read(text, dateStart, dateEnd);
    if (Number.isNaN(dateOnly)) return dateOnly;
    if (this.hasTime) return this.failNaN('the date cell already has a time, and the file has a separate time column');
    while (clockStart < clockEnd && text.charCodeAt(clockStart) === 32) clockStart++;
    while (clockEnd > clockStart && text.charCodeAt(clockEnd - 1) === 32) clockEnd--;
    this.p = clockStart;
    if (clockEnd - clockStart === 4 || clockEnd - clockStart === 6) {
      if (!this.readCompactClock(text, clockEnd)) return Number.NaN;
    } else if (!this.readClock(text, clockEnd)) return Number.NaN;
    if (this.p !== clockEnd) return this.failNaN('unexpected text after the time of day');
    return this.resolve();
  }

  private fail(reason: string): false {
    this.failure = reason;
    return false;
  }

  private failNaN(reason: string): number {
    this.failure = reason;
    return Number.NaN;
  }

  private digits(text: string, end: number, min: number, max: number): number {
    let value = 0;
    let count = 0;
    let p = this.p;
    while (p < end && count < max) {
      const d = text.charCodeAt(p) - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      count++;
      p++;
    }
    if (count < min) return -1;
    this.p = p;
    return value;
  }

  private expect(text: string, end: number, code: number): boolean {
    if (this.p < end && text.charCodeAt(this.p) === code) {
      this.p++;
      return true;
    }
    return false;
  }

  private readIso(text: string, end: number): boolean {
    this.year = this.digits(text, end, 4, 4);
    if (this.year < 0) return this.fail('expected a four-digit year');
    const separator = text.charCodeAt(this.p);
    if (separator !== 45 && separator !== 47) return this.fail('expected "-" after the year');
    this.p++;
    this.month = this.digits(text, end, 1, 2);
    if (this.month < 0 || !this.expect(text, end, separator)) return this.fail('expected a month');
    this.day = this.digits(text, end, 1, 2);
    if (this.day < 0) return this.fail('expected a day of the month');
    if (this.p === end) return true;
    const code = text.charCodeAt(this.p);
    if (code !== 84 && code !== 116 && code !== 32) return this.fail('expected "T" or a space before the time');
    this.p++;
    if (!this.readClock(text, end)) return false;
    return this.readOffset(text, end);
  }

  private readCompact(text: string, end: number): boolean {
    const ymd = this.digits(text, end, 8, 8);
    if (ymd < 0) return this.fail('expected eight digits yyyymmdd');
    this.year = Math.floor(ymd / 10000);
    this.month = Math.floor(ymd / 100) % 100;
    this.day = ymd % 100;
    if (this.p === end) return true;
    const code = text.charCodeAt(this.p);
    if (code !== 84 && code !== 32 && code !== 45) return this.fail('expected a space before the time');
    this.p++;
    const mark = this.p;
    const run = this.digits(text, end, 1, 6);
    if (run >= 0 && this.p - mark >= 4 && (this.p === end || text.charCodeAt(this.p) !== 58)) {
      this.p = mark;
      return this.readCompactClock(text, end) && this.readOffset(text, end);
    }
    this.p = mark;
    return this.readClock(text, end) && this.readOffset(text, end);
  }

  private readDayMonthName(text: string, end: number): boolean {
    this.day = this.digits(text, end, 1, 2);
    if (this.day < 0) return this.fail('expected a day of the month');
    const separator = text.charCodeAt(this.p);
    if (separator !== 45 && separator !== 32 && separator !== 47) return this.fail('expected "-" after the day');
    this.p++;
    const nameStart = this.p;
    while (this.p < end) {
      const code = text.charCodeAt(this.p) | 32;
      if (code < 97 || code > 122) break;
      this.p++;
    }
    if (this.p - nameStart < 3) return this.fail('expected a month name such as "Feb"');
    const month = MONTHS[text.slice(nameStart, nameStart + 3).toLowerCase()];
    if (month === undefined) return this.fail(`"${text.slice(nameStart, this.p)}" is not a month name`);
    this.month = month;
    if (!this.expect(text, end, separator)) return this.fail('expected a separator after the month');
    if (!this.readYear(text, end)) return false;
    if (this.p === end) return true;
    if (!this.expect(text, end, 32)) return this.fail('expected a space before the time');
    return this.readClock(text, end) && this.readMeridiem(text, end);
  }

  private readSlash(text: string, end: number): boolean {
    const first = this.digits(text, end, 1, 2);
    if (first < 0 || !this.expect(text, end, 47)) return this.fail('expected a date like 02/23/2018');
    const second = this.digits(text, end, 1, 2);
    if (second < 0 || !this.expect(text, end, 47)) return this.fail('expected a date like 02/23/2018');
    if (!this.readYear(text, end)) return false;
    if (first > 12 && second <= 12) this.dayFirstEvidence = true;
    if (second > 12 && first <= 12) this.monthFirstEvidence = true;
    if (this.format.dayFirst) {
      this.day = first;
      this.month = second;
    } else {
      this.month = first;
      this.day = second;
    }
    if (this.p === end) return true;
    if (!this.expect(text, end, 32)) return this.fail('expected a space before the time');
    return this.readClock(text, end) && this.readMeridiem(text, end);
  }

  private readYear(text: string, end: number): boolean {
    const mark = this.p;
    const year = this.digits(text, end, 2, 4);
    const width = this.p - mark;
    if (year < 0 || width === 3) return this.fail('expected a two- or four-digit year');
    this.year = width === 2 ? (year < TWO_DIGIT_YEAR_PIVOT ? 2000 + year : 1900 + year) : year;
    return true;
  }

  private readClock(text: string, end: number): boolean {
    this.hour = this.digits(text, end, 1, 2);
    if (this.hour < 0 || !this.expect(text, end, 58)) return this.fail('expected a time such as 09:30');
    this.minute = this.digits(text, end, 2, 2);
    if (this.minute < 0) return this.fail('expected two-digit minutes');
    if (this.expect(text, end, 58)) {
      this.second = this.digits(text, end, 2, 2);
      if (this.second < 0) return this.fail('expected two-digit seconds');
      if (this.expect(text, end, 46)) this.readFraction(text, end);
    }
    this.hasTime = true;
    return true;
  }

  private readCompactClock(text: string, end: number): boolean {
    const mark = this.p;
    const run = this.digits(text, end, 4, 6);
    const width = this.p - mark;
    if (run < 0 || width === 5) return this.fail('expected a time hhmm or hhmmss');
    if (width === 6) {
      this.hour = Math.floor(run / 10000);
      this.minute = Math.floor(run / 100) % 100;
      this.second = run % 100;
    } else {
      this.hour = Math.floor(run / 100);
      this.minute = run % 100;
    }
    if (this.expect(text, end, 46)) this.readFraction(text, end);
    this.hasTime = true;
    return true;
  }

  private readFraction(text: string, end: number): void {
    let scale = 100;
    let ms = 0;
    while (this.p < end) {
      const d = text.charCodeAt(this.p) - 48;
      if (d < 0 || d > 9) break;
      ms += d * scale;
      scale /= 10;
      this.p++;
    }
    this.millisecond = Math.floor(ms);
  }

  private readMeridiem(text: string, end: number): boolean {
    let p = this.p;
    while (p < end && text.charCodeAt(p) === 32) p++;
    if (p + 2 > end) return true;
    const a = text.charCodeAt(p) | 32;
    const m = text.charCodeAt(p + 1) | 32;
    if ((a !== 97 && a !== 112) || m !== 109) return true;
    if (this.hour < 1 || this.hour > 12) return this.fail('hour must be 1–12 with AM/PM');
    if (a === 97 && this.hour === 12) this.hour = 0;
    else if (a === 112 && this.hour !== 12) this.hour += 12;
    this.p = p + 2;
    return true;
  }

  private readOffset(text: string, end: number): boolean {
    while (this.p < end && text.charCodeAt(this.p) === 32) this.p++;
    if (this.p === end) return true;
    const code = text.charCodeAt(this.p);
    if (code === 90 || code === 122) {
      this.p++;
      this.offsetMinutes = 0;
      this.sawUtcDesignator = true;
      return true;
    }
    if (code === 43 || code === 45) {
      this.p++;
      const hours = this.digits(text, end, 2, 2);
      if (hours < 0) return this.fail('expected an offset such as +01:00');
      this.expect(text, end, 58);
      const minutes = this.p < end ? this.digits(text, end, 2, 2) : 0;
      if (minutes < 0) return this.fail('expected an offset such as +01:00');
      this.offsetMinutes = (code === 45 ? -1 : 1) * (hours * 60 + minutes);
      this.sawOffset = true;
      return true;
    }
    const rest = text.slice(this.p, end).toUpperCase();
    if (rest === 'UTC' || rest === 'GMT') {
      this.p = end;
      this.offsetMinutes = 0;
      this.sawUtcDesignator = true;
      return true;
    }
    return this.fail('unexpected text after the time');
  }

  private readEpoch(text: string, start: number, end: number): number {
    let value = 0;
    let p = start;
    while (p < end) {
      const d = text.charCodeAt(p) - 48;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      p++;
    }
    if (p === start) return this.failNaN('expected a number of seconds or milliseconds since 1970');
    if (p < end) {
      if (text.charCodeAt(p) !== 46) return this.failNaN('expected a number of seconds or milliseconds since 1970');
      const fraction = Number(text.slice(p, end));
      if (Number.isNaN(fraction)) return this.failNaN('expected a number of seconds or milliseconds since 1970');
      value += fraction;
    }
    this.sawOffset = true;
    this.sawTime = true;
    // Seconds up to 1e11 (year 5138), then ms, µs, ns.
    if (value < 1e11) return Math.round(value * 1000);
    if (value < 1e14) return Math.round(value);
    if (value < 1e17) return Math.round(value / 1e3);
    return Math.round(value / 1e6);
  }

  private resolve(): number {
    const { year, month, day, hour, minute, second } = this;
    if (month < 1 || month > 12) {
      return this.failNaN(this.format.kind === 'slash' && !this.format.dayFirst && month > 12 ? `month ${month} does not exist (is this a day/month/year date?)` : `month ${month} does not exist`);
    }
    if (day < 1 || day > daysInMonth(year, month)) return this.failNaN(`${year}-${String(month).padStart(2, '0')} has no day ${day}`);
    if (hour > 23 || minute > 59 || second > 59) return this.failNaN('the time of day is out of range');
    const local = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + this.millisecond;
    if (!this.hasTime) return local;
    this.sawTime = true;
    if (!Number.isNaN(this.offsetMinutes)) return local - this.offsetMinutes * 60_000;
    return this.clock ? this.clock.toUtc(local) : local;
  }
}
