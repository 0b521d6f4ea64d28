/**
 * One OHLCV bar. `t` is the bar's start as epoch milliseconds (UTC). Daily bars are stamped at
 * 00:00 UTC of their trading date, so a daily bar's date is `new Date(t).toISOString().slice(0, 10)`.
 */
export interface Bar {
  readonly t: number;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
}

/**
 * Bars as columns of numbers, the way uPlot and the engines want them: no object per bar.
 * All arrays have the same length; `t` ascends strictly.
 */
export interface BarColumns {
  readonly t: Float64Array;
  readonly o: Float64Array;
  readonly h: Float64Array;
  readonly l: Float64Array;
  readonly c: Float64Array;
  readonly v: Float64Array;
}

export function allocateBarColumns(length: number): BarColumns {
  return {
    t: new Float64Array(length),
    o: new Float64Array(length),
    h: new Float64Array(length),
    l: new Float64Array(length),
    c: new Float64Array(length),
    v: new Float64Array(length),
  };
}

export function barColumnsLength(columns: BarColumns): number {
  return columns.t.length;
}

export function barAt(columns: BarColumns, index: number): Bar {
  return {
    t: columns.t[index]!,
    o: columns.o[index]!,
    h: columns.h[index]!,
    l: columns.l[index]!,
    c: columns.c[index]!,
    v: columns.v[index]!,
  };
}

export function barColumnsFromBars(bars: readonly Bar[]): BarColumns {
  const columns = allocateBarColumns(bars.length);
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i]!;
    columns.t[i] = bar.t;
    columns.o[i] = bar.o;
    columns.h[i] = bar.h;
    columns.l[i] = bar.l;
    columns.c[i] = bar.c;
    columns.v[i] = bar.v;
  }
  return columns;
}

export function sliceBarColumns(columns: BarColumns, start: number, end: number): BarColumns {
  return {
    t: columns.t.subarray(start, end),
    o: columns.o.subarray(start, end),
    h: columns.h.subarray(start, end),
    l: columns.l.subarray(start, end),
    c: columns.c.subarray(start, end),
    v: columns.v.subarray(start, end),
  };
}
