import type { BarSeries } from '../engine/bar-series';

/**
 * The clock of a multi-symbol backtest: every distinct bar time of every symbol, ascending, and at
 * each step the symbols that have a bar then (`symbols[offsets[k] .. offsets[k+1])`).
 */
export interface Timeline {
  readonly t: Float64Array;
  readonly offsets: Int32Array;
  readonly symbols: Int32Array;
}

export function alignTimeline(series: readonly BarSeries[]): Timeline {
  const n = series.length;
  let total = 0;
  for (const s of series) total += s.length;
  const t = new Float64Array(total);
  const offsets = new Int32Array(total + 1);
  const symbols = new Int32Array(total);
  const cursor = new Int32Array(n);
  let steps = 0;
  let filled = 0;
  for (;;) {
    let next = Infinity;
    for (let s = 0; s < n; s++) {
      const i = cursor[s]!;
      if (i < series[s]!.length && series[s]!.t[i]! < next) next = series[s]!.t[i]!;
    }
    if (next === Infinity) break;
    t[steps] = next;
    offsets[steps] = filled;
    for (let s = 0; s < n; s++) {
      const i = cursor[s]!;
      if (i < series[s]!.length && series[s]!.t[i] === next) {
        symbols[filled++] = s;
        cursor[s] = i + 1;
      }
    }
    steps++;
  }
  offsets[steps] = filled;
  return { t: t.slice(0, steps), offsets: offsets.slice(0, steps + 1), symbols: symbols.slice(0, filled) };
}
