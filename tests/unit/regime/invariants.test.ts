import { describe, expect, it } from 'vitest';
import { MS_PER_DAY, weekdayOfDays } from '../../../src/shared/market/civil-days';
import { SeededRandom } from '../../../src/shared/math/random';
import { RegimeBank } from '../../../src/shared/regime/bank';
import { resolveRegimeConfig } from '../../../src/shared/regime/config';
import { RegimeStepOutput } from '../../../src/shared/regime/output';
import { simulateRegimeSeries } from '../../../src/shared/regime/synthetic';
import { predictModes, referenceTransitionMatrix, scaleTransitionMatrix } from '../../../src/shared/regime/transition';
import { spyBars, stepProblem } from '../../helpers/regime';

interface Series {
  t: Float64Array;
  close: Float64Array;
}

function weekdays(count: number, startYear = 2001): Float64Array {
  const t = new Float64Array(count);
  let day = Math.floor(Date.UTC(startYear, 0, 1) / MS_PER_DAY);
  for (let i = 0; i < count; i++) {
    while (weekdayOfDays(day) === 0 || weekdayOfDays(day) === 6) day++;
    t[i] = day * MS_PER_DAY;
    day++;
  }
  return t;
}

/**
 * Runs the bank over a series checking every invariant on every bar, and that each missing bar
 * gives exactly Π_dtᵀ·μ of the bar before. Returns how many bars were checked.
 */
function checkEveryBar(series: Series, options: { config?: Parameters<typeof resolveRegimeConfig>[0]; calendar?: 'us-equity' | 'weekdays' | 'continuous'; timeframe?: string } = {}): { bars: number; missing: number } {
  const config = resolveRegimeConfig(options.config);
  const bank = new RegimeBank({ config, clock: { timeframe: options.timeframe ?? '1Day', calendar: options.calendar ?? 'weekdays' } });
  const out = new RegimeStepOutput();
  const reference = referenceTransitionMatrix(config.transition.matrix, config.transition.stayProbability);
  const matrix = new Float64Array(36);
  const expected = new Float64Array(6);
  let previous = new Float64Array(6);
  let previousT = Number.NaN;
  let bars = 0;
  let missing = 0;
  for (let i = 0; i < series.t.length; i++) {
    if (!bank.step(series.t[i]!, series.close[i]!, out)) continue;
    const problem = stepProblem(bank, out);
    if (problem) throw new Error(`bar ${i} (t=${new Date(series.t[i]!).toISOString()}): ${problem}`);
    if (!out.observed && bars > 0) {
      // The bank's own dt for this step, from the clock it was given.
      const dtYears = (bank as unknown as { clock: { dt: number } }).clock.dt;
      scaleTransitionMatrix(reference, dtYears / config.transition.referenceDt, matrix);
      predictModes(matrix, previous, 0, expected, 0, config.transition.probabilityFloor);
      for (let j = 0; j < 6; j++) if (out.probabilities[j] !== expected[j]) throw new Error(`missing bar ${i}: μ[${j}] = ${out.probabilities[j]} but Π_dtᵀ·μ gives ${expected[j]} (previous t ${previousT})`);
      missing++;
    }
    previous = out.probabilities.slice();
    previousT = out.t;
    bars++;
  }
  return { bars, missing };
}

describe('invariants on every bar of adversarial series', () => {
  it('21 years of real SPY daily bars (US equity calendar)', () => {
    const spy = spyBars();
    expect(checkEveryBar({ t: spy.t, close: spy.close }, { calendar: 'us-equity' }).bars).toBe(spy.t.length);
  });

  it('flat prices for 2,000 bars (zero returns, σ_obs decaying to 0), at $0.0001 and at $1,000,000', () => {
    for (const price of [1e-4, 1e6]) {
      const t = weekdays(2000);
      expect(checkEveryBar({ t, close: new Float64Array(2000).fill(price) }).bars).toBe(2000);
    }
  });

  it('stretches of 50 missing bars (given as NaN) and gaps of 50 bars in the timestamps', () => {
    const sim = simulateRegimeSeries({ bars: 3000, seed: 5 });
    const close = sim.close.slice();
    for (const start of [300, 1200, 2500]) close.fill(Number.NaN, start, start + 50);
    const run = checkEveryBar({ t: sim.t, close });
    expect(run.missing).toBe(150);
    const keep = Array.from(sim.t.keys()).filter((i) => !(i >= 400 && i < 450) && !(i >= 2000 && i < 2050));
    expect(checkEveryBar({ t: Float64Array.from(keep, (i) => sim.t[i]!), close: Float64Array.from(keep, (i) => sim.close[i]!) }).bars).toBe(2900);
  });

  it('±50% jumps every 100 bars, and a crash to a tenth', () => {
    const sim = simulateRegimeSeries({ bars: 3000, seed: 9 });
    const close = sim.close.slice();
    let factor = 1;
    for (let i = 0; i < close.length; i++) {
      if (i % 100 === 50) factor *= i % 200 === 50 ? 1.5 : 0.5;
      if (i === 2500) factor *= 0.1;
      close[i] = close[i]! * factor;
    }
    expect(checkEveryBar({ t: sim.t, close }).bars).toBe(3000);
  });

  it('10⁵ bars with 5% of them missing', () => {
    const sim = simulateRegimeSeries({ bars: 100_000, seed: 13 });
    const random = new SeededRandom(99);
    const close = sim.close.map((c, i) => (i > 0 && random.uniform() < 0.05 ? Number.NaN : c));
    const run = checkEveryBar({ t: sim.t, close });
    expect(run.bars).toBe(100_000);
    expect(run.missing).toBeGreaterThan(4500);
  });

  it('minute bars over several sessions with overnight gaps, IMM mixing and the original transition matrix', () => {
    const t: number[] = [];
    const close: number[] = [];
    const random = new SeededRandom(4);
    let price = 50;
    for (let d = 0; d < 5; d++) {
      const open = Date.UTC(2024, 5, 10 + d, 13, 30); // 09:30 New York (summer)
      for (let m = 0; m < 390; m++) {
        price *= Math.exp(0.0008 * random.normal());
        t.push(open + m * 60_000);
        close.push(m === 200 && d === 2 ? Number.NaN : price);
      }
    }
    const series = { t: Float64Array.from(t), close: Float64Array.from(close) };
    expect(checkEveryBar(series, { timeframe: '1Min', calendar: 'us-equity' }).bars).toBe(1950);
    expect(checkEveryBar(series, { timeframe: '1Min', calendar: 'us-equity', config: { mixing: 'imm', transition: { stayProbability: null } } }).bars).toBe(1950);
  });

  it('the spec’s original forms run clean too: joint likelihood, price-noise inflation, sigma-point update, no expected mode', () => {
    const sim = simulateRegimeSeries({ bars: 2000, seed: 21 });
    const close = sim.close.map((c, i) => (i % 37 === 0 && i > 0 ? Number.NaN : c));
    for (const config of [
      { measurement: { likelihood: 'joint' as const }, missing: { inflatePriceNoise: true } },
      { unscented: { measurementUpdate: 'sigma-points' as const } },
      { expectedMode: { enabled: false } },
    ]) {
      expect(checkEveryBar({ t: sim.t, close }, { config }).bars).toBe(2000);
    }
  });

  it('bars that do not move forward in time, and missing bars before the first price, are refused without touching the state', () => {
    const bank = new RegimeBank({ clock: { timeframe: '1Day' } });
    const out = new RegimeStepOutput();
    const t0 = Date.UTC(2024, 0, 2);
    expect(bank.step(t0, Number.NaN, out)).toBe(false);
    expect(bank.step(Number.NaN, 100, out)).toBe(false);
    expect(bank.step(t0, 100, out)).toBe(true);
    const before = bank.saveState();
    expect(bank.step(t0, 101, out)).toBe(false);
    expect(bank.step(t0 - MS_PER_DAY, 101, out)).toBe(false);
    expect(Array.from(bank.saveState())).toEqual(Array.from(before));
    expect(bank.step(t0 + MS_PER_DAY, -5, out)).toBe(true); // a non-positive close is a missing bar
    expect(out.observed).toBe(false);
  });
});
