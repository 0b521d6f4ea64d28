import { cholesky, RepairResult, RepairScratch, repairCovariance } from './linalg';

/**
 * Weights of the scaled unscented transform for an n-dimensional state:
 * λ = α²(n + κ) − n, spread √(n + λ), Wm₀ = λ/(n + λ), Wc₀ = Wm₀ + 1 − α² + β, Wᵢ = 1/(2(n + λ)).
 * With α = 1, β = 2, κ = 0 and n = 4: λ = 0, Wm = [0, 1/8 × 8], Wc₀ = 2, spread 2, every covariance
 * weight non-negative. (α = 0.001, the original's value, gives weights of about ±10⁶.)
 */
export interface SigmaWeights {
  readonly n: number;
  readonly alpha: number;
  readonly beta: number;
  readonly kappa: number;
  readonly lambda: number;
  /** √(n + λ): sigma points sit at x ± spread·(columns of chol P). */
  readonly spread: number;
  readonly wm: Float64Array;
  readonly wc: Float64Array;
}

export function sigmaWeights(n: number, alpha: number, beta: number, kappa: number): SigmaWeights {
  const lambda = alpha * alpha * (n + kappa) - n;
  const scale = n + lambda;
  if (!(scale > 0)) throw new RangeError(`unscented transform: n + λ must be positive (n=${n}, α=${alpha}, κ=${kappa} give ${scale})`);
  const points = 2 * n + 1;
  const wm = new Float64Array(points);
  const wc = new Float64Array(points);
  wm[0] = lambda / scale;
  wc[0] = lambda / scale + (1 - alpha * alpha + beta);
  for (let k = 1; k < points; k++) {
    wm[k] = 1 / (2 * scale);
    wc[k] = 1 / (2 * scale);
  }
  return { n, alpha, beta, kappa, lambda, spread: Math.sqrt(scale), wm, wc };
}

/** The noise-free state transition f: reads state `src[so..so+n)`, writes `dst[dso..dso+n)`. */
export interface StateTransition {
  propagate(src: Float64Array, so: number, dst: Float64Array, dso: number): void;
}

/** The measurement function h: reads a state, writes all m predicted measurement rows. */
export interface MeasurementFunction {
  observe(src: Float64Array, so: number, dst: Float64Array, dso: number): void;
}

const LN_2PI = Math.log(2 * Math.PI);

/** out[i] = Σ_k w[k]·values[k·stride + i] for the first `components` entries of each point. */
function weightedMean(values: Float64Array, stride: number, components: number, points: number, w: Float64Array, out: Float64Array): void {
  for (let i = 0; i < components; i++) {
    let sum = 0;
    for (let k = 0; k < points; k++) sum += w[k]! * values[k * stride + i]!;
    out[i] = sum;
  }
}

/**
 * One unscented Kalman filter step (predict, update) over states and covariances that live in the
 * caller's flat arrays, so a bank of filters shares one set of scratch buffers. Noise enters only
 * additively through Q and R, never inside f or h.
 */
export class UnscentedFilter {
  readonly n: number;
  readonly m: number;
  readonly weights: SigmaWeights;
  private readonly points: number;
  private readonly spread: number;
  private readonly chol: Float64Array;
  private readonly sigma: Float64Array;
  private readonly propagated: Float64Array;
  private readonly mean: Float64Array;
  private readonly deviation: Float64Array;
  private readonly weightedDeviation: Float64Array;
  private readonly predictedZ: Float64Array;
  private readonly zMean: Float64Array;
  private readonly zDeviation: Float64Array;
  private readonly innovationCov: Float64Array;
  private readonly innovationChol: Float64Array;
  private readonly crossCov: Float64Array;
  private readonly gain: Float64Array;
  private readonly gainTimesS: Float64Array;
  private readonly innovation: Float64Array;
  private readonly whitened: Float64Array;
  private readonly repairStateScratch: RepairScratch;
  private readonly repairMeasurementScratch: RepairScratch;
  /** Covariance repairs that had to clip eigenvalues, for diagnostics. */
  clipped = 0;
  /** log L of the last successful update. */
  logLikelihood = Number.NaN;

  constructor(
    n: number,
    m: number,
    weights: SigmaWeights,
    absoluteFloor: number,
    relativeFloor: number,
  ) {
    if (weights.n !== n) throw new RangeError(`sigma weights are for n=${weights.n}, the filter has n=${n}`);
    this.n = n;
    this.m = m;
    this.weights = weights;
    this.points = 2 * n + 1;
    this.spread = weights.spread;
    this.chol = new Float64Array(n * n);
    this.sigma = new Float64Array(this.points * n);
    this.propagated = new Float64Array(this.points * n);
    this.mean = new Float64Array(n);
    this.deviation = new Float64Array(this.points * n);
    this.weightedDeviation = new Float64Array(this.points * n);
    this.predictedZ = new Float64Array(this.points * m);
    this.zMean = new Float64Array(m);
    this.zDeviation = new Float64Array(this.points * m);
    this.innovationCov = new Float64Array(m * m);
    this.innovationChol = new Float64Array(m * m);
    this.crossCov = new Float64Array(n * m);
    this.gain = new Float64Array(n * m);
    this.gainTimesS = new Float64Array(n * m);
    this.innovation = new Float64Array(m);
    this.whitened = new Float64Array(m);
    this.repairStateScratch = new RepairScratch(n, absoluteFloor, relativeFloor);
    this.repairMeasurementScratch = new RepairScratch(m, absoluteFloor, relativeFloor);
  }

  /** Repairs the covariance in place; false when it is not finite (the caller must reset it). */
  repair(p: Float64Array, po: number): boolean {
    const result = repairCovariance(p, po, this.n, this.repairStateScratch);
    if (result === RepairResult.Clipped) this.clipped++;
    return result !== RepairResult.Broken;
  }

  /** Sigma points of (x, P) into `this.sigma`; repairs P and retries once if Cholesky fails. */
  private sigmaPoints(x: Float64Array, xo: number, p: Float64Array, po: number): boolean {
    const n = this.n;
    const chol = this.chol;
    if (!cholesky(p, po, n, chol, 0)) {
      if (!this.repair(p, po) || !cholesky(p, po, n, chol, 0)) return false;
    }
    const spread = this.spread;
    const sigma = this.sigma;
    for (let i = 0; i < n; i++) sigma[i] = x[xo + i]!;
    for (let k = 0; k < n; k++) {
      const plus = (1 + k) * n;
      const minus = (1 + n + k) * n;
      for (let i = 0; i < n; i++) {
        const step = spread * chol[i * n + k]!;
        sigma[plus + i] = x[xo + i]! + step;
        sigma[minus + i] = x[xo + i]! - step;
      }
    }
    return true;
  }

  /**
   * x⁻ = Σ Wm·f(χ), P⁻ = Σ Wc·(f(χ) − x⁻)(…)ᵀ + diag(q), repaired; written over (x, P).
   * Returns false when P cannot be factored even after repair (the caller resets the filter).
   */
  predict(
    x: Float64Array,
    xo: number,
    p: Float64Array,
    po: number,
    f: StateTransition,
    q: Float64Array,
    qo: number,
  ): boolean {
    if (!this.sigmaPoints(x, xo, p, po)) return false;
    const n = this.n;
    const points = this.points;
    const sigma = this.sigma;
    const propagated = this.propagated;
    for (let k = 0; k < points; k++) f.propagate(sigma, k * n, propagated, k * n);
    if (n === 4) this.moments4(x, xo, p, po, q, qo);
    else this.moments(x, xo, p, po, q, qo);
    return this.repair(p, po);
  }

  /** x⁻ and P⁻ from the propagated sigma points (any n). */
  private moments(x: Float64Array, xo: number, p: Float64Array, po: number, q: Float64Array, qo: number): void {
    const n = this.n;
    const points = this.points;
    const wm = this.weights.wm;
    const wc = this.weights.wc;
    const propagated = this.propagated;
    const mean = this.mean;
    weightedMean(propagated, n, n, points, wm, mean);
    // deviation = Y − x⁻ and weighted = Wc·(Y − x⁻), so each covariance term is one product.
    const deviation = this.deviation;
    const weighted = this.weightedDeviation;
    for (let k = 0, o = 0; k < points; k++) {
      const w = wc[k]!;
      for (let i = 0; i < n; i++, o++) {
        const d = propagated[o]! - mean[i]!;
        deviation[o] = d;
        weighted[o] = w * d;
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let sum = i === j ? q[qo + i]! : 0;
        for (let o = 0; o < points * n; o += n) sum += weighted[o + i]! * deviation[o + j]!;
        p[po + i * n + j] = sum;
        p[po + j * n + i] = sum;
      }
      x[xo + i] = mean[i]!;
    }
  }

  /** `moments` for n = 4 with the sums in registers (same operations, same order). */
  private moments4(x: Float64Array, xo: number, p: Float64Array, po: number, q: Float64Array, qo: number): void {
    const points = this.points;
    const wm = this.weights.wm;
    const wc = this.weights.wc;
    const y = this.propagated;
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    for (let k = 0, o = 0; k < points; k++, o += 4) {
      const w = wm[k]!;
      m0 += w * y[o]!;
      m1 += w * y[o + 1]!;
      m2 += w * y[o + 2]!;
      m3 += w * y[o + 3]!;
    }
    let c00 = q[qo]!;
    let c11 = q[qo + 1]!;
    let c22 = q[qo + 2]!;
    let c33 = q[qo + 3]!;
    let c01 = 0;
    let c02 = 0;
    let c03 = 0;
    let c12 = 0;
    let c13 = 0;
    let c23 = 0;
    for (let k = 0, o = 0; k < points; k++, o += 4) {
      const w = wc[k]!;
      const d0 = y[o]! - m0;
      const d1 = y[o + 1]! - m1;
      const d2 = y[o + 2]! - m2;
      const d3 = y[o + 3]! - m3;
      const w0 = w * d0;
      const w1 = w * d1;
      const w2 = w * d2;
      c00 += w0 * d0;
      c01 += w0 * d1;
      c02 += w0 * d2;
      c03 += w0 * d3;
      c11 += w1 * d1;
      c12 += w1 * d2;
      c13 += w1 * d3;
      c22 += w2 * d2;
      c23 += w2 * d3;
      c33 += w * d3 * d3;
    }
    p[po] = c00; p[po + 1] = c01; p[po + 2] = c02; p[po + 3] = c03;
    p[po + 4] = c01; p[po + 5] = c11; p[po + 6] = c12; p[po + 7] = c13;
    p[po + 8] = c02; p[po + 9] = c12; p[po + 10] = c22; p[po + 11] = c23;
    p[po + 12] = c03; p[po + 13] = c13; p[po + 14] = c23; p[po + 15] = c33;
    x[xo] = m0;
    x[xo + 1] = m1;
    x[xo + 2] = m2;
    x[xo + 3] = m3;
  }

  /**
   * Measurement update with the first `rows` rows of h, z and diag(R): sigma points regenerated
   * from (x⁻, P⁻), K = P_xz·S⁻¹ through a Cholesky of S, x = x⁻ + K·ν, P = P⁻ − K·S·Kᵀ, repaired.
   * Sets `logLikelihood` = −½(νᵀS⁻¹ν + ln|S| + k·ln 2π) of the first k = `likelihoodRows` rows
   * (their marginal likelihood: with S = L·Lᵀ the first k whitened innovations and pivots of L
   * are those of the leading k×k block). Returns false when the update was impossible (then P may
   * no longer be finite and the caller resets the filter).
   */
  update(
    x: Float64Array,
    xo: number,
    p: Float64Array,
    po: number,
    h: MeasurementFunction,
    z: Float64Array,
    zo: number,
    r: Float64Array,
    ro: number,
    rows: number,
    likelihoodRows: number = rows,
  ): boolean {
    if (!this.sigmaPoints(x, xo, p, po)) return false;
    const n = this.n;
    const m = this.m;
    const points = this.points;
    const wm = this.weights.wm;
    const wc = this.weights.wc;
    const sigma = this.sigma;
    const predictedZ = this.predictedZ;
    for (let k = 0; k < points; k++) h.observe(sigma, k * n, predictedZ, k * m);
    const zMean = this.zMean;
    weightedMean(predictedZ, m, rows, points, wm, zMean);
    const zDeviation = this.zDeviation;
    const deviation = this.deviation;
    for (let k = 0; k < points; k++) {
      for (let a = 0; a < rows; a++) zDeviation[k * m + a] = predictedZ[k * m + a]! - zMean[a]!;
      for (let i = 0; i < n; i++) deviation[k * n + i] = sigma[k * n + i]! - x[xo + i]!;
    }
    const s = this.innovationCov;
    for (let a = 0; a < rows; a++) {
      for (let b = a; b < rows; b++) {
        let sum = 0;
        for (let k = 0; k < points; k++) sum += wc[k]! * zDeviation[k * m + a]! * zDeviation[k * m + b]!;
        if (a === b) sum += r[ro + a]!;
        s[a * rows + b] = sum;
        s[b * rows + a] = sum;
      }
    }
    const crossCov = this.crossCov;
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < rows; a++) {
        let sum = 0;
        for (let k = 0; k < points; k++) sum += wc[k]! * deviation[k * n + i]! * zDeviation[k * m + a]!;
        crossCov[i * rows + a] = sum;
      }
    }
    for (let a = 0; a < rows; a++) this.innovation[a] = z[zo + a]! - zMean[a]!;
    return this.finishUpdate(x, xo, p, po, rows, likelihoodRows);
  }

  /** Gain, state, covariance and log-likelihood from S, P_xz and ν in the scratch buffers. */
  private finishUpdate(x: Float64Array, xo: number, p: Float64Array, po: number, rows: number, likelihoodRows: number): boolean {
    if (rows === 2) return this.finishUpdate2(x, xo, p, po, likelihoodRows);
    const n = this.n;
    const s = this.innovationCov;
    const crossCov = this.crossCov;
    const ls = this.innovationChol;
    if (!cholesky(s, 0, rows, ls, 0)) {
      const repaired = repairCovariance(s, 0, rows, this.repairMeasurementScratch);
      if (repaired === RepairResult.Broken || !cholesky(s, 0, rows, ls, 0)) return false;
    }
    // K = P_xz·S⁻¹: each row kᵢ solves S·kᵢᵀ = (P_xz)ᵢᵀ by forward then back substitution.
    const gain = this.gain;
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < rows; a++) {
        let sum = crossCov[i * rows + a]!;
        for (let b = 0; b < a; b++) sum -= ls[a * rows + b]! * gain[i * rows + b]!;
        gain[i * rows + a] = sum / ls[a * rows + a]!;
      }
      for (let a = rows - 1; a >= 0; a--) {
        let sum = gain[i * rows + a]!;
        for (let b = a + 1; b < rows; b++) sum -= ls[b * rows + a]! * gain[i * rows + b]!;
        gain[i * rows + a] = sum / ls[a * rows + a]!;
      }
    }
    const innovation = this.innovation;
    const whitened = this.whitened;
    let mahalanobis = 0;
    let logDet = 0;
    for (let a = 0; a < rows; a++) {
      let sum = innovation[a]!;
      for (let b = 0; b < a; b++) sum -= ls[a * rows + b]! * whitened[b]!;
      const w = sum / ls[a * rows + a]!;
      whitened[a] = w;
      if (a < likelihoodRows) {
        mahalanobis += w * w;
        logDet += 2 * Math.log(ls[a * rows + a]!);
      }
    }
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let a = 0; a < rows; a++) sum += gain[i * rows + a]! * innovation[a]!;
      x[xo + i] = x[xo + i]! + sum;
    }
    const gainTimesS = this.gainTimesS;
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < rows; b++) {
        let sum = 0;
        for (let a = 0; a < rows; a++) sum += gain[i * rows + a]! * s[a * rows + b]!;
        gainTimesS[i * rows + b] = sum;
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        let sum = 0;
        for (let b = 0; b < rows; b++) sum += gainTimesS[i * rows + b]! * gain[j * rows + b]!;
        const value = p[po + i * n + j]! - sum;
        p[po + i * n + j] = value;
        p[po + j * n + i] = value;
      }
    }
    if (!this.repair(p, po)) return false;
    this.logLikelihood = -0.5 * (mahalanobis + logDet + Math.min(rows, likelihoodRows) * LN_2PI);
    return true;
  }

  /**
   * `finishUpdate` for two measurement rows with the 2×2 algebra written out (the same
   * operations in the same order as the general loops, so the results are identical).
   */
  private finishUpdate2(x: Float64Array, xo: number, p: Float64Array, po: number, likelihoodRows: number): boolean {
    const n = this.n;
    const s = this.innovationCov;
    let s00 = s[0]!;
    let s10 = s[2]!;
    let s11 = s[3]!;
    let l00 = Math.sqrt(s00);
    let l10 = s10 / l00;
    const d1 = s11 - l10 * l10;
    let l11 = Math.sqrt(d1);
    if (!(s00 > 0) || s00 === Infinity || !(d1 > 0) || d1 === Infinity) {
      const ls = this.innovationChol;
      const repaired = repairCovariance(s, 0, 2, this.repairMeasurementScratch);
      if (repaired === RepairResult.Broken || !cholesky(s, 0, 2, ls, 0)) return false;
      s00 = s[0]!;
      s10 = s[2]!;
      s11 = s[3]!;
      l00 = ls[0]!;
      l10 = ls[2]!;
      l11 = ls[3]!;
    }
    const crossCov = this.crossCov;
    const gain = this.gain;
    const gainTimesS = this.gainTimesS;
    const nu0 = this.innovation[0]!;
    const nu1 = this.innovation[1]!;
    const w0 = nu0 / l00;
    const w1 = (nu1 - l10 * w0) / l11;
    let mahalanobis = w0 * w0;
    let logDet = 2 * Math.log(l00);
    if (likelihoodRows > 1) {
      mahalanobis += w1 * w1;
      logDet += 2 * Math.log(l11);
    }
    if (n === 4) {
      // The loops below written out for the bank's state size (same operations, same order).
      const c = crossCov;
      let g0 = c[0]! / l00;
      let g1 = (c[1]! - l10 * g0) / l11;
      const b1 = g1 / l11;
      const a1 = (g0 - l10 * b1) / l00;
      g0 = c[2]! / l00;
      g1 = (c[3]! - l10 * g0) / l11;
      const b2 = g1 / l11;
      const a2 = (g0 - l10 * b2) / l00;
      g0 = c[4]! / l00;
      g1 = (c[5]! - l10 * g0) / l11;
      const b3 = g1 / l11;
      const a3 = (g0 - l10 * b3) / l00;
      g0 = c[6]! / l00;
      g1 = (c[7]! - l10 * g0) / l11;
      const b4 = g1 / l11;
      const a4 = (g0 - l10 * b4) / l00;
      x[xo] = x[xo]! + (a1 * nu0 + b1 * nu1);
      x[xo + 1] = x[xo + 1]! + (a2 * nu0 + b2 * nu1);
      x[xo + 2] = x[xo + 2]! + (a3 * nu0 + b3 * nu1);
      x[xo + 3] = x[xo + 3]! + (a4 * nu0 + b4 * nu1);
      // (K·S) row i = (aᵢ·s00 + bᵢ·s10, aᵢ·s10 + bᵢ·s11); P −= (K·S)·Kᵀ on and above the diagonal.
      const u1 = a1 * s00 + b1 * s10, v1 = a1 * s10 + b1 * s11;
      const u2 = a2 * s00 + b2 * s10, v2 = a2 * s10 + b2 * s11;
      const u3 = a3 * s00 + b3 * s10, v3 = a3 * s10 + b3 * s11;
      const u4 = a4 * s00 + b4 * s10, v4 = a4 * s10 + b4 * s11;
      p[po] = p[po]! - (u1 * a1 + v1 * b1);
      p[po + 1] = p[po + 4] = p[po + 1]! - (u1 * a2 + v1 * b2);
      p[po + 2] = p[po + 8] = p[po + 2]! - (u1 * a3 + v1 * b3);
      p[po + 3] = p[po + 12] = p[po + 3]! - (u1 * a4 + v1 * b4);
      p[po + 5] = p[po + 5]! - (u2 * a2 + v2 * b2);
      p[po + 6] = p[po + 9] = p[po + 6]! - (u2 * a3 + v2 * b3);
      p[po + 7] = p[po + 13] = p[po + 7]! - (u2 * a4 + v2 * b4);
      p[po + 10] = p[po + 10]! - (u3 * a3 + v3 * b3);
      p[po + 11] = p[po + 14] = p[po + 11]! - (u3 * a4 + v3 * b4);
      p[po + 15] = p[po + 15]! - (u4 * a4 + v4 * b4);
      if (!this.repair(p, po)) return false;
      this.logLikelihood = -0.5 * (mahalanobis + logDet + Math.min(2, likelihoodRows) * LN_2PI);
      return true;
    }
    for (let i = 0; i < n; i++) {
      const g0 = crossCov[2 * i]! / l00;
      const g1 = (crossCov[2 * i + 1]! - l10 * g0) / l11;
      const k1 = g1 / l11;
      const k0 = (g0 - l10 * k1) / l00;
      gain[2 * i] = k0;
      gain[2 * i + 1] = k1;
      gainTimesS[2 * i] = k0 * s00 + k1 * s10;
      gainTimesS[2 * i + 1] = k0 * s10 + k1 * s11;
    }
    for (let i = 0; i < n; i++) x[xo + i] = x[xo + i]! + (gain[2 * i]! * nu0 + gain[2 * i + 1]! * nu1);
    for (let i = 0; i < n; i++) {
      const a0 = gainTimesS[2 * i]!;
      const a1 = gainTimesS[2 * i + 1]!;
      for (let j = i; j < n; j++) {
        const value = p[po + i * n + j]! - (a0 * gain[2 * j]! + a1 * gain[2 * j + 1]!);
        p[po + i * n + j] = value;
        p[po + j * n + i] = value;
      }
    }
    if (!this.repair(p, po)) return false;
    this.logLikelihood = -0.5 * (mahalanobis + logDet + Math.min(2, likelihoodRows) * LN_2PI);
    return true;
  }

  /**
   * The same update for a measurement that selects state components (h(x)ᵢ = x[selection[i]]).
   * For such an h the unscented sums are exact: the symmetric sigma points give ẑ = h(x⁻),
   * S = H·P⁻·Hᵀ + R and P_xz = P⁻·Hᵀ, so this closed form equals `update` up to rounding without
   * generating sigma points.
   */
  updateSelected(
    x: Float64Array,
    xo: number,
    p: Float64Array,
    po: number,
    selection: Int32Array,
    z: Float64Array,
    zo: number,
    r: Float64Array,
    ro: number,
    rows: number,
    likelihoodRows: number = rows,
  ): boolean {
    const n = this.n;
    const s = this.innovationCov;
    const crossCov = this.crossCov;
    const innovation = this.innovation;
    for (let a = 0; a < rows; a++) {
      const ia = selection[a]!;
      innovation[a] = z[zo + a]! - x[xo + ia]!;
      for (let b = a; b < rows; b++) {
        const value = p[po + ia * n + selection[b]!]! + (a === b ? r[ro + a]! : 0);
        s[a * rows + b] = value;
        s[b * rows + a] = value;
      }
      for (let i = 0; i < n; i++) crossCov[i * rows + a] = p[po + i * n + ia]!;
    }
    return this.finishUpdate(x, xo, p, po, rows, likelihoodRows);
  }
}
