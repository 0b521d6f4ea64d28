import type { Bar } from '../domain/bar';
import { parseTimeframe } from '../domain/timeframe';
import { MS_PER_DAY } from './civil-days';
import { sessionContaining, US_EQUITY_SESSIONS, type Session, type SessionCalendar } from './us-equity-session';

/**
 * Live bars of larger sizes built from 1-minute bars (Alpaca's stream sends minutes only), aligned
 * to the regular US equity session.
 *
 * Buckets:
 * - `NMin` and `NHour`: consecutive buckets of N minutes from the open (09:30 ET); the last one ends
 *   at the close, so it is shorter when the session is not a multiple of N (1Hour: 15:30–16:00; on
 *   a half day 12:30–13:00). Stamped at the bucket's start (epoch ms UTC), as stored intraday bars.
 * - `1Day`: the whole regular session, stamped at 00:00 UTC of its New York date, as stored daily bars.
 * - No bucket spans a session boundary. Minutes outside the regular session (pre- and after-market)
 *   are left out (counted); the minute dataset keeps them.
 *
 * OHLCV: open of the first minute, high the max, low the min, close of the last minute, volume the sum.
 *
 * When a bar is emitted (never twice; a bucket whose end is at or before the last emitted one's is closed for good):
 * 1. at once, when its last minute arrives (the minute whose end is the bucket's end);
 * 2. when a minute of a later bucket arrives (the bucket's last minutes had no trades);
 * 3. by `flushDue(now)`, once `now ≥ end + grace`, for a quiet symbol with no later minute (the
 *    owner calls it on a timer, and only while the stream is known complete: connected, no
 *    backfill running).
 *
 * Late minutes: a minute of a bucket already emitted is ignored and reported (`late`), never a
 * correction; a minute at or before the last one folded is a duplicate and ignored.
 *
 * Completeness: a bucket is built only when every minute of it can have been seen: its start must
 * be at or after `coveredFrom` (the owner's first instant from which it has every minute: where the
 * REST backfill started). A bucket that began earlier, or that a gap ran through (`uncovered`), is
 * dropped (`partial`) rather than emitted with minutes missing.
 *
 * Traded or not: an emitted bar says where the event that completed it came from (`origin`): a live
 * minute, or the timer within `lateAfterMs` of the bucket's end, make a `live` bar; a backfilled
 * minute (after a reconnect) or a late timer make a `backfill` bar, which strategies take as they take
 * backfilled minutes: into their indicators, not traded (see docs/concepts/live-strategies.md).
 */

export type BarOrigin = 'live' | 'backfill';

export type Aggregation = { readonly kind: 'minutes'; readonly minutes: number } | { readonly kind: 'day' };

/** Sessions last 390 minutes at most: a bucket longer than that would be a day. */
const MAX_INTRADAY_MINUTES = 390;
const MINUTE_MS = 60_000;

/** How bars of `timeframe` are built from minutes; null for `1Min` itself and for sizes not built live (weeks, months, N days). */
export function aggregationOf(timeframe: string): Aggregation | null {
  const tf = parseTimeframe(timeframe);
  if (!tf) return null;
  if (tf.unit === 'Day') return tf.amount === 1 ? { kind: 'day' } : null;
  const minutes = tf.unit === 'Min' ? tf.amount : tf.unit === 'Hour' ? tf.amount * 60 : 0;
  if (minutes < 2 || minutes > MAX_INTRADAY_MINUTES) return null;
  return { kind: 'minutes', minutes };
}

/** Whether live bars of `timeframe` can be built from minutes (`1Min` passes through as it is). */
export function isBuildableLive(timeframe: string): boolean {
  return timeframe === '1Min' || aggregationOf(timeframe) !== null;
}

function bucketOf(aggregation: Aggregation, t: number, session: Session): [start: number, end: number, stamp: number] {
  if (aggregation.kind === 'day') return [session.open, session.close, session.day * MS_PER_DAY];
  const size = aggregation.minutes * MINUTE_MS;
  const start = session.open + Math.floor((t - session.open) / size) * size;
  return [start, Math.min(start + size, session.close), start];
}

/**
 * The end of the bucket of a stored bar of `timeframe` stamped `t` (its start; 00:00 UTC of the
 * date for `1Day`), so a series resumes after what is stored. NaN when `t` is no bucket of a session.
 */
export function storedBarEnd(timeframe: string, t: number, calendar: SessionCalendar = US_EQUITY_SESSIONS): number {
  const aggregation = aggregationOf(timeframe);
  if (!aggregation) return Number.NaN;
  if (aggregation.kind === 'day') return calendar.session(Math.floor(t / MS_PER_DAY))?.close ?? Number.NaN;
  const session = sessionContaining(t, calendar);
  return session ? bucketOf(aggregation, t, session)[1] : Number.NaN;
}

export interface AggregatedBar extends Bar {
  readonly timeframe: string;
  /** The bucket's first and end instants (epoch ms UTC); `t` is `start`, or 00:00 UTC of the date for `1Day`. */
  readonly start: number;
  readonly end: number;
  /** Minutes folded into it. */
  readonly minutes: number;
  readonly origin: BarOrigin;
  /** What completed it: its last minute, a minute of a later bucket, or the timer. */
  readonly completedBy: 'last-minute' | 'next-minute' | 'timer';
}

/** What became of one minute offered to a series. */
export type MinuteOutcome = 'folded' | 'outside-session' | 'duplicate' | 'late' | 'partial';

export interface BucketSeriesOptions {
  readonly timeframe: string;
  readonly calendar?: SessionCalendar;
  /** First instant from which every minute is seen (default: all of them). */
  readonly coveredFrom?: number;
  /** End of the last bar already stored for this series: nothing ending at or before it is built again. */
  readonly emittedThrough?: number;
  /** Wait after a bucket's end before the timer closes it (default 20 s). */
  readonly graceMs?: number;
  /** A timer close later than this after the bucket's end makes a `backfill` bar (default 60 s). */
  readonly lateAfterMs?: number;
}

interface OpenBucket {
  readonly start: number;
  readonly end: number;
  readonly stamp: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  lastMinute: number;
  minutes: number;
}

/** One symbol at one bar size: minutes in, complete bars out. */
export class BucketSeries {
  readonly timeframe: string;
  readonly aggregation: Aggregation;
  private readonly calendar: SessionCalendar;
  private readonly graceMs: number;
  private readonly lateAfterMs: number;
  private coveredFrom: number;
  private emittedThrough: number;
  private open: OpenBucket | null = null;
  private partialStart = Number.NaN;

  constructor(options: BucketSeriesOptions) {
    const aggregation = aggregationOf(options.timeframe);
    if (!aggregation) throw new RangeError(`live bars of ${options.timeframe} cannot be built from minutes`);
    this.timeframe = options.timeframe;
    this.aggregation = aggregation;
    this.calendar = options.calendar ?? US_EQUITY_SESSIONS;
    this.coveredFrom = options.coveredFrom ?? Number.NEGATIVE_INFINITY;
    this.emittedThrough = options.emittedThrough ?? Number.NEGATIVE_INFINITY;
    this.graceMs = options.graceMs ?? 20_000;
    this.lateAfterMs = options.lateAfterMs ?? 60_000;
  }

  /** The bucket being built: its start, end and minutes so far (null when none). */
  get pending(): { readonly start: number; readonly end: number; readonly minutes: number } | null {
    return this.open ? { start: this.open.start, end: this.open.end, minutes: this.open.minutes } : null;
  }

  /** End of the last bar emitted (or stored before). */
  get lastEmittedEnd(): number {
    return this.emittedThrough;
  }

  /** Start of the last bucket found partial (NaN: none), so an owner can say so once per bucket. */
  get lastPartialStart(): number {
    return this.partialStart;
  }

  /**
   * One minute bar (`minute.t` its start). Bars it completes are pushed to `out` (the bucket it
   * closes, then possibly its own when it is the last minute of its bucket).
   */
  offer(minute: Bar, origin: BarOrigin, out: AggregatedBar[]): MinuteOutcome {
    const session = sessionContaining(minute.t, this.calendar);
    if (!session) return 'outside-session';
    const [start, end, stamp] = this.bucketOf(minute.t, session);
    if (end <= this.emittedThrough) return 'late';
    const open = this.open;
    if (open && start < open.start) return 'late';
    if (open && start === open.start && minute.t <= open.lastMinute) return 'duplicate';
    if (open && start > open.start) this.emit(out, origin, 'next-minute');
    if (start < this.coveredFrom) {
      this.partialStart = start;
      return 'partial';
    }
    let bucket = this.open;
    if (!bucket) {
      bucket = { start, end, stamp, o: minute.o, h: minute.h, l: minute.l, c: minute.c, v: 0, lastMinute: minute.t, minutes: 0 };
      this.open = bucket;
    }
    if (minute.h > bucket.h) bucket.h = minute.h;
    if (minute.l < bucket.l) bucket.l = minute.l;
    bucket.c = minute.c;
    bucket.v += minute.v;
    bucket.lastMinute = minute.t;
    bucket.minutes++;
    if (minute.t + MINUTE_MS >= end) this.emit(out, origin, 'last-minute');
    return 'folded';
  }

  /** Closes the open bucket when `now` is past its end by the grace (a quiet symbol). */
  flushDue(now: number, out: AggregatedBar[]): void {
    const open = this.open;
    if (!open || now < open.end + this.graceMs) return;
    this.emit(out, now - open.end <= this.lateAfterMs ? 'live' : 'backfill', 'timer');
  }

  /**
   * Minutes from `from` until `until` may be missing (a backfill failed): the open bucket is dropped
   * if the gap touches it, and nothing starting before `until` is built.
   */
  uncovered(from: number, until: number): void {
    if (this.open && this.open.end > from) {
      this.partialStart = this.open.start;
      this.open = null;
    }
    this.coveredFrom = Math.max(this.coveredFrom, until);
  }

  private bucketOf(t: number, session: Session): [start: number, end: number, stamp: number] {
    return bucketOf(this.aggregation, t, session);
  }

  private emit(out: AggregatedBar[], origin: BarOrigin, completedBy: AggregatedBar['completedBy']): void {
    const b = this.open!;
    this.open = null;
    this.emittedThrough = b.end;
    out.push({ timeframe: this.timeframe, t: b.stamp, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, start: b.start, end: b.end, minutes: b.minutes, origin, completedBy });
  }
}
