import { REGIME_COUNT, type RegimeName } from '../../shared/domain/regime';
import type { RegimeSeries } from '../../shared/ipc/services/regime';

/** A label change placed on the chart's x: the bar index where the new label starts. */
export interface BandTransition {
  readonly index: number;
  readonly t: number;
  readonly from: RegimeName;
  readonly to: RegimeName;
}

/**
 * The bank's per-bar output laid on the chart's bars (x = bar index), as flat columns.
 * Bars the bank has no row for (it is still catching up, or the bars changed under it) have
 * label −1 and NaN probabilities: the band leaves them blank rather than guess.
 */
export interface AlignedRegime {
  readonly length: number;
  /** Regime k's probability at bar i is `p[k * length + i]`. */
  readonly p: Float64Array;
  /** Displayed label index per bar; −1 where the bank has no row for the bar. */
  readonly label: Int8Array;
  /** 1 where the bar arrived, 0 where it was due but missing (the probabilities are the prediction). */
  readonly observed: Uint8Array;
  readonly transitions: readonly BandTransition[];
  /** Bars with a regime row. */
  readonly matched: number;
  /** Regime rows at times no bar has (left out). */
  readonly unmatched: number;
}

function strictlyAscending(t: ArrayLike<number>): boolean {
  for (let i = 1; i < t.length; i++) if (!(t[i]! > t[i - 1]!)) return false;
  return true;
}

/** Index of `t` in ascending `times`, or −1. */
export function indexOfTime(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = times[mid]!;
    if (v === t) return mid;
    if (v < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Matches regime rows to bars by time. Both normally hold the same times one to one; when they
 * do not (new bars the bank has not reached yet, a dataset re-imported under it), every bar
 * takes the row of its own time and nothing is shifted.
 */
export function alignRegimeToBars(barT: ArrayLike<number>, series: Pick<RegimeSeries, 't' | 'p' | 'label' | 'observed' | 'transitions'>): AlignedRegime {
  const n = barT.length;
  const m = series.t.length;
  const p = new Float64Array(REGIME_COUNT * n).fill(NaN);
  const label = new Int8Array(n).fill(-1);
  const observed = new Uint8Array(n);
  let matched = 0;
  const place = (i: number, row: number): void => {
    for (let k = 0; k < REGIME_COUNT; k++) p[k * n + i] = series.p[k]?.[row] ?? NaN;
    label[i] = series.label[row] ?? -1;
    observed[i] = series.observed[row] === false ? 0 : 1;
    matched++;
  };
  const barsAscending = strictlyAscending(barT);
  if (barsAscending && strictlyAscending(series.t)) {
    let row = 0;
    for (let i = 0; i < n && row < m; i++) {
      const t = barT[i]!;
      while (row < m && series.t[row]! < t) row++;
      if (row < m && series.t[row] === t) place(i, row++);
    }
  } else {
    const rows = new Map<number, number>();
    series.t.forEach((t, row) => rows.set(t, row));
    for (let i = 0; i < n; i++) {
      const row = rows.get(barT[i]!);
      if (row !== undefined) place(i, row);
    }
  }
  let barIndex = (t: number): number => indexOfTime(barT, t);
  if (!barsAscending) {
    const bars = new Map<number, number>();
    for (let i = 0; i < n; i++) if (!bars.has(barT[i]!)) bars.set(barT[i]!, i);
    barIndex = (t) => bars.get(t) ?? -1;
  }
  const transitions: BandTransition[] = [];
  for (const tr of series.transitions) {
    const index = barIndex(tr.t);
    if (index >= 0) transitions.push({ index, t: tr.t, from: tr.from, to: tr.to });
  }
  return { length: n, p, label, observed, transitions, matched, unmatched: m - matched };
}
