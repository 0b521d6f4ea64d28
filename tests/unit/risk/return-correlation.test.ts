import { describe, expect, it } from 'vitest';
import { returnCorrelation } from '../../../src/shared/risk/return-correlation';

const t = (n: number) => Array.from({ length: n }, (_, i) => i * 86_400_000);
const walk = (returns: number[]) => returns.reduce<number[]>((prices, r) => [...prices, prices[prices.length - 1]! * Math.exp(r)], [100]);

describe('correlation of returns', () => {
  const r = Array.from({ length: 30 }, (_, i) => Math.sin(i * 1.7) * 0.01);
  it('is 1 for proportional returns, −1 for opposite ones', () => {
    expect(returnCorrelation(t(31), walk(r), t(31), walk(r.map((x) => 2 * x)), 60, 20)).toBeCloseTo(1, 10);
    expect(returnCorrelation(t(31), walk(r), t(31), walk(r.map((x) => -x)), 60, 20)).toBeCloseTo(-1, 10);
  });
  it('matches the hand-worked Pearson figure on common dates only', () => {
    // Returns of A: ln(2), ln(0.5), ln(2); of B: ln(2), ln(1), ln(1.5) → correlation of (a, b) by hand.
    const a = [1, 2, 1, 2];
    const b = [1, 2, 2, 3];
    const ra = [Math.log(2), Math.log(0.5), Math.log(2)];
    const rb = [Math.log(2), 0, Math.log(1.5)];
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const ma = mean(ra);
    const mb = mean(rb);
    const cov = ra.reduce((s, v, i) => s + (v - ma) * (rb[i]! - mb), 0);
    const expected = cov / Math.sqrt(ra.reduce((s, v) => s + (v - ma) ** 2, 0) * rb.reduce((s, v) => s + (v - mb) ** 2, 0));
    // B has an extra date (not in A) that must be skipped.
    expect(returnCorrelation([0, 1, 2, 3], a, [0, 1, 1.5, 2, 3], [1, 2, 99, 2, 3], 60, 3)).toBeCloseTo(expected, 12);
  });
  it('is unknown with too few common days or a series that does not move', () => {
    expect(returnCorrelation(t(10), walk(r.slice(0, 9)), t(10), walk(r.slice(0, 9)), 60, 20)).toBeUndefined();
    expect(returnCorrelation(t(31), walk(r), t(31), new Array(31).fill(50), 60, 20)).toBeUndefined();
  });
});
