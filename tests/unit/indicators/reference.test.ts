import { describe, expect, it } from 'vitest';
import {
  Adx, Atr, Bollinger, Ema, Macd, Obv, RollingCorrelation, RollingMax, RollingMin, RollingOls, RollingStd,
  RollingZScore, Rsi, Sma, Stochastic, Vwap, Wma, adx, atr, bollinger, ema, macd, obv, rollingCorrelation,
  rollingMax, rollingMin, rollingOls, rollingStd, rollingZScore, rsi, sessionDayKeys, sma, stochastic, vwap, wma,
} from '../../../src/shared/indicators';
import { loadSpyDaily } from '../../helpers/spy-fixture';
import {
  maxRelativeError, refAdx, refAtr, refEma, refOls, refPopulationStd, refRsi, refSma, refStochastic, refWma,
} from './reference';

const spy = loadSpyDaily();
const { h, l, c, v } = spy;

describe('indicators on 5241 SPY daily bars match straightforward O(n·period) definitions', () => {
  it('SMA, EMA, WMA for several periods', () => {
    for (const period of [1, 2, 5, 20, 200]) {
      expect(maxRelativeError(sma(c, period), refSma(c, period)), `SMA ${period}`).toBeLessThan(1e-12);
      expect(maxRelativeError(ema(c, period), refEma(c, period)), `EMA ${period}`).toBeLessThan(1e-12);
      expect(maxRelativeError(wma(c, period), refWma(c, period)), `WMA ${period}`).toBeLessThan(1e-12);
    }
  });

  it('RSI 14 and 2', () => {
    for (const period of [2, 14]) expect(maxRelativeError(rsi(c, period), refRsi(c, period))).toBeLessThan(1e-10);
  });

  it('MACD 12/26/9 is EMA12 − EMA26 and its 9-EMA', () => {
    const out = macd(c);
    const line = refEma(c, 12).map((x, i) => x - refEma(c, 26)[i]!);
    const firstLine = line.findIndex((x) => !Number.isNaN(x));
    const signal = [...new Array<number>(firstLine).fill(NaN), ...refEma(line.slice(firstLine), 9)];
    expect(maxRelativeError(out.macd, line)).toBeLessThan(1e-10);
    expect(maxRelativeError(out.signal, signal)).toBeLessThan(1e-10);
    expect(maxRelativeError(out.histogram, line.map((x, i) => x - signal[i]!))).toBeLessThan(1e-10);
  });

  it('Bollinger 20/2 and rolling std (population and sample)', () => {
    const out = bollinger(c, 20, 2);
    const mid = refSma(c, 20);
    const sd = refPopulationStd(c, 20);
    expect(maxRelativeError(out.middle, mid)).toBeLessThan(1e-12);
    expect(maxRelativeError(out.upper, mid.map((m, i) => m + 2 * sd[i]!))).toBeLessThan(1e-11);
    expect(maxRelativeError(out.lower, mid.map((m, i) => m - 2 * sd[i]!))).toBeLessThan(1e-11);
    for (const period of [2, 20, 63]) {
      expect(maxRelativeError(rollingStd(c, period), refPopulationStd(c, period))).toBeLessThan(1e-11);
      expect(maxRelativeError(rollingStd(c, period, 1), refPopulationStd(c, period, 1))).toBeLessThan(1e-11);
    }
  });

  it('z-score 20', () => {
    const mid = refSma(c, 20);
    const sd = refPopulationStd(c, 20);
    expect(maxRelativeError(rollingZScore(c, 20), Array.from(c, (x, i) => (x - mid[i]!) / sd[i]!))).toBeLessThan(1e-9);
  });

  it('ATR 14 and Stochastic 14/3', () => {
    expect(maxRelativeError(atr(h, l, c, 14), refAtr(h, l, c, 14))).toBeLessThan(1e-12);
    const st = stochastic(h, l, c, 14, 3);
    const ref = refStochastic(h, l, c, 14, 3);
    expect(maxRelativeError(st.k, ref.k)).toBeLessThan(1e-11);
    expect(maxRelativeError(st.d, ref.d)).toBeLessThan(1e-11);
  });

  it("ADX 14 equals Wilder's running-sum bookkeeping", () => {
    const out = adx(h, l, c, 14);
    const ref = refAdx(h, l, c, 14);
    expect(out.adx[26]).toBeNaN();
    expect(out.adx[27]).not.toBeNaN();
    expect(maxRelativeError(out.plusDi, ref.plusDi)).toBeLessThan(1e-10);
    expect(maxRelativeError(out.minusDi, ref.minusDi)).toBeLessThan(1e-10);
    expect(maxRelativeError(out.adx, ref.adx)).toBeLessThan(1e-10);
  });

  it('OBV and cumulative VWAP', () => {
    let acc = 0;
    const refObv = Array.from(c, (x, i) => (i === 0 ? 0 : (acc += x > c[i - 1]! ? v[i]! : x < c[i - 1]! ? -v[i]! : 0)));
    expect(maxRelativeError(obv(c, v), refObv)).toBe(0);
    let pv = 0;
    let vol = 0;
    const refVwap = Array.from(c, (x, i) => {
      pv += ((h[i]! + l[i]! + x) / 3) * v[i]!;
      vol += v[i]!;
      return pv / vol;
    });
    expect(maxRelativeError(vwap(h, l, c, v), refVwap)).toBeLessThan(1e-12);
  });

  it('rolling OLS and correlation of SPY close on SPY open', () => {
    for (const period of [20, 60]) {
      const out = rollingOls(c, spy.o, period);
      const ref = refOls(c, spy.o, period);
      expect(maxRelativeError(out.slope, ref.slope)).toBeLessThan(1e-9);
      expect(maxRelativeError(out.intercept, ref.intercept)).toBeLessThan(1e-9);
      expect(maxRelativeError(rollingCorrelation(c, spy.o, period), ref.correlation)).toBeLessThan(1e-9);
    }
  });

  it('rolling max and min', () => {
    const ref = (pick: (w: number[]) => number) => Array.from(h, (_, i) => (i < 9 ? NaN : pick(Array.from(h.subarray(i - 9, i + 1)))));
    expect(maxRelativeError(rollingMax(h, 10), ref((w) => Math.max(...w)))).toBe(0);
    expect(maxRelativeError(rollingMin(h, 10), ref((w) => Math.min(...w)))).toBe(0);
  });
});

describe('batch and incremental forms give identical numbers', () => {
  it('for every indicator on SPY', () => {
    const single: Array<[string, { update(x: number): number }, Float64Array]> = [
      ['sma', new Sma(20), sma(c, 20)], ['ema', new Ema(20), ema(c, 20)], ['wma', new Wma(20), wma(c, 20)],
      ['rsi', new Rsi(14), rsi(c, 14)], ['std', new RollingStd(20), rollingStd(c, 20)],
      ['z', new RollingZScore(20), rollingZScore(c, 20)], ['max', new RollingMax(20), rollingMax(c, 20)],
      ['min', new RollingMin(20), rollingMin(c, 20)],
    ];
    for (const [name, indicator, batch] of single) {
      for (let i = 0; i < c.length; i++) expect(Object.is(indicator.update(c[i]!), batch[i]!), `${name} at ${i}`).toBe(true);
    }
    const m = new Macd();
    const b = new Bollinger();
    const a = new Atr();
    const s = new Stochastic(14, 3, 3);
    const d = new Adx();
    const o = new Obv();
    const w = new Vwap();
    const ols = new RollingOls(20);
    const r = new RollingCorrelation(20);
    const mb = macd(c);
    const bb = bollinger(c);
    const ab = atr(h, l, c);
    const sb = stochastic(h, l, c, 14, 3, 3);
    const db = adx(h, l, c);
    const ob = obv(c, v);
    const wb = vwap(h, l, c, v);
    const olsb = rollingOls(c, spy.o, 20);
    const rb = rollingCorrelation(c, spy.o, 20);
    const same = (x: number, y: number) => Object.is(x, y);
    for (let i = 0; i < c.length; i++) {
      m.update(c[i]!);
      b.update(c[i]!);
      a.update(h[i]!, l[i]!, c[i]!);
      s.update(h[i]!, l[i]!, c[i]!);
      d.update(h[i]!, l[i]!, c[i]!);
      o.update(c[i]!, v[i]!);
      w.update(h[i]!, l[i]!, c[i]!, v[i]!);
      ols.update(c[i]!, spy.o[i]!);
      r.update(c[i]!, spy.o[i]!);
      const ok = same(m.signal, mb.signal[i]!) && same(m.histogram, mb.histogram[i]!) && same(b.upper, bb.upper[i]!)
        && same(b.lower, bb.lower[i]!) && same(a.value, ab[i]!) && same(s.k, sb.k[i]!) && same(s.d, sb.d[i]!)
        && same(d.adx, db.adx[i]!) && same(d.plusDi, db.plusDi[i]!) && same(o.value, ob[i]!) && same(w.value, wb[i]!)
        && same(ols.slope, olsb.slope[i]!) && same(ols.intercept, olsb.intercept[i]!) && same(r.value, rb[i]!);
      expect(ok, `bar ${i}`).toBe(true);
    }
  });
});

describe('numerical stability', () => {
  // Deterministic noise in [−1, 1] without Math.random.
  const noise = (i: number): number => (((i * 7919) % 2003) / 1001) - 1;

  /** Reference std computed on the exactly-representable offsets from a known level. */
  function offsetStd(xs: Float64Array, level: (i: number) => number, period: number): number[] {
    const offsets = Float64Array.from(xs, (x, i) => x - level(i));
    // The level is linear in i, so the window's std of x equals that of (offset + level) — recomputed here in two passes.
    const out: number[] = new Array<number>(xs.length).fill(NaN);
    for (let i = period - 1; i < xs.length; i++) {
      let m = 0;
      for (let j = i - period + 1; j <= i; j++) m += offsets[j]! + (level(j) - level(i));
      m /= period;
      let s = 0;
      for (let j = i - period + 1; j <= i; j++) s += (offsets[j]! + (level(j) - level(i)) - m) ** 2;
      out[i] = Math.sqrt(s / period);
    }
    return out;
  }

  it('rolling std of prices near 1e6 with a spread of 1e-4 over 200,000 bars keeps 12 significant digits', () => {
    const n = 200_000;
    const level = (): number => 1e6;
    const xs = Float64Array.from({ length: n }, (_, i) => level() + 1e-4 * noise(i));
    const ours = rollingStd(xs, 20);
    const ref = offsetStd(xs, level, 20);
    let worst = 0;
    for (let i = 19; i < n; i++) worst = Math.max(worst, Math.abs(ours[i]! - ref[i]!) / ref[i]!);
    expect(worst).toBeLessThan(1e-12);
    // The textbook running Σx and Σx² would be useless here: Σx² ≈ 2e13 has an ulp of 4e-3.
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < 20; i++) {
      s1 += xs[i]!;
      s2 += xs[i]! * xs[i]!;
    }
    const naive = Math.sqrt(Math.max(0, s2 / 20 - (s1 / 20) ** 2));
    expect(Math.abs(naive - ref[19]!) / ref[19]!).toBeGreaterThan(0.5);
  });

  it('rolling std of a trending 1e6-level series, with z-score and Bollinger consistent with it', () => {
    const n = 100_000;
    const level = (i: number): number => 1e6 + 0.5 * i;
    const xs = Float64Array.from({ length: n }, (_, i) => level(i) + 1e-3 * noise(i));
    const ref = offsetStd(xs, level, 50);
    const ours = rollingStd(xs, 50);
    const bands = bollinger(xs, 50, 2);
    let worst = 0;
    for (let i = 49; i < n; i++) {
      worst = Math.max(worst, Math.abs(ours[i]! - ref[i]!) / ref[i]!);
      worst = Math.max(worst, Math.abs((bands.upper[i]! - bands.lower[i]!) / 4 - ref[i]!) / ref[i]!);
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('a volatile window that turns flat has exactly zero spread', () => {
    const xs = Float64Array.from([1e6 + 0.37, 1e6 - 12.5, 1e6 + 3.25, 1e6, 1e6, 1e6, 1e6]);
    const out = rollingStd(xs, 3);
    expect(out[5]).toBe(0);
    expect(out[6]).toBe(0);
    expect(rollingZScore(xs, 3)[6]).toBe(0);
  });

  it('SMA and WMA do not drift over a million bars', () => {
    const n = 1_000_000;
    const xs = Float64Array.from({ length: n }, (_, i) => 1000 + 100 * Math.sin(i / 37) + noise(i));
    const s = sma(xs, 50);
    const w = wma(xs, 50);
    for (const i of [n - 1, n - 2, n - 37]) {
      expect(Math.abs(s[i]! - refSma(xs.subarray(i - 49, i + 1), 50)[49]!)).toBeLessThan(1e-10);
      expect(Math.abs(w[i]! - refWma(xs.subarray(i - 49, i + 1), 50)[49]!)).toBeLessThan(1e-10);
    }
  });
});

describe('session keys for VWAP', () => {
  it('group New York bars by their local trading date across midnight UTC and daylight saving', () => {
    const t = Float64Array.from([
      Date.parse('2013-10-07T13:30:00Z'), // 09:30 EDT Monday
      Date.parse('2013-10-07T23:30:00Z'), // 19:30 EDT, same local day (after-hours)
      Date.parse('2013-10-08T00:30:00Z'), // 20:30 EDT Monday, already Tuesday in UTC
      Date.parse('2013-10-08T13:30:00Z'), // Tuesday
      Date.parse('2013-11-04T14:30:00Z'), // 09:30 EST after the change
      Date.parse('2013-11-05T04:30:00Z'), // 23:30 EST Monday
    ]);
    const keys = sessionDayKeys(t, 'America/New_York');
    expect(keys[0]).toBe(keys[1]);
    expect(keys[1]).toBe(keys[2]);
    expect(keys[3]).toBe(keys[0]! + 1);
    expect(keys[4]).toBe(keys[5]);
    expect(keys[4]).toBe(Date.UTC(2013, 10, 4) / 86_400_000);
    expect(Array.from(sessionDayKeys(t))).toEqual(Array.from(t, (x) => Math.floor(x / 86_400_000)));
  });
});
