import { zonedTimeToUtc, zoneOffsetMinutes } from '../domain/time-format';

const knownZones = new Set<string>(['UTC']);

/** True when the platform's time-zone database knows this IANA name. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (knownZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    knownZones.add(timeZone);
    return true;
  } catch {
    return false;
  }
}

const clocks = new Map<string, ZoneClock>();

/**
 * The shared clock of a zone. Offsets depend only on the tz database, so one clock per zone serves
 * the whole process and its cache keeps paying off across imports.
 */
export function zoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (!clock) clocks.set(timeZone, (clock = new ZoneClock(timeZone)));
  return clock;
}

const WEEK_MS = 7 * 86_400_000;

/** A week of one zone: offset `before` until instant `change`, then `after` (equal when nothing changes). */
interface WeekOffsets {
  readonly before: number;
  readonly after: number;
  readonly change: number;
}

/**
 * Converts between instants and wall-clock times of one time zone, fast enough for millions of
 * rows. Asking Intl for an offset costs microseconds, so offsets are kept per week: the offsets at
 * the week's two ends, and when they differ, the instant of the change, found by bisection to the
 * second. Relies on a zone changing its offset at most once in any seven days, which holds for
 * every zone in the tz database.
 */
export class ZoneClock {
  private readonly weeks = new Map<number, WeekOffsets>();
  private readonly startOffsets = new Map<number, number>();
  private lastWeek = Number.NaN;
  private lastOffsets: WeekOffsets = { before: 0, after: 0, change: Infinity };
  readonly isUtc: boolean;

  constructor(readonly timeZone: string) {
    this.isUtc = timeZone === 'UTC' || timeZone === 'Etc/UTC';
  }

  /** Offset from UTC at instant `t`, in minutes (New York in winter: −300). */
  offsetAt(t: number): number {
    if (this.isUtc) return 0;
    const week = Math.floor(t / WEEK_MS);
    let offsets = this.lastOffsets;
    if (week !== this.lastWeek) {
      offsets = this.weeks.get(week) ?? this.loadWeek(week);
      this.lastWeek = week;
      this.lastOffsets = offsets;
    }
    return t < offsets.change ? offsets.before : offsets.after;
  }

  private offsetAtWeekStart(week: number): number {
    let offset = this.startOffsets.get(week);
    if (offset === undefined) {
      offset = zoneOffsetMinutes(week * WEEK_MS, this.timeZone);
      this.startOffsets.set(week, offset);
    }
    return offset;
  }

  private loadWeek(week: number): WeekOffsets {
    const before = this.offsetAtWeekStart(week);
    const after = this.offsetAtWeekStart(week + 1);
    let change = Infinity;
    if (before !== after) {
      let low = week * WEEK_MS;
      let high = low + WEEK_MS;
      while (high - low > 1000) {
        const middle = low + Math.floor((high - low) / 2000) * 1000;
        if (zoneOffsetMinutes(middle, this.timeZone) === before) low = middle;
        else high = middle;
      }
      change = high;
    }
    const offsets = { before, after, change };
    this.weeks.set(week, offsets);
    return offsets;
  }

  /** The wall-clock reading at instant `t`, as milliseconds on a UTC-like scale. */
  toLocal(t: number): number {
    return t + this.offsetAt(t) * 60_000;
  }

  /**
   * The instant at which the wall clock reads `local` (milliseconds on a UTC-like scale). A time
   * skipped or repeated by a daylight-saving change resolves as `zonedTimeToUtc` resolves it.
   */
  toUtc(local: number): number {
    if (this.isUtc) return local;
    const guess = local - this.offsetAt(local) * 60_000;
    if (this.toLocal(guess) === local) return guess;
    const second = local - this.offsetAt(guess) * 60_000;
    if (this.toLocal(second) === local) return second;
    const d = new Date(local);
    return zonedTimeToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), this.timeZone) + d.getUTCMilliseconds();
  }
}
