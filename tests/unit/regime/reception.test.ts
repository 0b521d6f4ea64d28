import { describe, expect, it } from 'vitest';
import { betaQuantile, receptionEstimate, receptionRate } from '../../../src/shared/regime/reception';

// 2.5% and 97.5% quantiles of Beta(a, b), from scipy.stats.beta.ppf.
const REFERENCE: Array<[number, number, number, number]> = [
  [1, 1, 0.025, 0.975],
  [2, 2, 0.0942993240502, 0.90570067595],
  [3, 2, 0.194120449683, 0.932414013511],
  [10, 3, 0.515862251314, 0.945139355472],
  [50, 2, 0.895525103604, 0.995215007305],
  [100, 20, 0.761946909496, 0.894212266673],
  [1000, 5, 0.98983088474, 0.998381063944],
  [5000, 1000, 0.823799773483, 0.842656420775],
  [2, 50, 0.00478499269471, 0.104474896396],
  [1001, 2, 0.994452146074, 0.999758182701],
  [1, 30, 0.00084357092663, 0.115703308222],
  [30, 1, 0.884296691778, 0.999156429073],
  [20001, 4001, 0.828564388934, 0.837994116343],
];

describe('reception rate (Beta posterior)', () => {
  it('ρ̂ = (1 + received)/(2 + expected)', () => {
    expect(receptionRate(0, 0)).toBe(0.5);
    expect(receptionRate(8, 10)).toBe(0.75);
  });

  it('the 95% interval is the exact equal-tailed interval of Beta(1 + received, 1 + missed)', () => {
    for (const [a, b, low, high] of REFERENCE) {
      expect(Math.abs(betaQuantile(0.025, a, b) - low)).toBeLessThan(1e-10);
      expect(Math.abs(betaQuantile(0.975, a, b) - high)).toBeLessThan(1e-10);
    }
    const estimate = receptionEstimate(9, 11);
    expect(estimate.rate).toBeCloseTo(10 / 13, 15); // Beta(10, 3)
    expect(estimate.low).toBeCloseTo(0.515862251314, 10);
    expect(estimate.high).toBeCloseTo(0.945139355472, 10);
  });
});
