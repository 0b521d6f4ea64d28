import type { OhlcSeries } from './ohlc';

/** Bars of `series` that start at or before `t` (views of the same columns, nothing copied). */
export function seriesUpTo(series: OhlcSeries, t: number): OhlcSeries {
  let lo = 0;
  let hi = series.t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series.t[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  if (lo === series.t.length) return series;
  return {
    t: series.t.subarray(0, lo),
    o: series.o.subarray(0, lo),
    h: series.h.subarray(0, lo),
    l: series.l.subarray(0, lo),
    c: series.c.subarray(0, lo),
    v: series.v.subarray(0, lo),
    x: series.x.subarray(0, lo),
  };
}
