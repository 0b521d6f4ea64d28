import { describe, expect, it } from 'vitest';
import {
  Adx, Atr, Bollinger, Ema, Macd, Obv, Rsi, RollingCorrelation, RollingMax, RollingMin, RollingOls, RollingStd,
  RollingZScore, Sma, Stochastic, Vwap, Wma, adx, atr, bollinger, ema, macd, obv, rollingOls, rollingStd, rollingZScore,
  rsi, sma, stochastic, trueRange, vwap, wma,
} from '../../../src/shared/indicators';
import { InputError } from '../../../src/shared/errors';

const f = (xs: number[]): Float64Array => Float64Array.from(xs);

/** Compares element-wise to 1e-10; NaN must match NaN. */
function expectSeries(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    if (Number.isNaN(e)) expect(actual[i], `index ${i}`).toBeNaN();
    else expect(Math.abs(actual[i]! - e), `index ${i}: ${actual[i]} vs ${e}`).toBeLessThan(1e-10);
  }
}

// Five bars used by ATR, Stochastic and ADX (high, low, close), plus a sixth for ADX.
//   0: 10  8  9
//   1: 11  9 10      TR = max(2, |11−9|, |9−9|)        = 2
//   2: 12 10 11.5    TR = max(2, |12−10|, |10−10|)     = 2
//   3: 11  9  9.5    TR = max(2, |11−11.5|, |9−11.5|)  = 2.5
//   4: 14 12 13      TR = max(2, |14−9.5|, |12−9.5|)   = 4.5  (gap up)
//   5: 13 10 10.5    TR = max(3, |13−13|, |10−13|)     = 3
const H = f([10, 11, 12, 11, 14, 13]);
const L = f([8, 9, 10, 9, 12, 10]);
const C = f([9, 10, 11.5, 9.5, 13, 10.5]);

describe('moving averages by hand', () => {
  it('SMA(3) of 1..5 is NaN, NaN, 2, 3, 4', () => {
    expectSeries(sma(f([1, 2, 3, 4, 5]), 3), [NaN, NaN, 2, 3, 4]);
  });

  it('EMA(3) is seeded by the SMA of the first 3 values, then alpha = 0.5', () => {
    // seed (2+4+6)/3 = 4; 4 + .5(8−4) = 6; 6 + .5(4−6) = 5; 5 + .5(2−5) = 3.5
    expectSeries(ema(f([2, 4, 6, 8, 4, 2]), 3), [NaN, NaN, 4, 6, 5, 3.5]);
  });

  it('WMA(3) weights 1, 2, 3 over 6', () => {
    // (1+4+9)/6 = 14/6; (2+6+12)/6 = 20/6; (3+8+30)/6 = 41/6; (4+20+3·7)/6 = 45/6
    expectSeries(wma(f([1, 2, 3, 4, 10, 7]), 3), [NaN, NaN, 14 / 6, 20 / 6, 41 / 6, 45 / 6]);
  });

  it('a one-bar average is the input itself', () => {
    expectSeries(sma(f([3, 1, 4]), 1), [3, 1, 4]);
    expectSeries(ema(f([3, 1, 4]), 1), [3, 1, 4]);
    expectSeries(wma(f([3, 1, 4]), 1), [3, 1, 4]);
  });
});

describe('RSI (Wilder) by hand', () => {
  it('RSI(3) of 10, 11, 10.5, 11.5, 12, 11', () => {
    // changes +1, −.5, +1, +.5, −1. Seed: gain (1+0+1)/3 = 2/3, loss .5/3 = 1/6 → 100·(2/3)/(5/6) = 80.
    // next: gain (2·2/3 + .5)/3 = 11/18, loss (2·1/6)/3 = 2/18 → 100·11/13.
    // next: gain (2·11/18)/3 = 11/27, loss (2·2/18 + 1)/3 = 11/27 → 50.
    expectSeries(rsi(f([10, 11, 10.5, 11.5, 12, 11]), 3), [NaN, NaN, NaN, 80, 1100 / 13, 50]);
  });

  it('is 100 for a rising series, 0 for a falling one and 50 for a flat one', () => {
    expect(rsi(f([1, 2, 3, 4, 5]), 3)[4]).toBe(100);
    expect(rsi(f([5, 4, 3, 2, 1]), 3)[4]).toBe(0);
    expect(rsi(f([7, 7, 7, 7, 7]), 3)[4]).toBe(50);
  });
});

describe('MACD by hand', () => {
  it('MACD(2, 3, 2) of 1, 2, 4, 8, 16', () => {
    // EMA2 (alpha 2/3): –, 3/2, 19/6, 115/18, 691/54. EMA3 (alpha 1/2): –, –, 7/3, 31/6, 127/12.
    // line: 19/6 − 7/3 = 5/6; 115/18 − 31/6 = 11/9; 691/54 − 127/12 = 239/108.
    // signal EMA2 of the line: seed (5/6 + 11/9)/2 = 37/36; 37/36 + 2/3·(239/108 − 37/36) = 589/324.
    const out = macd(f([1, 2, 4, 8, 16]), 2, 3, 2);
    expectSeries(out.macd, [NaN, NaN, 5 / 6, 11 / 9, 239 / 108]);
    expectSeries(out.signal, [NaN, NaN, NaN, 37 / 36, 589 / 324]);
    expectSeries(out.histogram, [NaN, NaN, NaN, 11 / 9 - 37 / 36, 239 / 108 - 589 / 324]);
  });

  it('rejects a fast period that is not shorter than the slow one', () => {
    expect(() => new Macd(26, 12, 9)).toThrow(InputError);
  });

  it('12/26/9 shows the line at index 25 and the signal at index 33', () => {
    const xs = Float64Array.from({ length: 40 }, (_, i) => 100 + Math.sin(i));
    const out = macd(xs);
    expect(out.macd[24]).toBeNaN();
    expect(out.macd[25]).not.toBeNaN();
    expect(out.signal[32]).toBeNaN();
    expect(out.signal[33]).not.toBeNaN();
  });
});

describe('Bollinger Bands by hand (population std)', () => {
  it('period 3, k 2', () => {
    // [1,2,3]: mean 2, variance (1+0+1)/3 = 2/3. [3,4,6]: mean 13/3, deviations −4/3, −1/3, 5/3 → variance 42/27 = 14/9.
    const out = bollinger(f([1, 2, 3, 4, 6]), 3, 2);
    expectSeries(out.middle, [NaN, NaN, 2, 3, 13 / 3]);
    expectSeries(out.upper, [NaN, NaN, 2 + 2 * Math.sqrt(2 / 3), 3 + 2 * Math.sqrt(2 / 3), 13 / 3 + (2 * Math.sqrt(14)) / 3]);
    expectSeries(out.lower, [NaN, NaN, 2 - 2 * Math.sqrt(2 / 3), 3 - 2 * Math.sqrt(2 / 3), 13 / 3 - (2 * Math.sqrt(14)) / 3]);
  });
});

describe('ATR and Stochastic by hand', () => {
  it('true range is undefined on the first bar and takes gaps into account', () => {
    expectSeries(trueRange(H, L, C), [NaN, 2, 2, 2.5, 4.5, 3]);
  });

  it('ATR(3): mean of TR[1..3], then Wilder smoothing', () => {
    // (2 + 2 + 2.5)/3 = 13/6; (2·13/6 + 4.5)/3 = 53/18; (2·53/18 + 3)/3 = 80/27
    expectSeries(atr(H, L, C, 3), [NaN, NaN, NaN, 13 / 6, 53 / 18, 80 / 27]);
  });

  it('Stochastic(3, 2): %K and %D', () => {
    // bar 2: HH 12, LL 8, close 11.5 → 87.5. bar 3: HH 12, LL 9, 9.5 → 50/3. bar 4: HH 14, LL 9, 13 → 80.
    // bar 5: HH 14, LL 9, 10.5 → 30.
    const out = stochastic(H, L, C, 3, 2);
    expectSeries(out.k, [NaN, NaN, 87.5, 50 / 3, 80, 30]);
    expectSeries(out.d, [NaN, NaN, NaN, (87.5 + 50 / 3) / 2, (50 / 3 + 80) / 2, 55]);
  });

  it('slow Stochastic(3, 2, smoothing 2) averages %K first', () => {
    const out = stochastic(H, L, C, 3, 2, 2);
    expectSeries(out.k, [NaN, NaN, NaN, (87.5 + 50 / 3) / 2, (50 / 3 + 80) / 2, 55]);
    expectSeries(out.d, [NaN, NaN, NaN, NaN, ((87.5 + 50 / 3) / 2 + (50 / 3 + 80) / 2) / 2, ((50 / 3 + 80) / 2 + 55) / 2]);
  });

  it('a window without range gives %K 50', () => {
    const flat = f([5, 5, 5]);
    expectSeries(stochastic(flat, flat, flat, 2, 1).k, [NaN, 50, 50]);
  });
});

describe('ADX by hand', () => {
  it('ADX(2): +DI, −DI, DX and ADX', () => {
    // (+DM, −DM, TR) from bar 1: (1,0,2) (1,0,2) (0,1,2.5) (3,0,4.5) (0,2,3).
    // bar 2: avgTR 2, avg+ 1, avg− 0 → +DI 50, −DI 0, DX 100.
    // bar 3: avgTR (2+2.5)/2 = 2.25, avg+ .5, avg− .5 → DI 200/9 each, DX 0; ADX = (100+0)/2 = 50.
    // bar 4: avgTR 3.375, avg+ 1.75, avg− .25 → +DI 1.75/3.375, −DI .25/3.375, DX 75; ADX (50+75)/2 = 62.5.
    // bar 5: avgTR 3.1875, avg+ .875, avg− 1.125 → DX 12.5; ADX (62.5+12.5)/2 = 37.5.
    const out = adx(H, L, C, 2);
    expectSeries(out.plusDi, [NaN, NaN, 50, 200 / 9, 175 / 3.375, 87.5 / 3.1875]);
    expectSeries(out.minusDi, [NaN, NaN, 0, 200 / 9, 25 / 3.375, 112.5 / 3.1875]);
    expectSeries(out.adx, [NaN, NaN, NaN, 50, 62.5, 37.5]);
    const incremental = new Adx(2);
    for (let i = 0; i < H.length; i++) incremental.update(H[i]!, L[i]!, C[i]!);
    expect(incremental.dx).toBeCloseTo(12.5, 10);
  });
});

describe('volume indicators by hand', () => {
  it('OBV starts at 0 and adds or subtracts volume by the close direction', () => {
    expectSeries(obv(f([10, 11, 11, 10.5, 12]), f([100, 200, 300, 400, 500])), [0, 200, 200, -200, 300]);
  });

  it('VWAP accumulates typical price × volume and restarts when the session key changes', () => {
    // session 1: tp 10 × 100, tp 11 × 300 → 4300/400 = 10.75. session 2: tp 20 × 50, tp 22 × 150 → 4300/200 = 21.5.
    const out = vwap(f([11, 12, 21, 22]), f([9, 10, 19, 20]), f([10, 11, 20, 24]), f([100, 300, 50, 150]), f([1, 1, 2, 2]));
    expectSeries(out, [10, 10.75, 20, 21.5]);
    expectSeries(vwap(f([11, 12]), f([9, 10]), f([10, 11]), f([0, 0])), [NaN, NaN]);
  });
});

describe('rolling statistics by hand', () => {
  const xs = f([2, 4, 4, 4, 5, 5, 7, 9]);

  it('population and sample standard deviation', () => {
    // [2,4,4]: mean 10/3, Σd² = 16/9 + 4/9 + 4/9 = 24/9 → population 8/9, sample 4/3. [4,4,4]: 0. [4,4,5]: Σd² = 2/3.
    expectSeries(rollingStd(xs, 3).subarray(0, 5), [NaN, NaN, Math.sqrt(8 / 9), 0, Math.sqrt(2 / 9)]);
    expectSeries(rollingStd(xs, 3, 1).subarray(0, 5), [NaN, NaN, Math.sqrt(4 / 3), 0, Math.sqrt(1 / 3)]);
    expect(() => new RollingStd(1, 1)).toThrow(InputError);
  });

  it('z-score of the current value within its window; 0 when the window has no spread', () => {
    // [2,4,4]: (4 − 10/3)/√(8/9) = 1/√2. [4,4,4]: 0. [4,4,5]: (5 − 13/3)/√(2/9) = √2.
    expectSeries(rollingZScore(xs, 3).subarray(0, 5), [NaN, NaN, Math.SQRT1_2, 0, Math.SQRT2]);
  });

  it('rolling OLS slope and intercept, and correlation', () => {
    // x 1,2,3 / y 2,4,7: x̄ 2, ȳ 13/3, Sxy 5, Sxx 2 → slope 2.5, intercept −2/3; Syy 114/9 → r = 15/√228.
    // x 2,3,4 / y 4,7,8: x̄ 3, ȳ 19/3, Sxy 4 → slope 2, intercept 1/3.
    const out = rollingOls(f([2, 4, 7, 8]), f([1, 2, 3, 4]), 3);
    expectSeries(out.slope, [NaN, NaN, 2.5, 2]);
    expectSeries(out.intercept, [NaN, NaN, -2 / 3, 1 / 3]);
    const r = new RollingCorrelation(3);
    r.update(1, 2);
    r.update(2, 4);
    expect(r.update(3, 7)).toBeCloseTo(15 / Math.sqrt(228), 12);
  });

  it('OLS and correlation are NaN when x has no spread', () => {
    const ols = new RollingOls(2);
    ols.update(1, 5);
    expect(ols.update(2, 5)).toBeNaN();
    expect(ols.intercept).toBeNaN();
    const r = new RollingCorrelation(2);
    r.update(5, 1);
    expect(r.update(5, 2)).toBeNaN();
  });

  it('rolling max and min', () => {
    const mx = new RollingMax(3);
    const mn = new RollingMin(3);
    const seq = [5, 1, 3, 2, 2, 8, 0, 0, 0];
    const highs = seq.map((x) => mx.update(x));
    const lows = seq.map((x) => mn.update(x));
    expectSeries(highs, [NaN, NaN, 5, 3, 3, 8, 8, 8, 0]);
    expectSeries(lows, [NaN, NaN, 1, 1, 2, 2, 0, 0, 0]);
  });
});

describe('incremental objects', () => {
  it('expose value and ready, and start over after reset()', () => {
    const s = new Sma(2);
    expect(s.ready).toBe(false);
    expect(s.update(1)).toBeNaN();
    expect(s.update(3)).toBe(2);
    expect(s.ready).toBe(true);
    expect(s.value).toBe(2);
    s.reset();
    expect(s.ready).toBe(false);
    expect(s.value).toBeNaN();
    expect(s.update(10)).toBeNaN();
    expect(s.update(20)).toBe(15);
  });

  it('multi-output indicators expose named fields', () => {
    const m = new Macd(2, 3, 2);
    for (const x of [1, 2, 4, 8, 16]) m.update(x);
    expect(m.ready).toBe(true);
    expect(m.macd).toBeCloseTo(239 / 108, 12);
    expect(m.signal).toBeCloseTo(589 / 324, 12);
    expect(m.histogram).toBeCloseTo(239 / 108 - 589 / 324, 12);
    const b = new Bollinger(3, 2);
    for (const x of [1, 2, 3]) b.update(x);
    expect([b.lower, b.middle, b.upper, b.std].every(Number.isFinite)).toBe(true);
    const st = new Stochastic(3, 2);
    for (let i = 0; i < 4; i++) st.update(H[i]!, L[i]!, C[i]!);
    expect(st.k).toBeCloseTo(50 / 3, 12);
    expect(st.d).toBeCloseTo((87.5 + 50 / 3) / 2, 12);
  });

  it('reject periods that are not whole numbers ≥ 1 with an InputError', () => {
    for (const bad of [0, -3, 2.5, NaN]) {
      expect(() => new Sma(bad)).toThrow(InputError);
      expect(() => new Ema(bad)).toThrow(InputError);
      expect(() => new Rsi(bad)).toThrow(InputError);
    }
    expect(() => new Bollinger(20, -1)).toThrow(InputError);
    expect(() => new RollingOls(1)).toThrow(InputError);
  });

  it('batch functions reject columns of different lengths', () => {
    expect(() => atr(f([1, 2]), f([1]), f([1, 2]))).toThrow(/same length/);
  });
});

describe('non-finite inputs are skipped', () => {
  it('one-input indicators: state unchanged, the current value is returned, the gap does not count as a bar', () => {
    expectSeries(sma(f([1, NaN, 2, 3, Infinity, 4]), 2), [NaN, NaN, 1.5, 2.5, 2.5, 3.5]);
    expectSeries(ema(f([2, 4, NaN, 6, 8]), 3), [NaN, NaN, NaN, 4, 6]);
    expectSeries(rollingStd(f([1, NaN, 3]), 2), [NaN, NaN, 1]);
    expectSeries(rsi(f([1, 2, NaN, 3]), 2), [NaN, NaN, NaN, 100]);
    const w = new Wma(2);
    w.update(1);
    w.update(NaN);
    expect(w.update(4)).toBeCloseTo(3, 12);
  });

  it('multi-input indicators skip a bar with any non-finite field', () => {
    const a = new Atr(3);
    for (let i = 0; i < 4; i++) {
      a.update(H[i]!, L[i]!, C[i]!);
      if (i === 1) expect(a.update(NaN, 5, 5)).toBeNaN();
    }
    expect(a.value).toBeCloseTo(13 / 6, 12);
    const o = new Obv();
    o.update(10, 100);
    o.update(11, NaN);
    expect(o.update(12, 50)).toBe(50);
    const v = new Vwap();
    v.update(11, 9, 10, 100);
    expect(v.update(NaN, 9, 10, 100)).toBe(10);
    const z = new RollingZScore(2);
    z.update(1);
    expect(z.update(NaN)).toBeNaN();
    expect(z.update(3)).toBe(1);
  });
});
