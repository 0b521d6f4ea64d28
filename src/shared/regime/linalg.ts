/**
 * Small dense linear algebra on flat row-major `Float64Array`s with offsets, for the filter bank's
 * 4×4 covariances and 2×2 innovation matrices. Nothing here allocates: callers pass the scratch.
 */

/**
 * Lower Cholesky factor L of the n×n symmetric matrix `a` (a = L·Lᵀ), written into `l` (its upper
 * triangle zeroed). Returns false when `a` is not numerically positive definite (a pivot ≤ 0 or
 * not finite); `l` is then garbage.
 */
export function cholesky(a: Float64Array, ao: number, n: number, l: Float64Array, lo: number): boolean {
  return n === 4 ? cholesky4(a, ao, l, lo) : choleskyGeneric(a, ao, n, l, lo);
}

export function choleskyGeneric(a: Float64Array, ao: number, n: number, l: Float64Array, lo: number): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[ao + i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[lo + i * n + k]! * l[lo + j * n + k]!;
      if (i === j) {
        if (!(sum > 0) || sum === Infinity) return false;
        l[lo + i * n + i] = Math.sqrt(sum);
      } else {
        l[lo + i * n + j] = sum / l[lo + j * n + j]!;
      }
    }
    for (let j = i + 1; j < n; j++) l[lo + i * n + j] = 0;
  }
  return true;
}

/** `cholesky` unrolled for 4×4, the bank's state size (the same operations in the same order). */
export function cholesky4(a: Float64Array, ao: number, l: Float64Array, lo: number): boolean {
  const a00 = a[ao]!;
  if (!(a00 > 0) || a00 === Infinity) return false;
  const l00 = Math.sqrt(a00);
  const l10 = a[ao + 4]! / l00;
  const d1 = a[ao + 5]! - l10 * l10;
  if (!(d1 > 0) || d1 === Infinity) return false;
  const l11 = Math.sqrt(d1);
  const l20 = a[ao + 8]! / l00;
  const l21 = (a[ao + 9]! - l20 * l10) / l11;
  const d2 = a[ao + 10]! - l20 * l20 - l21 * l21;
  if (!(d2 > 0) || d2 === Infinity) return false;
  const l22 = Math.sqrt(d2);
  const l30 = a[ao + 12]! / l00;
  const l31 = (a[ao + 13]! - l30 * l10) / l11;
  const l32 = (a[ao + 14]! - l30 * l20 - l31 * l21) / l22;
  const d3 = a[ao + 15]! - l30 * l30 - l31 * l31 - l32 * l32;
  if (!(d3 > 0) || d3 === Infinity) return false;
  const l33 = Math.sqrt(d3);
  l[lo] = l00; l[lo + 1] = 0; l[lo + 2] = 0; l[lo + 3] = 0;
  l[lo + 4] = l10; l[lo + 5] = l11; l[lo + 6] = 0; l[lo + 7] = 0;
  l[lo + 8] = l20; l[lo + 9] = l21; l[lo + 10] = l22; l[lo + 11] = 0;
  l[lo + 12] = l30; l[lo + 13] = l31; l[lo + 14] = l32; l[lo + 15] = l33;
  return true;
}

/**
 * True when the symmetric n×n matrix minus `scratch.shift`·I is positive definite, i.e. when its
 * smallest eigenvalue exceeds the shift: an exact eigenvalue test for the price of one LDLᵀ.
 * (The shift travels in the scratch object so no number is boxed on the hot path.)
 */
export function smallestEigenvalueExceeds(a: Float64Array, ao: number, n: number, scratch: RepairScratch): boolean {
  return n === 4 ? smallestEigenvalueExceeds4(a, ao, scratch) : smallestEigenvalueExceedsGeneric(a, ao, n, scratch);
}

/** `smallestEigenvalueExceeds` unrolled for 4×4 (LDLᵀ of a − shift·I, pivots must stay positive). */
export function smallestEigenvalueExceeds4(a: Float64Array, ao: number, scratch: RepairScratch): boolean {
  const shift = scratch.shift;
  const d0 = a[ao]! - shift;
  if (!(d0 > 0) || d0 === Infinity) return false;
  const l10 = a[ao + 4]! / d0;
  const d1 = a[ao + 5]! - shift - l10 * l10 * d0;
  if (!(d1 > 0) || d1 === Infinity) return false;
  const l20 = a[ao + 8]! / d0;
  const l21 = (a[ao + 9]! - l20 * l10 * d0) / d1;
  const d2 = a[ao + 10]! - shift - l20 * l20 * d0 - l21 * l21 * d1;
  if (!(d2 > 0) || d2 === Infinity) return false;
  const l30 = a[ao + 12]! / d0;
  const l31 = (a[ao + 13]! - l30 * l10 * d0) / d1;
  const l32 = (a[ao + 14]! - l30 * l20 * d0 - l31 * l21 * d1) / d2;
  const d3 = a[ao + 15]! - shift - l30 * l30 * d0 - l31 * l31 * d1 - l32 * l32 * d2;
  return d3 > 0 && d3 !== Infinity;
}

export function smallestEigenvalueExceedsGeneric(a: Float64Array, ao: number, n: number, scratch: RepairScratch): boolean {
  const work = scratch.work;
  const shift = scratch.shift;
  // LDLᵀ without square roots on the shifted matrix; every pivot must stay positive.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[ao + i * n + j]! - (i === j ? shift : 0);
      for (let k = 0; k < j; k++) sum -= work[i * n + k]! * work[j * n + k]! * work[k * n + k]!;
      if (i === j) {
        if (!(sum > 0) || sum === Infinity) return false;
        work[i * n + i] = sum;
      } else {
        work[i * n + j] = sum / work[j * n + j]!;
      }
    }
  }
  return true;
}

/** a ← (a + aᵀ)/2 in place. */
export function symmetrize(a: Float64Array, ao: number, n: number): void {
  if (n === 4) {
    symmetrizePair(a, ao + 1, ao + 4);
    symmetrizePair(a, ao + 2, ao + 8);
    symmetrizePair(a, ao + 3, ao + 12);
    symmetrizePair(a, ao + 6, ao + 9);
    symmetrizePair(a, ao + 7, ao + 13);
    symmetrizePair(a, ao + 11, ao + 14);
    return;
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const mean = 0.5 * (a[ao + i * n + j]! + a[ao + j * n + i]!);
      a[ao + i * n + j] = mean;
      a[ao + j * n + i] = mean;
    }
  }
}

/** Both entries become their mean (a no-op, without a store, when they already agree). */
function symmetrizePair(a: Float64Array, upper: number, lower: number): void {
  const u = a[upper]!;
  const l = a[lower]!;
  if (u === l) return;
  const mean = 0.5 * (u + l);
  a[upper] = mean;
  a[lower] = mean;
}

const JACOBI_MAX_SWEEPS = 60;

/**
 * Eigen-decomposition of the symmetric n×n matrix `a` by cyclic Jacobi rotations: eigenvalues into
 * `values` (n), eigenvectors as the columns of `vectors` (n×n, row-major). `work` needs n×n
 * entries. Jacobi is exact to rounding for small matrices and needs no allocation. Returns false
 * if it did not converge (never seen for finite input) or the input is not finite.
 */
export function symmetricEigen(
  a: Float64Array,
  ao: number,
  n: number,
  values: Float64Array,
  vectors: Float64Array,
  work: Float64Array,
): boolean {
  for (let i = 0; i < n * n; i++) {
    const v = a[ao + i]!;
    if (!Number.isFinite(v)) return false;
    work[i] = v;
    vectors[i] = 0;
  }
  for (let i = 0; i < n; i++) vectors[i * n + i] = 1;
  for (let sweep = 0; sweep < JACOBI_MAX_SWEEPS; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      diagonal += work[i * n + i]! * work[i * n + i]!;
      for (let j = i + 1; j < n; j++) off += work[i * n + j]! * work[i * n + j]!;
    }
    if (off === 0 || off <= 1e-36 * diagonal) {
      for (let i = 0; i < n; i++) values[i] = work[i * n + i]!;
      return true;
    }
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = work[p * n + q]!;
        if (apq === 0) continue;
        const app = work[p * n + p]!;
        const aqq = work[q * n + q]!;
        // Rotation angle from the stable formula of Rutishauser: t = sgn(θ)/(|θ| + √(θ²+1)).
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = work[k * n + p]!;
          const akq = work[k * n + q]!;
          work[k * n + p] = c * akp - s * akq;
          work[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = work[p * n + k]!;
          const aqk = work[q * n + k]!;
          work[p * n + k] = c * apk - s * aqk;
          work[q * n + k] = s * apk + c * aqk;
        }
        work[p * n + q] = 0;
        work[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = vectors[k * n + p]!;
          const vkq = vectors[k * n + q]!;
          vectors[k * n + p] = c * vkp - s * vkq;
          vectors[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return false;
}

/** Scratch and floors of `repairCovariance` for n×n matrices. */
export class RepairScratch {
  readonly values: Float64Array;
  readonly vectors: Float64Array;
  readonly work: Float64Array;
  /** The eigenvalue floor in use (written by `repairCovariance`). */
  shift = Number.NaN;
  constructor(
    readonly n: number,
    readonly absoluteFloor: number,
    readonly relativeFloor: number,
  ) {
    this.values = new Float64Array(n);
    this.vectors = new Float64Array(n * n);
    this.work = new Float64Array(n * n);
  }
}

export const RepairResult = {
  /** Already symmetric positive definite above the floor (only symmetrised). */
  Healthy: 0,
  /** Eigenvalues were clipped at the floor and the matrix rebuilt. */
  Clipped: 1,
  /** Not finite: left as is; the caller must reset it. */
  Broken: 2,
} as const;
export type RepairResult = (typeof RepairResult)[keyof typeof RepairResult];

/**
 * Makes a covariance usable: symmetrise; if its smallest eigenvalue is below
 * max(absoluteFloor, relativeFloor·trace), clip the eigenvalues there and rebuild; symmetrise again.
 * The common healthy case costs one shifted LDLᵀ, the Jacobi decomposition runs only on repair.
 */
export function repairCovariance(p: Float64Array, po: number, n: number, scratch: RepairScratch): RepairResult {
  symmetrize(p, po, n);
  let tr = 0;
  for (let i = 0; i < n; i++) tr += p[po + i * n + i]!;
  if (!Number.isFinite(tr)) return RepairResult.Broken;
  const relative = scratch.relativeFloor * tr;
  const floor = relative > scratch.absoluteFloor ? relative : scratch.absoluteFloor;
  scratch.shift = floor;
  if (smallestEigenvalueExceeds(p, po, n, scratch)) return RepairResult.Healthy;
  if (!symmetricEigen(p, po, n, scratch.values, scratch.vectors, scratch.work)) return RepairResult.Broken;
  const values = scratch.values;
  const vectors = scratch.vectors;
  for (let k = 0; k < n; k++) if (values[k]! < floor) values[k] = floor;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!;
      p[po + i * n + j] = sum;
      p[po + j * n + i] = sum;
    }
  }
  return RepairResult.Clipped;
}
