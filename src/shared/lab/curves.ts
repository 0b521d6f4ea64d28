/** Equity curves for display: thinned without losing their extremes, and several on one time axis. */

/**
 * Indices of at most `maxPoints` points of `values` that keep its shape: the points are cut into
 * buckets and each bucket keeps its first, lowest, highest and last point (in order), so every
 * peak and trough — and with them the drawdowns — survive. All indices when there are few enough.
 */
export function thinIndices(values: ArrayLike<number>, maxPoints: number): Int32Array {
  const n = values.length;
  if (n <= maxPoints) return Int32Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(maxPoints / 4));
  const kept: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    if (end <= start) continue;
    let low = start;
    let high = start;
    for (let i = start + 1; i < end; i++) {
      if (values[i]! < values[low]!) low = i;
      if (values[i]! > values[high]!) high = i;
    }
    const picks = [start, low, high, end - 1].sort((a, c) => a - c);
    for (const i of picks) if (kept[kept.length - 1] !== i) kept.push(i);
  }
  return Int32Array.from(kept);
}

export interface ThinnedCurve {
  readonly t: number[];
  readonly equity: number[];
  readonly points: number;
  readonly downsampled: boolean;
}

export function thinCurve(t: ArrayLike<number>, equity: ArrayLike<number>, maxPoints: number): ThinnedCurve {
  const keep = thinIndices(equity, maxPoints);
  return { t: Array.from(keep, (i) => t[i]!), equity: Array.from(keep, (i) => equity[i]!), points: equity.length, downsampled: keep.length < equity.length };
}

export interface AlignedCurves {
  readonly t: number[];
  /** Per curve: its latest value at or before each time, null before its first point and after its last. */
  readonly values: (number | null)[][];
}

/**
 * Curves on one time axis: the union of their times (at most `maxPoints`, evenly thinned, the
 * last always kept), each curve carrying its last value forward within its own span.
 */
export function alignCurves(curves: readonly { t: ArrayLike<number>; equity: ArrayLike<number> }[], maxPoints: number): AlignedCurves {
  const all = new Set<number>();
  for (const curve of curves) for (let i = 0; i < curve.t.length; i++) all.add(curve.t[i]!);
  let times = Float64Array.from(all).sort();
  if (times.length > maxPoints) {
    const stride = (times.length - 1) / (maxPoints - 1);
    times = Float64Array.from({ length: maxPoints }, (_, k) => times[Math.round(k * stride)]!);
  }
  const values = curves.map((curve) => {
    const out: (number | null)[] = new Array<number | null>(times.length).fill(null);
    const n = curve.t.length;
    if (n === 0) return out;
    const first = curve.t[0]!;
    const last = curve.t[n - 1]!;
    let i = 0;
    for (let k = 0; k < times.length; k++) {
      const u = times[k]!;
      if (u < first || u > last) continue;
      while (i + 1 < n && curve.t[i + 1]! <= u) i++;
      out[k] = curve.equity[i]!;
    }
    return out;
  });
  return { t: Array.from(times), values };
}
