/** The bars a chart draws: typed columns, x is the bar index (no gaps for nights and weekends). */
export interface OhlcSeries {
  readonly t: Float64Array;
  readonly o: Float64Array;
  readonly h: Float64Array;
  readonly l: Float64Array;
  readonly c: Float64Array;
  readonly v: Float64Array;
  readonly x: Float64Array;
}

export function toOhlcSeries(bars: { t: number[]; o: number[]; h: number[]; l: number[]; c: number[]; v: number[] }): OhlcSeries {
  const n = bars.t.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = i;
  return {
    t: Float64Array.from(bars.t),
    o: Float64Array.from(bars.o),
    h: Float64Array.from(bars.h),
    l: Float64Array.from(bars.l),
    c: Float64Array.from(bars.c),
    v: Float64Array.from(bars.v),
    x,
  };
}

/** One price per bar (o = h = l = c everywhere): draw a line, not dots. */
export function isClosesOnly(s: OhlcSeries): boolean {
  for (let i = 0; i < s.c.length; i++) if (s.o[i] !== s.c[i] || s.h[i] !== s.c[i] || s.l[i] !== s.c[i]) return false;
  return s.c.length > 0;
}

export function hasVolume(s: OhlcSeries): boolean {
  for (let i = 0; i < s.v.length; i++) if (s.v[i]! > 0) return true;
  return false;
}
