import { describe, expect, it } from 'vitest';
import { barsPerYear, parseTimeframe } from '../../../src/shared/domain/timeframe';
import { InputError } from '../../../src/shared/errors';
import {
  analyzeDrawdowns, computePerformanceMetrics, drawdownSeries, tradeStatistics, type ClosedTrade, type PerformanceMetrics,
} from '../../../src/shared/metrics';
import { loadSpyDaily } from '../../helpers/spy-fixture';

const DAILY = barsPerYear(parseTimeframe('1Day')!);
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const f = (xs: number[]): Float64Array => Float64Array.from(xs);

// Six daily bars, 2020-01-01 → 2020-01-08 (7 calendar days), equity moving +10%, −10%, +10%, −10%, +20%.
const T = f(['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07', '2020-01-08'].map(day));
const EQUITY = f([100, 110, 99, 108.9, 98.01, 117.612]);

/** Every number anywhere in the object is finite (null is allowed); nothing would print as NaN/Infinity. */
function expectJsonSafe(metrics: PerformanceMetrics): void {
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'number') expect(Number.isFinite(value), path).toBe(true);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
  };
  walk(metrics, 'metrics');
  expect(JSON.stringify(metrics)).not.toMatch(/NaN|Infinity/);
}

describe('performance metrics worked out by hand', () => {
  const m = computePerformanceMetrics({ t: T, equity: EQUITY, barsPerYear: DAILY });

  it('returns, CAGR, volatility, Sharpe, Sortino', () => {
    expect(m.bars).toBe(6);
    expect(m.totalReturn).toBeCloseTo(0.17612, 12);
    // calendar years = 7 / 365.25
    expect(m.years).toBeCloseTo(7 / 365.25, 15);
    expect(m.cagr).toBeCloseTo(Math.pow(1.17612, 365.25 / 7) - 1, 6);
    // returns .1 −.1 .1 −.1 .2: mean .04; deviations .06 −.14 .06 −.14 .16 → Σd² = .072; sample var .072/4 = .018
    expect(m.annualizedVolatility).toBeCloseTo(Math.sqrt(0.018 * 252), 12);
    // Sharpe = .04 / √.018 × √252 = .04 √14000
    expect(m.sharpe).toBeCloseTo(0.04 * Math.sqrt(14000), 10);
    // downside deviation (target 0) = √((.01 + .01) / 5) = √.004 → Sortino = .04 √(252/.004) = .04 √63000
    expect(m.sortino).toBeCloseTo(0.04 * Math.sqrt(63000), 10);
  });

  it('max drawdown with its peak, trough, recovery and durations; Calmar', () => {
    // peak 110 (01-02); 99 is −10%; 108.9 −1%; 98.01 is 1 − 98.01/110 = 10.9% (01-07); back above at 117.612 (01-08)
    expect(m.maxDrawdown).toBeCloseTo(0.109, 14);
    expect(m.deepestDrawdown).toMatchObject({ peakIndex: 1, troughIndex: 4, recoveryIndex: 5, bars: 4, days: 6 });
    expect(m.deepestDrawdown!.peakT).toBe(day('2020-01-02'));
    expect(m.deepestDrawdown!.troughT).toBe(day('2020-01-07'));
    expect(m.deepestDrawdown!.recoveryT).toBe(day('2020-01-08'));
    expect(m.maxDrawdownBars).toBe(4);
    expect(m.maxDrawdownDays).toBe(6);
    expect(m.longestDrawdownBars).toBe(4);
    expect(m.calmar).toBeCloseTo(m.cagr! / 0.109, 6);
  });

  it('risk-free rate lowers Sharpe by the per-bar rate compounding to it', () => {
    const withRate = computePerformanceMetrics({ t: T, equity: EQUITY, barsPerYear: DAILY, riskFreeRate: 0.05 });
    const rf = Math.pow(1.05, 1 / 252) - 1;
    expect(withRate.sharpe).toBeCloseTo(((0.04 - rf) / Math.sqrt(0.018)) * Math.sqrt(252), 10);
    // Sortino target = rf: only the two −.1 returns fall below it, each by .1 + rf; divided by all 5 returns
    expect(withRate.sortino).toBeCloseTo(((0.04 - rf) / Math.sqrt((2 * (0.1 + rf) ** 2) / 5)) * Math.sqrt(252), 10);
  });

  it('trade statistics: win rate, profit factor, expectancy', () => {
    const trades: ClosedTrade[] = [
      { pnl: 50, returnFraction: 0.05, entryTime: day('2020-01-01'), exitTime: day('2020-01-03') },
      { pnl: -20, returnFraction: -0.02, entryTime: day('2020-01-03'), exitTime: day('2020-01-04') },
      { pnl: 0, returnFraction: 0, entryTime: day('2020-01-04'), exitTime: day('2020-01-05') },
      { pnl: 30, returnFraction: 0.03, entryTime: day('2020-01-05'), exitTime: day('2020-01-08') },
      { pnl: -10, returnFraction: -0.01, entryTime: day('2020-01-08'), exitTime: day('2020-01-10') },
    ];
    // wins 50, 30; losses −20, −10; one break-even. Win rate 2/5; PF 80/30; expectancy (80 − 30)/5 = 10
    const stats = tradeStatistics(trades);
    expect(stats).toMatchObject({
      tradeCount: 5, winners: 2, losers: 2, winRate: 0.4, profitFactor: 80 / 30, expectancy: 10,
      averageWin: 40, averageLoss: -15, grossProfit: 80, grossLoss: 30, averageHoldingDays: (2 + 1 + 1 + 3 + 2) / 5,
    });
    // (.05 − .02 + 0 + .03 − .01) / 5
    expect(stats.expectancyReturn).toBeCloseTo(0.01, 15);
    const onlyWins = tradeStatistics([trades[0]!]);
    expect(onlyWins.profitFactor).toBeNull();
    expect(onlyWins.winRate).toBe(1);
  });

  it('exposure and turnover', () => {
    const out = computePerformanceMetrics({ t: T, equity: EQUITY, barsPerYear: DAILY, position: f([0, 10, 10, 0, -5, 0]), tradedValue: 1000 });
    expect(out.exposure).toBe(0.5);
    // mean equity (100 + 110 + 99 + 108.9 + 98.01 + 117.612)/6 = 105.587; 1000 / 105.587 per 7/365.25 years
    expect(out.turnover).toBeCloseTo(1000 / 105.587 / (7 / 365.25), 8);
  });

  it('alpha and beta against a benchmark', () => {
    // strategy return = 0.01 + 2 × benchmark return, exactly → β = 2, α = 1% per bar
    const b = [0.01, -0.02, 0.03, 0, 0.01];
    const benchmark = [50];
    const equity = [100];
    for (const r of b) {
      benchmark.push(benchmark.at(-1)! * (1 + r));
      equity.push(equity.at(-1)! * (1 + 0.01 + 2 * r));
    }
    const out = computePerformanceMetrics({ t: T, equity: f(equity), barsPerYear: DAILY, benchmark: f(benchmark) });
    expect(out.beta).toBeCloseTo(2, 12);
    expect(out.alpha).toBeCloseTo(Math.pow(1.01, 252) - 1, 9);
    expect(out.benchmarkCorrelation).toBeCloseTo(1, 12);
    // with a risk-free rate: r − rf = (0.01 + rf) + 2(b − rf) → α per bar = 0.01 + rf
    const rf = Math.pow(1.03, 1 / 252) - 1;
    const withRate = computePerformanceMetrics({ t: T, equity: f(equity), barsPerYear: DAILY, benchmark: f(benchmark), riskFreeRate: 0.03 });
    expect(withRate.beta).toBeCloseTo(2, 12);
    expect(withRate.alpha).toBeCloseTo(Math.pow(1.01 + rf, 252) - 1, 9);
  });

  it('by regime: each return goes with the label of the bar it ends on', () => {
    // returns .1 −.1 .1 −.1 .2 end on bars 1..5 labelled bear, bull, bull, bull, crisis
    const out = computePerformanceMetrics({
      t: T, equity: EQUITY, barsPerYear: DAILY, regimes: [null, 'bear', 'bull', 'bull', 'bull', 'crisis'],
    });
    const [bull, bear, crisis] = out.regimes!;
    expect(out.regimes!.map((r) => r.regime)).toEqual(['bull', 'bear', 'crisis']);
    // bull: −.1, .1, −.1 → total .9 × 1.1 × .9 − 1 = −.109; mean −1/30; Σd² = (1/15)² + (2/15)² + (1/15)² = 6/225 → var 3/225
    expect(bull).toMatchObject({ bars: 3, share: 0.6 });
    expect(bull!.totalReturn).toBeCloseTo(-0.109, 14);
    expect(bull!.annualizedVolatility).toBeCloseTo(Math.sqrt((3 / 225) * 252), 12);
    expect(bull!.sharpe).toBeCloseTo((-1 / 30 / Math.sqrt(3 / 225)) * Math.sqrt(252), 10);
    expect(bear).toMatchObject({ bars: 1, share: 0.2, annualizedVolatility: null, sharpe: null });
    expect(bear!.totalReturn).toBeCloseTo(0.1, 14);
    expect(crisis!.totalReturn).toBeCloseTo(0.2, 14);
    expectJsonSafe(out);
  });
});

describe('drawdown episodes', () => {
  it('tells the deepest from the longest, and reports an unrecovered end', () => {
    const t = f([0, 1, 2, 3, 4, 5, 6, 7].map((d) => d * 86_400_000));
    // episode 1: peak 100 (bar 0), trough 95, recovered at 101 (bar 5): 5 bars. episode 2: 101 → 70, recovered at bar 7: 2 bars.
    const summary = analyzeDrawdowns(t, f([100, 95, 96, 97, 98, 101, 70, 102]));
    expect(summary.deepest).toMatchObject({ peakIndex: 5, troughIndex: 6, recoveryIndex: 7, bars: 2, days: 2 });
    expect(summary.deepest.depth).toBeCloseTo(31 / 101, 15);
    expect(summary.longest).toMatchObject({ peakIndex: 0, troughIndex: 1, recoveryIndex: 5, bars: 5, days: 5 });
    const open = analyzeDrawdowns(t.subarray(0, 4), f([100, 120, 90, 100]));
    expect(open.deepest).toMatchObject({ peakIndex: 1, troughIndex: 2, recoveryIndex: null, recoveryT: null, bars: 2, depth: 0.25 });
  });

  it('drawdown series stays within [−1, 0] even if equity goes below zero', () => {
    expect(Array.from(drawdownSeries(f([100, 50, -20, 120])))).toEqual([0, -0.5, -1, 0]);
    const m = computePerformanceMetrics({ t: f([0, 1, 2].map((d) => d * 86_400_000)), equity: f([100, 50, -20]), barsPerYear: DAILY });
    expect(m.maxDrawdown).toBe(1);
    expect(m.cagr).toBe(-1);
    expectJsonSafe(m);
  });
});

describe('edge cases never produce NaN or Infinity', () => {
  it('empty curve', () => {
    const m = computePerformanceMetrics({ t: f([]), equity: f([]), barsPerYear: DAILY, trades: [] });
    expect(m.bars).toBe(0);
    expect(m.totalReturn).toBeNull();
    expect(m.sharpe).toBeNull();
    expect(m.maxDrawdown).toBeNull();
    expect(m.trades.winRate).toBeNull();
    expectJsonSafe(m);
  });

  it('one bar', () => {
    const m = computePerformanceMetrics({ t: f([day('2020-01-02')]), equity: f([1000]), barsPerYear: DAILY, position: f([0]), tradedValue: 0 });
    expect(m).toMatchObject({ bars: 1, totalReturn: 0, cagr: null, annualizedVolatility: null, sharpe: null, sortino: null, maxDrawdown: 0, calmar: null, exposure: 0, turnover: null });
    expectJsonSafe(m);
  });

  it('no trades and zero volatility (flat equity)', () => {
    const m = computePerformanceMetrics({ t: T, equity: f([100, 100, 100, 100, 100, 100]), barsPerYear: DAILY, trades: [], benchmark: f([1, 1, 1, 1, 1, 1]) });
    expect(m).toMatchObject({ totalReturn: 0, cagr: 0, annualizedVolatility: 0, sharpe: null, sortino: null, maxDrawdown: 0, calmar: null, alpha: null, beta: null });
    expect(m.trades).toMatchObject({ tradeCount: 0, winRate: null, profitFactor: null, expectancy: null });
    expectJsonSafe(m);
  });

  it('no losing period: Sortino is null, not infinite', () => {
    const m = computePerformanceMetrics({ t: T.subarray(0, 3), equity: f([100, 101, 103]), barsPerYear: DAILY });
    expect(m.sortino).toBeNull();
    expect(m.sharpe).not.toBeNull();
  });
});

describe('bad input is refused with an InputError that says what and where', () => {
  it.each([
    ['columns of different lengths', { t: T, equity: EQUITY.subarray(0, 5) }, /5/],
    ['equity starting at 0', { t: T, equity: f([0, 1, 2, 3, 4, 5]) }, /start above 0/],
    ['times not ascending', { t: f([3, 2, 4, 5, 6, 7]), equity: EQUITY }, /ascend/],
    ['NaN in equity', { t: T, equity: f([100, NaN, 1, 1, 1, 1]) }, /bar 1/],
  ])('%s', (_name, columns, message) => {
    expect(() => computePerformanceMetrics({ ...columns, barsPerYear: DAILY })).toThrow(InputError);
    expect(() => computePerformanceMetrics({ ...columns, barsPerYear: DAILY })).toThrow(message);
  });

  it('a benchmark, position or regime column of the wrong length', () => {
    expect(() => computePerformanceMetrics({ t: T, equity: EQUITY, barsPerYear: DAILY, benchmark: f([1, 2]) })).toThrow(/benchmark/);
    expect(() => computePerformanceMetrics({ t: T, equity: EQUITY, barsPerYear: DAILY, position: f([1]) })).toThrow(/position/);
    expect(() => computePerformanceMetrics({ t: T, equity: EQUITY, barsPerYear: 0 })).toThrow(/barsPerYear/);
  });
});

describe('on real data', () => {
  it('SPY buy-and-hold against SPY: beta 1, alpha 0, correlation 1; drawdown of 2007–2009', () => {
    const spy = loadSpyDaily();
    const equity = spy.c.map((c) => (c * 100_000) / spy.c[0]!);
    const m = computePerformanceMetrics({ t: spy.t, equity, barsPerYear: DAILY, benchmark: spy.c, position: new Float64Array(spy.c.length).fill(1) });
    expect(m.beta).toBeCloseTo(1, 12);
    expect(m.alpha).toBeCloseTo(0, 12);
    expect(m.benchmarkCorrelation).toBeCloseTo(1, 12);
    expect(m.exposure).toBe(1);
    expect(new Date(m.deepestDrawdown!.peakT).toISOString().slice(0, 7)).toBe('2007-10');
    expect(new Date(m.deepestDrawdown!.troughT).toISOString().slice(0, 10)).toBe('2009-03-09');
    // closes 2007-10-09 156.48 → 2009-03-09 67.1 (unadjusted)
    let peak = 0;
    let worst = 0;
    for (const c of spy.c) {
      peak = Math.max(peak, c);
      worst = Math.max(worst, 1 - c / peak);
    }
    expect(m.maxDrawdown).toBeCloseTo(worst, 12);
    expectJsonSafe(m);
  });
});
