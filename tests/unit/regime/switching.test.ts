import { describe, expect, it } from 'vitest';
import { ORIGINAL_TRANSITION_MATRIX } from '../../../src/shared/regime/config';
import { expectedModeWeight } from '../../../src/shared/regime/expected-mode';
import { normalisedEntropy, predictModes, referenceTransitionMatrix, scaleTransitionMatrix, stationaryDistribution } from '../../../src/shared/regime/transition';

describe('Markov switching', () => {
  it('the original matrix has stationary distribution ≈ [0.347, 0.347, 0.174, 0.057, 0.062, 0.013]', () => {
    const pi = stationaryDistribution(ORIGINAL_TRANSITION_MATRIX);
    const expected = [0.347, 0.347, 0.174, 0.057, 0.062, 0.013];
    expected.forEach((value, i) => expect(Math.abs(pi[i]! - value)).toBeLessThan(6e-4));
    expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });

  it('the recommended daily matrix stays with 0.97 and keeps each row’s off-diagonal proportions', () => {
    const m = referenceTransitionMatrix(ORIGINAL_TRANSITION_MATRIX, 0.97);
    for (let i = 0; i < 6; i++) {
      expect(m[i * 6 + i]).toBe(0.97);
      let rowSum = 0;
      const original = ORIGINAL_TRANSITION_MATRIX[i]!;
      for (let j = 0; j < 6; j++) {
        rowSum += m[i * 6 + j]!;
        if (j !== i) expect(m[i * 6 + j]).toBeCloseTo((original[j]! / (1 - original[i]!)) * 0.03, 15);
      }
      expect(rowSum).toBeCloseTo(1, 14);
    }
    expect(m[4 * 6 + 5]).toBe(0); // low vol never jumps straight to crisis, as in the original
  });

  it('Π_dt raises each stay probability to dt/dt_ref and renormalises the rest of the row', () => {
    const reference = referenceTransitionMatrix(ORIGINAL_TRANSITION_MATRIX, 0.97);
    const same = new Float64Array(36);
    scaleTransitionMatrix(reference, 1, same);
    expect(Array.from(same)).toEqual(Array.from(reference));
    for (const ratio of [3, 1 / 390, 50]) {
      const out = new Float64Array(36);
      scaleTransitionMatrix(reference, ratio, out);
      for (let i = 0; i < 6; i++) {
        expect(out[i * 6 + i]).toBeCloseTo(0.97 ** ratio, 14);
        let rowSum = 0;
        for (let j = 0; j < 6; j++) rowSum += out[i * 6 + j]!;
        expect(rowSum).toBeCloseTo(1, 14);
        for (let j = 0; j < 6; j++) if (j !== i) expect(out[i * 6 + j]! / (1 - out[i * 6 + i]!)).toBeCloseTo(reference[i * 6 + j]! / 0.03, 12);
      }
    }
  });

  it('μ⁻ = Πᵀ·μ exactly when no floor applies; floored entries are lifted and the vector renormalised', () => {
    const m = referenceTransitionMatrix(ORIGINAL_TRANSITION_MATRIX, 0.97);
    const mu = Float64Array.of(0.5, 0.2, 0.1, 0.1, 0.05, 0.05);
    const out = new Float64Array(6);
    predictModes(m, mu, 0, out, 0, 1e-12);
    for (let j = 0; j < 6; j++) {
      let sum = 0;
      for (let i = 0; i < 6; i++) sum += m[i * 6 + j]! * mu[i]!;
      expect(out[j]).toBe(sum);
    }
    const certain = Float64Array.of(0, 0, 0, 0, 1, 0);
    predictModes(m, certain, 0, out, 0, 1e-12);
    expect(out[5]).toBeGreaterThan(0);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });
});

describe('expected mode', () => {
  it('p_E = 0.07586 at H_n = 0.5, 0.5 at 0.75, 0.92414 at 1, and 0 below the threshold', () => {
    expect(expectedModeWeight(0.5, 0.5, 5)).toBeCloseTo(0.07586, 5);
    expect(expectedModeWeight(0.75, 0.5, 5)).toBeCloseTo(0.5, 12);
    expect(expectedModeWeight(1, 0.5, 5)).toBeCloseTo(0.92414, 5);
    expect(expectedModeWeight(0.4999, 0.5, 5)).toBe(0);
    expect(expectedModeWeight(Number.NaN, 0.5, 5)).toBe(0);
  });

  it('normalised entropy is 1 for equal probabilities and 0 for a certain regime', () => {
    expect(normalisedEntropy(new Float64Array(6).fill(1 / 6), 0)).toBeCloseTo(1, 15);
    expect(normalisedEntropy(Float64Array.of(0, 0, 1, 0, 0, 0), 0)).toBe(0);
  });
});
