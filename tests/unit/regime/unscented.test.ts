import { describe, expect, it } from 'vitest';
import { sigmaWeights, UnscentedFilter, type MeasurementFunction, type StateTransition } from '../../../src/shared/regime/unscented';

/** f(x) = [[1,1],[0,1]]·x on every 2-state block of the state. */
class ConstantVelocity implements StateTransition {
  constructor(private readonly n: number) {}
  propagate(src: Float64Array, so: number, dst: Float64Array, dso: number): void {
    for (let b = 0; b < this.n; b += 2) {
      dst[dso + b] = src[so + b]! + src[so + b + 1]!;
      dst[dso + b + 1] = src[so + b + 1]!;
    }
  }
}

/** h(x) = the position of every 2-state block. */
class Positions implements MeasurementFunction {
  constructor(private readonly n: number) {}
  observe(src: Float64Array, so: number, dst: Float64Array, dso: number): void {
    for (let b = 0; b < this.n; b += 2) dst[dso + b / 2] = src[so + b]!;
  }
}

/** The textbook Kalman filter for one block, written out independently of the library. */
function kalman(zs: number[], q: number, r: number): { x: number[]; p: number[][] } {
  let x = [0, 0];
  let p = [[1, 0], [0, 1]];
  for (const z of zs) {
    x = [x[0]! + x[1]!, x[1]!];
    const [[a, b], [, d]] = p as [[number, number], [number, number]];
    p = [[a + 2 * b + d + q, b + d], [b + d, d + q]];
    const s = p[0]![0]! + r;
    const k = [p[0]![0]! / s, p[1]![0]! / s];
    const nu = z - x[0]!;
    x = [x[0]! + k[0]! * nu, x[1]! + k[1]! * nu];
    p = [
      [p[0]![0]! - k[0]! * s * k[0]!, p[0]![1]! - k[0]! * s * k[1]!],
      [p[1]![0]! - k[1]! * s * k[0]!, p[1]![1]! - k[1]! * s * k[1]!],
    ];
  }
  return { x, p };
}

const SPEC_P = [[0.07901448, 0.04379612], [0.04379612, 0.0575134]];
const ZS = [1.0, 2.1, 2.9];

describe('sigma weights (scaled unscented transform)', () => {
  it('α = 1, β = 2, κ = 0 with n = 4: λ = 0, Wm = [0, 1/8 × 8], Wc₀ = 2, spread 2', () => {
    const w = sigmaWeights(4, 1, 2, 0);
    expect(w.lambda).toBe(0);
    expect(w.spread).toBe(2);
    expect(Array.from(w.wm)).toEqual([0, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125]);
    expect(Array.from(w.wc)).toEqual([2, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125]);
    expect(w.wc.every((v) => v >= 0)).toBe(true);
    expect(w.wm.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('the original α = 0.001 gives weights of order 10⁶ (why it is not the default)', () => {
    const w = sigmaWeights(4, 0.001, 2, 0);
    expect(w.lambda).toBeCloseTo(-3.999996, 9);
    expect(w.wm[0]).toBeCloseTo(-999999, 0);
    expect(Math.abs(w.wc[0]!)).toBeGreaterThan(9e5);
    expect(w.wm[1]).toBeCloseTo(125000, 0);
  });

  it('refuses weights whose n + λ is not positive', () => {
    expect(() => sigmaWeights(4, 1, 2, -4)).toThrow(RangeError);
  });
});

describe('with a linear model the UKF equals the Kalman filter', () => {
  const expectSpecP = (p: Float64Array, n: number, block: number): void => {
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(p[(block + i) * n + block + j]).toBeCloseTo(SPEC_P[i]![j]!, 8);
  };

  for (const path of ['sigma points', 'closed form'] as const) {
    it(`spec vector, n = 2, ${path}: final P = [[0.07901448, 0.04379612], [0.04379612, 0.05751340]]`, () => {
      const filter = new UnscentedFilter(2, 1, sigmaWeights(2, 1, 2, 0), 1e-12, 1e-12);
      const x = new Float64Array(2);
      const p = Float64Array.of(1, 0, 0, 1);
      const q = Float64Array.of(0.01, 0.01);
      const r = Float64Array.of(0.1);
      const z = new Float64Array(1);
      for (const value of ZS) {
        expect(filter.predict(x, 0, p, 0, new ConstantVelocity(2), q, 0)).toBe(true);
        z[0] = value;
        const ok = path === 'sigma points' ? filter.update(x, 0, p, 0, new Positions(2), z, 0, r, 0, 1) : filter.updateSelected(x, 0, p, 0, Int32Array.of(0), z, 0, r, 0, 1);
        expect(ok).toBe(true);
      }
      expectSpecP(p, 2, 0);
      const reference = kalman(ZS, 0.01, 0.1);
      expect(x[0]).toBeCloseTo(reference.x[0]!, 12);
      expect(x[1]).toBeCloseTo(reference.x[1]!, 12);
    });

    it(`n = 4 (the bank's unrolled kernels), two measured rows, ${path}: each block follows the Kalman filter`, () => {
      const filter = new UnscentedFilter(4, 2, sigmaWeights(4, 1, 2, 0), 1e-12, 1e-12);
      const x = new Float64Array(4);
      const p = new Float64Array(16);
      for (let i = 0; i < 4; i++) p[i * 5] = 1;
      const q = Float64Array.of(0.01, 0.01, 0.01, 0.01);
      const r = Float64Array.of(0.1, 0.1);
      const z = new Float64Array(2);
      for (const value of ZS) {
        expect(filter.predict(x, 0, p, 0, new ConstantVelocity(4), q, 0)).toBe(true);
        z[0] = value;
        z[1] = value;
        const ok = path === 'sigma points' ? filter.update(x, 0, p, 0, new Positions(4), z, 0, r, 0, 2) : filter.updateSelected(x, 0, p, 0, Int32Array.of(0, 2), z, 0, r, 0, 2);
        expect(ok).toBe(true);
      }
      expectSpecP(p, 4, 0);
      expectSpecP(p, 4, 2);
      for (const [i, j] of [[0, 2], [0, 3], [1, 2], [1, 3]] as const) expect(Math.abs(p[i * 4 + j]!)).toBeLessThan(1e-14);
    });
  }

  it('log-likelihood is the Gaussian density of the innovation; the marginal of the first row matches its 1-D density', () => {
    const filter = new UnscentedFilter(4, 2, sigmaWeights(4, 1, 2, 0), 1e-12, 1e-12);
    const p = new Float64Array(16);
    p.set([0.5, 0, 0.1, 0, 0, 1, 0, 0, 0.1, 0, 0.3, 0, 0, 0, 0, 1]);
    const r = Float64Array.of(0.2, 0.1);
    const z = Float64Array.of(0.4, -0.3);
    const joint = (() => {
      const x = new Float64Array(4);
      const pp = p.slice();
      filter.updateSelected(x, 0, pp, 0, Int32Array.of(0, 2), z, 0, r, 0, 2, 2);
      return filter.logLikelihood;
    })();
    const marginal = (() => {
      const x = new Float64Array(4);
      const pp = p.slice();
      filter.updateSelected(x, 0, pp, 0, Int32Array.of(0, 2), z, 0, r, 0, 2, 1);
      return filter.logLikelihood;
    })();
    const s00 = 0.5 + 0.2;
    const s11 = 0.3 + 0.1;
    const s01 = 0.1;
    const det = s00 * s11 - s01 * s01;
    const quad = (z[0]! * z[0]! * s11 - 2 * z[0]! * z[1]! * s01 + z[1]! * z[1]! * s00) / det;
    expect(joint).toBeCloseTo(-0.5 * (quad + Math.log(det) + 2 * Math.log(2 * Math.PI)), 12);
    expect(marginal).toBeCloseTo(-0.5 * ((z[0]! * z[0]!) / s00 + Math.log(s00) + Math.log(2 * Math.PI)), 12);
  });
});
