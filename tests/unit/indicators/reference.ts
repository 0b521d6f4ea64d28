/**
 * Straightforward O(n·period) definitions of each indicator, written independently of the
 * incremental code (no ring buffers, no running sums, each window recomputed from scratch),
 * to check it on real data. Conventions are the ones documented in src/shared/indicators.
 */

function nans(n: number): number[] {
  return new Array<number>(n).fill(NaN);
}

function windowOf(xs: ArrayLike<number>, end: number, period: number): number[] {
  const out: number[] = [];
  for (let j = end - period + 1; j <= end; j++) out.push(xs[j]!);
  return out;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function refSma(xs: ArrayLike<number>, period: number): number[] {
  const out = nans(xs.length);
  for (let i = period - 1; i < xs.length; i++) out[i] = mean(windowOf(xs, i, period));
  return out;
}

/** Exponential average seeded by the first `period` inputs' mean, recursion avg = a·x + (1−a)·avg. */
function refSeededExponential(xs: ArrayLike<number>, period: number, alpha: number): number[] {
  const out = nans(xs.length);
  if (xs.length < period) return out;
  let avg = mean(windowOf(xs, period - 1, period));
  out[period - 1] = avg;
  for (let i = period; i < xs.length; i++) {
    avg = alpha * xs[i]! + (1 - alpha) * avg;
    out[i] = avg;
  }
  return out;
}

export function refEma(xs: ArrayLike<number>, period: number): number[] {
  return refSeededExponential(xs, period, 2 / (period + 1));
}

export function refWma(xs: ArrayLike<number>, period: number): number[] {
  const out = nans(xs.length);
  const denominator = (period * (period + 1)) / 2;
  for (let i = period - 1; i < xs.length; i++) {
    let s = 0;
    for (let k = 0; k < period; k++) s += (k + 1) * xs[i - period + 1 + k]!;
    out[i] = s / denominator;
  }
  return out;
}

export function refRsi(xs: ArrayLike<number>, period: number): number[] {
  const out = nans(xs.length);
  const gains: number[] = [];
  const losses: number[] = [];
  for (let i = 1; i < xs.length; i++) {
    const d = xs[i]! - xs[i - 1]!;
    gains.push(Math.max(d, 0));
    losses.push(Math.max(-d, 0));
  }
  const g = refSeededExponential(gains, period, 1 / period);
  const l = refSeededExponential(losses, period, 1 / period);
  for (let i = 0; i < gains.length; i++) {
    if (!Number.isNaN(g[i]!)) out[i + 1] = 100 - 100 / (1 + g[i]! / l[i]!);
  }
  return out;
}

export function refPopulationStd(xs: ArrayLike<number>, period: number, ddof = 0): number[] {
  const out = nans(xs.length);
  for (let i = period - 1; i < xs.length; i++) {
    const w = windowOf(xs, i, period);
    const m = mean(w);
    out[i] = Math.sqrt(w.reduce((a, x) => a + (x - m) ** 2, 0) / (period - ddof));
  }
  return out;
}

export function refTrueRange(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>): number[] {
  const out = nans(h.length);
  for (let i = 1; i < h.length; i++) out[i] = Math.max(h[i]! - l[i]!, Math.abs(h[i]! - c[i - 1]!), Math.abs(l[i]! - c[i - 1]!));
  return out;
}

export function refAtr(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, period: number): number[] {
  const tr = refTrueRange(h, l, c).slice(1);
  return [NaN, ...refSeededExponential(tr, period, 1 / period)];
}

export function refStochastic(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, kPeriod: number, dPeriod: number): { k: number[]; d: number[] } {
  const k = nans(h.length);
  for (let i = kPeriod - 1; i < h.length; i++) {
    const hh = Math.max(...windowOf(h, i, kPeriod));
    const ll = Math.min(...windowOf(l, i, kPeriod));
    k[i] = hh > ll ? (100 * (c[i]! - ll)) / (hh - ll) : 50;
  }
  const d = nans(h.length);
  for (let i = kPeriod + dPeriod - 2; i < h.length; i++) d[i] = mean(windowOf(k, i, dPeriod));
  return { k, d };
}

/** Wilder's original bookkeeping with running SUMS (S = S − S/n + x), not averages. */
export function refAdx(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, n: number): { plusDi: number[]; minusDi: number[]; adx: number[] } {
  const len = h.length;
  const plusDi = nans(len);
  const minusDi = nans(len);
  const adx = nans(len);
  const tr: number[] = [];
  const pdm: number[] = [];
  const mdm: number[] = [];
  for (let i = 1; i < len; i++) {
    const up = h[i]! - h[i - 1]!;
    const down = l[i - 1]! - l[i]!;
    pdm.push(up > down && up > 0 ? up : 0);
    mdm.push(down > up && down > 0 ? down : 0);
    tr.push(Math.max(h[i]! - l[i]!, Math.abs(h[i]! - c[i - 1]!), Math.abs(l[i]! - c[i - 1]!)));
  }
  let sTr = 0;
  let sP = 0;
  let sM = 0;
  const dx: number[] = [];
  for (let j = 0; j < tr.length; j++) {
    if (j < n) {
      sTr += tr[j]!;
      sP += pdm[j]!;
      sM += mdm[j]!;
      if (j < n - 1) continue;
    } else {
      sTr = sTr - sTr / n + tr[j]!;
      sP = sP - sP / n + pdm[j]!;
      sM = sM - sM / n + mdm[j]!;
    }
    const p = (100 * sP) / sTr;
    const m = (100 * sM) / sTr;
    plusDi[j + 1] = p;
    minusDi[j + 1] = m;
    dx.push(p + m > 0 ? (100 * Math.abs(p - m)) / (p + m) : 0);
  }
  const smoothed = refSeededExponential(dx, n, 1 / n);
  for (let k = 0; k < smoothed.length; k++) if (!Number.isNaN(smoothed[k]!)) adx[k + n] = smoothed[k]!;
  return { plusDi, minusDi, adx };
}

export function refOls(y: ArrayLike<number>, x: ArrayLike<number>, period: number): { slope: number[]; intercept: number[]; correlation: number[] } {
  const slope = nans(y.length);
  const intercept = nans(y.length);
  const correlation = nans(y.length);
  for (let i = period - 1; i < y.length; i++) {
    const wx = windowOf(x, i, period);
    const wy = windowOf(y, i, period);
    const mx = mean(wx);
    const my = mean(wy);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let k = 0; k < period; k++) {
      sxy += (wx[k]! - mx) * (wy[k]! - my);
      sxx += (wx[k]! - mx) ** 2;
      syy += (wy[k]! - my) ** 2;
    }
    slope[i] = sxy / sxx;
    intercept[i] = my - (sxy / sxx) * mx;
    correlation[i] = sxy / Math.sqrt(sxx * syy);
  }
  return { slope, intercept, correlation };
}

/** Largest |a − b| / max(1, |b|) over the positions where the reference is defined; both must agree on NaN. */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) throw new Error(`index ${i}: got ${a}, expected ${e}`);
      continue;
    }
    worst = Math.max(worst, Math.abs(a - e) / Math.max(1, Math.abs(e)));
  }
  return worst;
}
