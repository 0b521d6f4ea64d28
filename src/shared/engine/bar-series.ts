import type { Bar, BarColumns } from '../domain/bar';
import { sessionDayKeys } from '../indicators/volume';

const DAY_MS = 86_400_000;

/**
 * One symbol's bars as growable columns, with the trading session of each bar. A backtest wraps
 * the stored columns without copying; the live host appends bars as they close.
 *
 * The session key is the bar's date in `sessionTimeZone` (days since 1970): daily bars, stamped at
 * 00:00 UTC of their date, use 'UTC'; intraday US bars use 'America/New_York', so the
 * 09:30–16:00 ET session (and its extended hours) is one key.
 */
export class BarSeries {
  readonly symbol: string;
  readonly sessionTimeZone: string;
  t: Float64Array;
  o: Float64Array;
  h: Float64Array;
  l: Float64Array;
  c: Float64Array;
  v: Float64Array;
  /** Session keys of a zoned series; null for 'UTC', whose key is simply ⌊t / day⌋. */
  private session: Float64Array | null;
  length: number;

  private constructor(symbol: string, columns: BarColumns, session: Float64Array | null, length: number, sessionTimeZone: string) {
    this.symbol = symbol;
    this.sessionTimeZone = sessionTimeZone;
    this.t = columns.t;
    this.o = columns.o;
    this.h = columns.h;
    this.l = columns.l;
    this.c = columns.c;
    this.v = columns.v;
    this.session = session;
    this.length = length;
  }

  /** Wraps stored columns (shared, not copied). */
  static fromColumns(symbol: string, columns: BarColumns, sessionTimeZone = 'UTC'): BarSeries {
    const session = sessionTimeZone === 'UTC' ? null : sessionDayKeys(columns.t, sessionTimeZone);
    return new BarSeries(symbol, columns, session, columns.t.length, sessionTimeZone);
  }

  /** An empty series for live bars. */
  static empty(symbol: string, sessionTimeZone: string, capacity = 1024): BarSeries {
    const column = () => new Float64Array(capacity);
    return new BarSeries(symbol, { t: column(), o: column(), h: column(), l: column(), c: column(), v: column() }, sessionTimeZone === 'UTC' ? null : column(), 0, sessionTimeZone);
  }

  /** The trading session (a day number) of bar `i`. */
  sessionAt(i: number): number {
    return this.session === null ? Math.floor(this.t[i]! / DAY_MS) : this.session[i]!;
  }

  /** Appends a bar that starts after the last one. */
  append(bar: Bar): void {
    if (this.length > 0 && !(bar.t > this.t[this.length - 1]!)) {
      throw new Error(`${this.symbol}: bar at ${new Date(bar.t).toISOString()} is not after the last bar`);
    }
    if (this.length === this.t.length) this.grow();
    const i = this.length;
    this.t[i] = bar.t;
    this.o[i] = bar.o;
    this.h[i] = bar.h;
    this.l[i] = bar.l;
    this.c[i] = bar.c;
    this.v[i] = bar.v;
    if (this.session !== null) this.session[i] = sessionDayKeys(Float64Array.of(bar.t), this.sessionTimeZone)[0]!;
    this.length = i + 1;
  }

  private grow(): void {
    const capacity = Math.max(16, this.t.length * 2);
    const grown = (old: Float64Array) => {
      const next = new Float64Array(capacity);
      next.set(old.subarray(0, this.length));
      return next;
    };
    this.t = grown(this.t);
    this.o = grown(this.o);
    this.h = grown(this.h);
    this.l = grown(this.l);
    this.c = grown(this.c);
    this.v = grown(this.v);
    if (this.session !== null) this.session = grown(this.session);
  }
}
