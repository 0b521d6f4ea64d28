import { RingWindow } from './ring-window';

/** Below this fraction of its recent peak, an updated M2 has lost too many digits to be trusted. */
const COLLAPSE_RATIO = 1e-4;

/**
 * Mean and sum of squared deviations (M2) of the last `period` values, numerically stable for
 * prices far from zero with tiny variance (e.g. 1e6 ± 1e-4).
 *
 * How: values are taken relative to an anchor near the window's mean, the moments are updated
 * Welford-style when a value replaces the oldest (M2 += (x − old)(x − mean' + old − mean)), and once
 * every `period` replacements they are recomputed exactly by two passes over the ring buffer, which
 * also moves the anchor to the current mean. Errors therefore scale with the spread of the window,
 * not with the price level, and cannot accumulate beyond `period` updates. Amortised O(1).
 * When the spread collapses (M2 falls below 1e-4 of its peak since the last recomputation, e.g. a
 * volatile window turning flat) the update has cancelled most of its digits, so the moments are
 * recomputed at once: a flat window then has exactly zero variance, never a rounding residue.
 *
 * Internal building block (not an `Indicator`): non-finite values must be filtered by the caller.
 */
export class RollingMoments {
  readonly period: number;
  /** Sum of squared deviations from the mean. */
  m2 = 0;
  private readonly ring: RingWindow;
  private anchor = 0;
  /** Mean of (x − anchor). */
  private shiftedMean = 0;
  private sinceResync = 0;
  private m2Peak = 0;

  constructor(period: number) {
    this.period = period;
    this.ring = new RingWindow(period);
  }

  /** Number of values in the window (≤ period). */
  get count(): number {
    return this.ring.count;
  }

  get full(): boolean {
    return this.ring.full;
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.anchor + this.shiftedMean;
  }

  /** Variance with `ddof` degrees of freedom removed (0: population, 1: sample); NaN if undefined. */
  variance(ddof: number): number {
    const n = this.count - ddof;
    return n > 0 ? this.m2 / n : NaN;
  }

  push(x: number): void {
    const wasFull = this.ring.full;
    if (this.ring.count === 0) this.anchor = x;
    const oldest = this.ring.push(x);
    if (!wasFull) {
      const y = x - this.anchor;
      const delta = y - this.shiftedMean;
      this.shiftedMean += delta / this.ring.count;
      this.m2 += delta * (y - this.shiftedMean);
      if (this.ring.full) this.resync();
      return;
    }
    if (++this.sinceResync === this.period) {
      this.resync();
      return;
    }
    const y = x - this.anchor;
    const yOld = oldest - this.anchor;
    const meanBefore = this.shiftedMean;
    const change = y - yOld;
    this.shiftedMean = meanBefore + change / this.period;
    this.m2 += change * (y - this.shiftedMean + yOld - meanBefore);
    if (this.m2 > this.m2Peak) this.m2Peak = this.m2;
    else if (this.m2 < this.m2Peak * COLLAPSE_RATIO) this.resync();
  }

  private resync(): void {
    this.sinceResync = 0;
    const values = this.ring.values;
    const n = this.ring.count;
    const origin = values[0]!;
    let shiftedSum = 0;
    for (let i = 0; i < n; i++) shiftedSum += values[i]! - origin;
    const mean = origin + shiftedSum / n;
    let m2 = 0;
    let residual = 0;
    for (let i = 0; i < n; i++) {
      const d = values[i]! - mean;
      m2 += d * d;
      residual += d;
    }
    // Corrected two-pass: removes the first-order effect of the rounding in `mean`.
    this.m2 = Math.max(0, m2 - (residual * residual) / n);
    this.m2Peak = this.m2;
    this.anchor = mean;
    this.shiftedMean = residual / n;
  }

  reset(): void {
    this.ring.reset();
    this.anchor = 0;
    this.shiftedMean = 0;
    this.m2 = 0;
    this.m2Peak = 0;
    this.sinceResync = 0;
  }
}

/**
 * Means, M2 of each side and the co-moment C = Σ(x − x̄)(y − ȳ) of the last `period` pairs, with the
 * same anchoring, Welford-style replacement and periodic exact recomputation as `RollingMoments`.
 * Replacement update, derived from Σxy − n·x̄ȳ: C' = C + (x − x̄')(y − ȳ) − (x_old − x̄')(y_old − ȳ).
 */
export class RollingCoMoments {
  readonly period: number;
  m2x = 0;
  m2y = 0;
  cxy = 0;
  private readonly xs: RingWindow;
  private readonly ys: RingWindow;
  private anchorX = 0;
  private anchorY = 0;
  private meanX = 0;
  private meanY = 0;
  private sinceResync = 0;
  private m2xPeak = 0;
  private m2yPeak = 0;

  constructor(period: number) {
    this.period = period;
    this.xs = new RingWindow(period);
    this.ys = new RingWindow(period);
  }

  get count(): number {
    return this.xs.count;
  }

  get full(): boolean {
    return this.xs.full;
  }

  get xMean(): number {
    return this.count === 0 ? NaN : this.anchorX + this.meanX;
  }

  get yMean(): number {
    return this.count === 0 ? NaN : this.anchorY + this.meanY;
  }

  push(x: number, y: number): void {
    const wasFull = this.xs.full;
    if (this.xs.count === 0) {
      this.anchorX = x;
      this.anchorY = y;
    }
    const oldX = this.xs.push(x);
    const oldY = this.ys.push(y);
    if (!wasFull) {
      const n = this.xs.count;
      const u = x - this.anchorX;
      const v = y - this.anchorY;
      const du = u - this.meanX;
      const dv = v - this.meanY;
      this.meanX += du / n;
      this.meanY += dv / n;
      this.m2x += du * (u - this.meanX);
      this.m2y += dv * (v - this.meanY);
      this.cxy += du * (v - this.meanY);
      if (this.xs.full) this.resync();
      return;
    }
    if (++this.sinceResync === this.period) {
      this.resync();
      return;
    }
    const u = x - this.anchorX;
    const v = y - this.anchorY;
    const uOld = oldX - this.anchorX;
    const vOld = oldY - this.anchorY;
    const meanXBefore = this.meanX;
    const meanYBefore = this.meanY;
    this.meanX = meanXBefore + (u - uOld) / this.period;
    this.meanY = meanYBefore + (v - vOld) / this.period;
    this.m2x += (u - uOld) * (u - this.meanX + uOld - meanXBefore);
    this.m2y += (v - vOld) * (v - this.meanY + vOld - meanYBefore);
    this.cxy += (u - this.meanX) * (v - meanYBefore) - (uOld - this.meanX) * (vOld - meanYBefore);
    if (this.m2x > this.m2xPeak) this.m2xPeak = this.m2x;
    if (this.m2y > this.m2yPeak) this.m2yPeak = this.m2y;
    if (this.m2x < this.m2xPeak * COLLAPSE_RATIO || this.m2y < this.m2yPeak * COLLAPSE_RATIO) this.resync();
  }

  private resync(): void {
    this.sinceResync = 0;
    const xs = this.xs.values;
    const ys = this.ys.values;
    const n = this.xs.count;
    const originX = xs[0]!;
    const originY = ys[0]!;
    let sumX = 0;
    let sumY = 0;
    for (let i = 0; i < n; i++) {
      sumX += xs[i]! - originX;
      sumY += ys[i]! - originY;
    }
    const mx = originX + sumX / n;
    const my = originY + sumY / n;
    let m2x = 0;
    let m2y = 0;
    let cxy = 0;
    let rx = 0;
    let ry = 0;
    for (let i = 0; i < n; i++) {
      const dx = xs[i]! - mx;
      const dy = ys[i]! - my;
      m2x += dx * dx;
      m2y += dy * dy;
      cxy += dx * dy;
      rx += dx;
      ry += dy;
    }
    this.m2x = Math.max(0, m2x - (rx * rx) / n);
    this.m2y = Math.max(0, m2y - (ry * ry) / n);
    this.cxy = cxy - (rx * ry) / n;
    this.m2xPeak = this.m2x;
    this.m2yPeak = this.m2y;
    this.anchorX = mx;
    this.anchorY = my;
    this.meanX = rx / n;
    this.meanY = ry / n;
  }

  reset(): void {
    this.xs.reset();
    this.ys.reset();
    this.anchorX = 0;
    this.anchorY = 0;
    this.meanX = 0;
    this.meanY = 0;
    this.m2x = 0;
    this.m2y = 0;
    this.cxy = 0;
    this.m2xPeak = 0;
    this.m2yPeak = 0;
    this.sinceResync = 0;
  }
}
