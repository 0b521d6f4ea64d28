import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/shared/math/random';
import {
  cholesky4, choleskyGeneric, repairCovariance, RepairResult, RepairScratch, smallestEigenvalueExceeds4,
  smallestEigenvalueExceedsGeneric, symmetricEigen,
} from '../../../src/shared/regime/linalg';

function randomSpd(random: SeededRandom, n: number, scale = 1): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) a[i] = random.normal() * scale;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? 1e-3 * scale * scale : 0;
      for (let k = 0; k < n; k++) sum += a[i * n + k]! * a[j * n + k]!;
      out[i * n + j] = sum;
    }
  }
  return out;
}

function minEigenvalue(a: Float64Array, n: number): number {
  const values = new Float64Array(n);
  symmetricEigen(a, 0, n, values, new Float64Array(n * n), new Float64Array(n * n));
  return Math.min(...values);
}

describe('small dense linear algebra', () => {
  it('the unrolled 4×4 Cholesky and LDLᵀ test give bit-identical results to the general loops', () => {
    const random = new SeededRandom(7);
    const generic = new RepairScratch(4, 0, 0);
    const unrolled = new RepairScratch(4, 0, 0);
    for (let trial = 0; trial < 200; trial++) {
      const a = randomSpd(random, 4, 10 ** (trial % 7 - 3));
      const l1 = new Float64Array(16);
      const l2 = new Float64Array(16);
      expect(cholesky4(a, 0, l1, 0)).toBe(choleskyGeneric(a, 0, 4, l2, 0));
      expect(Array.from(l1)).toEqual(Array.from(l2));
      const shift = minEigenvalue(a, 4) * (trial % 2 === 0 ? 0.999 : 1.001);
      generic.shift = shift;
      unrolled.shift = shift;
      const expected = trial % 2 === 0;
      expect(smallestEigenvalueExceeds4(a, 0, unrolled)).toBe(expected);
      expect(smallestEigenvalueExceedsGeneric(a, 0, 4, generic)).toBe(expected);
    }
  });

  it('Cholesky refuses a matrix that is not positive definite and one that is not finite', () => {
    const l = new Float64Array(16);
    expect(cholesky4(Float64Array.of(1, 2, 0, 0, 2, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1), 0, l, 0)).toBe(false);
    expect(cholesky4(Float64Array.of(Number.NaN, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1), 0, l, 0)).toBe(false);
  });

  it('Jacobi eigen-decomposition reconstructs the matrix', () => {
    const random = new SeededRandom(11);
    for (const n of [2, 4, 6]) {
      const a = randomSpd(random, n);
      const values = new Float64Array(n);
      const vectors = new Float64Array(n * n);
      expect(symmetricEigen(a, 0, n, values, vectors, new Float64Array(n * n))).toBe(true);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let k = 0; k < n; k++) sum += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!;
          expect(sum).toBeCloseTo(a[i * n + j]!, 10);
        }
      }
    }
  });

  it('repair leaves a healthy covariance alone (only symmetrised)', () => {
    const random = new SeededRandom(3);
    const a = randomSpd(random, 4);
    const before = a.slice();
    expect(repairCovariance(a, 0, 4, new RepairScratch(4, 1e-12, 1e-12))).toBe(RepairResult.Healthy);
    expect(Array.from(a)).toEqual(Array.from(before));
  });

  it('repair clips eigenvalues below max(1e-12, 1e-12·trace) and rebuilds a symmetric positive definite matrix', () => {
    // Eigenvalues 3, 1, −0.5, 0 in a rotated basis, and a small asymmetry.
    const a = Float64Array.of(2, 1, 0, 0, 1, 2, 0, 0, 0, 0, -0.5, 0, 0, 0, 0, 0);
    a[1] = 1 + 1e-9;
    expect(repairCovariance(a, 0, 4, new RepairScratch(4, 1e-12, 1e-12))).toBe(RepairResult.Clipped);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(a[i * 4 + j]).toBe(a[j * 4 + i]);
    const min = minEigenvalue(a, 4);
    expect(min).toBeGreaterThan(0);
    expect(min).toBeCloseTo(Math.max(1e-12, 1e-12 * 3.5), 15); // trace 2 + 2 − 0.5 + 0
  });

  it('repair reports a covariance that is not finite instead of hiding it', () => {
    const a = Float64Array.of(1, 0, 0, 0, 0, Number.POSITIVE_INFINITY, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    expect(repairCovariance(a, 0, 4, new RepairScratch(4, 1e-12, 1e-12))).toBe(RepairResult.Broken);
  });
});
