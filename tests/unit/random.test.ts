import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/shared/errors';
import { Random } from '../../src/shared/random';

describe('Random (xoshiro128**)', () => {
  it('matches the reference implementation from state {1, 2, 3, 4}', () => {
    // Outputs of Blackman & Vigna's xoshiro128starstar.c with s = {1, 2, 3, 4}.
    const r = Random.fromState(1, 2, 3, 4);
    expect(Array.from({ length: 6 }, () => r.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('is reproducible with a seed and differs with another seed (including seeds above 2^32)', () => {
    const draw = (seed: number) => {
      const r = new Random(seed);
      return Array.from({ length: 8 }, () => r.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(2 ** 32 + 42)).not.toEqual(draw(42));
    expect(draw(0)).not.toEqual(draw(1));
  });

  it('next() is in [0, 1) with a uniform mean and nextInt(n) covers 0..n−1 evenly', () => {
    const r = new Random(7);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = r.next();
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.nextInt(6)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('refuses a seed that is not a whole number ≥ 0', () => {
    for (const bad of [-1, 1.5, NaN, 2 ** 53]) expect(() => new Random(bad)).toThrow(InputError);
  });
});
