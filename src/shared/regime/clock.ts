import { z } from 'zod';
import { InputError } from '../errors';
import { MS_PER_DAY } from '../market/civil-days';
import { CALENDAR_NAMES, tradingCalendar, type CalendarName, type TradingCalendar } from '../market/trading-calendar';
import { isKnownTimeZone, zoneClock, type ZoneClock } from '../market/zone-clock';
import { parseTimeframe, TRADING_DAYS_PER_YEAR, type Timeframe } from '../domain/timeframe';

/**
 * How a symbol's bar stream measures elapsed time: dt in years of 252 trading days, and how many
 * bars were due between two bars (for the reception estimate).
 *
 * Rules:
 * - Daily bars (`kDay`): dt = (trading days in (previous date, this date]) / 252, by the stream's
 *   calendar, so Friday → Monday is 1/252 and a Thursday → Monday step over Good Friday is 1/252
 *   with the US equity calendar. A trading day without a bar is a missed bar (1/252 more elapses).
 *   A bar on a non-trading day counts as one bar.
 * - Intraday bars (`kMin`, `kHour`), times are bar starts: time elapses only inside the regular
 *   session (09:30–16:00 New York by default) and each session close crossed adds
 *   `overnightFraction` of a session (0.25 by default: the overnight variance of US equities is
 *   roughly a quarter of a day's). So dt = (session minutes between the two bar closes +
 *   closes crossed × overnightFraction × session minutes) / (252 × session minutes), and one bar
 *   is 1/(252 × bars per session). Bars due = session minutes elapsed / bar minutes (≥ 1):
 *   the overnight gap never counts as missed bars, whole trading days without bars do. A bar
 *   outside the session (extended hours) counts as one bar.
 * - Weekly and monthly bars: dt = weekdays elapsed / 252; bars due from the calendar span.
 */
export const BarClockSpec = z
  .object({
    timeframe: z.string().refine((s) => parseTimeframe(s) !== null, 'a bar size such as 1Min, 1Hour, 1Day'),
    calendar: z.enum(CALENDAR_NAMES).default('us-equity'),
    /** The exchange's zone for session hours (not the zone the data was displayed in). */
    timeZone: z.string().default('America/New_York'),
    sessionOpen: z.string().regex(/^\d{2}:\d{2}$/).default('09:30'),
    sessionClose: z.string().regex(/^\d{2}:\d{2}$/).default('16:00'),
    overnightFraction: z.number().min(0).max(10).default(0.25),
  })
  .strict();
export type BarClockSpec = z.output<typeof BarClockSpec>;
export type BarClockSpecInput = z.input<typeof BarClockSpec>;

/**
 * Measures the step between two bar times: set `from` and `to` (epoch ms, to > from), call
 * `advance()`, read `dt` and `bars`. Fields rather than arguments so nothing is boxed per bar.
 */
export interface BarClock {
  /** Years of trading time one regular bar spans. */
  readonly barDt: number;
  from: number;
  to: number;
  /** Set by `advance`: elapsed trading years (> 0). */
  dt: number;
  /** Set by `advance`: bars due in (from, to], at least 1 (the bar at `to` itself). */
  bars: number;
  advance(): void;
}

function minutesOfClock(text: string): number {
  const [h, m] = text.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function parseBarClockSpec(input: BarClockSpecInput): BarClockSpec {
  const parsed = BarClockSpec.safeParse(input);
  if (!parsed.success) {
    throw new InputError(`invalid bar clock: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'clock'}: ${i.message}`).join('; ')}`);
  }
  const spec = parsed.data;
  if (!isKnownTimeZone(spec.timeZone)) throw new InputError(`invalid bar clock: unknown time zone "${spec.timeZone}" (use an IANA name such as America/New_York)`);
  const open = minutesOfClock(spec.sessionOpen);
  const close = minutesOfClock(spec.sessionClose);
  if (!(close > open && close <= 1440)) throw new InputError(`invalid bar clock: session ${spec.sessionOpen}–${spec.sessionClose} must close after it opens, the same day`);
  return spec;
}

export function createBarClock(input: BarClockSpecInput): BarClock {
  const spec = parseBarClockSpec(input);
  const tf = parseTimeframe(spec.timeframe)!;
  const calendar = tradingCalendar(spec.calendar as CalendarName);
  switch (tf.unit) {
    case 'Day': return new DailyClock(tf, calendar);
    case 'Week':
    case 'Month': return new LongBarClock(tf);
    case 'Min':
    case 'Hour': return new IntradayClock(tf, calendar, spec);
  }
}

abstract class ClockFields {
  from = Number.NaN;
  to = Number.NaN;
  dt = Number.NaN;
  bars = 1;
}

class DailyClock extends ClockFields implements BarClock {
  readonly barDt: number;
  constructor(private readonly tf: Timeframe, private readonly calendar: TradingCalendar) {
    super();
    this.barDt = tf.amount / TRADING_DAYS_PER_YEAR;
  }
  advance(): void {
    const days = Math.max(1, this.calendar.tradingDaysBetween(Math.floor(this.from / MS_PER_DAY), Math.floor(this.to / MS_PER_DAY)));
    this.dt = days / TRADING_DAYS_PER_YEAR;
    this.bars = Math.max(1, Math.round(days / this.tf.amount));
  }
}

const WEEKDAY_CALENDAR = tradingCalendar('weekdays');

class LongBarClock extends ClockFields implements BarClock {
  readonly barDt: number;
  private readonly barDays: number;
  constructor(tf: Timeframe) {
    super();
    this.barDays = tf.unit === 'Week' ? 7 * tf.amount : (365.25 / 12) * tf.amount;
    this.barDt = (this.barDays * 5) / 7 / TRADING_DAYS_PER_YEAR;
  }
  advance(): void {
    const d0 = Math.floor(this.from / MS_PER_DAY);
    const d1 = Math.floor(this.to / MS_PER_DAY);
    this.dt = Math.max(1, WEEKDAY_CALENDAR.tradingDaysBetween(d0, d1)) / TRADING_DAYS_PER_YEAR;
    this.bars = Math.max(1, Math.round((d1 - d0) / this.barDays));
  }
}

class IntradayClock extends ClockFields implements BarClock {
  readonly barDt: number;
  private readonly barMinutes: number;
  private readonly open: number;
  private readonly sessionMinutes: number;
  private readonly overnightMinutes: number;
  private readonly zone: ZoneClock;
  // The instant `locate` looks at, and what it found.
  private probe = Number.NaN;
  private localDay = 0;
  private localMinute = 0;

  constructor(tf: Timeframe, private readonly calendar: TradingCalendar, spec: BarClockSpec) {
    super();
    this.barMinutes = tf.unit === 'Hour' ? 60 * tf.amount : tf.amount;
    this.open = minutesOfClock(spec.sessionOpen);
    this.sessionMinutes = minutesOfClock(spec.sessionClose) - this.open;
    this.overnightMinutes = spec.overnightFraction * this.sessionMinutes;
    this.zone = zoneClock(spec.timeZone);
    this.barDt = this.barMinutes / this.sessionMinutes / TRADING_DAYS_PER_YEAR;
  }

  /** Sets localDay and the minutes of the session elapsed at instant `probe` (0 … session length). */
  private locate(): void {
    const t = this.probe;
    // Minutes, a small integer: nothing is boxed. The zone clock caches offsets per week.
    const local = t + this.zone.offsetAt(t) * 60_000;
    const day = Math.floor(local / MS_PER_DAY);
    const minute = (local - day * MS_PER_DAY) / 60_000 - this.open;
    this.localDay = day;
    this.localMinute = this.calendar.isTradingDay(day) ? Math.min(this.sessionMinutes, Math.max(0, minute)) : 0;
  }

  advance(): void {
    const close = this.barMinutes * 60_000;
    this.probe = this.from + close;
    this.locate();
    const day0 = this.localDay;
    const minute0 = this.localMinute;
    this.probe = this.to + close;
    this.locate();
    const day1 = this.localDay;
    const minute1 = this.localMinute;
    // Trading days in [day0, day1): each contributes a whole session and one close crossed.
    const closes = day1 > day0 ? this.calendar.tradingDaysBetween(day0 - 1, day1 - 1) : 0;
    const sessionElapsed = closes * this.sessionMinutes - minute0 + minute1;
    const bars = Math.round(sessionElapsed / this.barMinutes);
    this.bars = Math.max(1, bars);
    const minutes = Math.max(sessionElapsed + closes * this.overnightMinutes, this.barMinutes);
    this.dt = minutes / this.sessionMinutes / TRADING_DAYS_PER_YEAR;
  }
}
