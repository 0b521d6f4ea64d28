/** How the strategy lab writes metrics: signs, decimals, durations, and "—" for a missing value. */
import { describe, expect, it } from 'vitest';
import { guessKind, metricRows, metricValue } from '../../../src/renderer/panels/lab/format/metric-catalogue';
import {
  formatBars, formatDays, formatDrawdown, formatMetric, formatMoney, formatPercentShare, formatRatio, formatSignedMoney,
  formatSignedPercent, toneOf,
} from '../../../src/renderer/panels/lab/format/metric-format';
import { computePerformanceMetrics } from '../../../src/shared/metrics/performance';

describe('metric formatting', () => {
  it('writes returns as percents with their sign, and a true minus', () => {
    expect(formatSignedPercent(0.1234)).toBe('+12.34%');
    expect(formatSignedPercent(-0.056)).toBe('−5.60%');
    expect(formatSignedPercent(1.5)).toBe('+150.00%');
    expect(formatSignedPercent(12.3456)).toBe('+1,234.56%');
  });

  it('gives no sign to a value that rounds to zero', () => {
    expect(formatSignedPercent(0)).toBe('0.00%');
    expect(formatSignedPercent(-0.00001)).toBe('0.00%');
    expect(formatSignedMoney(-0.004)).toBe('0.00');
    expect(formatRatio(-0.001)).toBe('0.00');
  });

  it('writes shares without a plus, drawdowns as falls', () => {
    expect(formatPercentShare(0.541)).toBe('54.10%');
    expect(formatDrawdown(0.2345)).toBe('−23.45%');
    expect(formatDrawdown(0)).toBe('0.00%');
  });

  it('writes ratios with two decimals and money grouped', () => {
    expect(formatRatio(1.23456)).toBe('1.23');
    expect(formatRatio(-0.5)).toBe('−0.50');
    expect(formatMoney(1234567.891)).toBe('1,234,567.89');
    expect(formatSignedMoney(-250)).toBe('−250.00');
    expect(formatSignedMoney(250)).toBe('+250.00');
  });

  it('writes durations in days and bars', () => {
    expect(formatDays(412.4)).toBe('412 d');
    expect(formatDays(2.46)).toBe('2.5 d');
    expect(formatBars(87)).toBe('87 bars');
    expect(formatBars(1)).toBe('1 bar');
    expect(formatBars(12345)).toBe('12,345 bars');
  });

  it('writes a missing value as a dash, whatever its kind', () => {
    for (const kind of ['signed-percent', 'percent', 'drawdown', 'ratio', 'money', 'signed-money', 'count', 'days', 'bars', 'years', 'date', 'per-year'] as const) {
      expect(formatMetric(kind, null)).toBe('—');
      expect(formatMetric(kind, undefined)).toBe('—');
      expect(formatMetric(kind, Number.NaN)).toBe('—');
      expect(formatMetric(kind, Number.POSITIVE_INFINITY)).toBe('—');
    }
  });

  it('colours gains green and losses red, drawdowns always red, ratios not at all', () => {
    expect(toneOf('signed-percent', 0.1)).toBe('up');
    expect(toneOf('signed-percent', -0.1)).toBe('down');
    expect(toneOf('drawdown', 0.1)).toBe('down');
    expect(toneOf('drawdown', 0)).toBeNull();
    expect(toneOf('ratio', 2)).toBeNull();
    expect(toneOf('signed-percent', null)).toBeNull();
  });
});

describe('metric rows', () => {
  const day = 86_400_000;
  const t = Float64Array.from([0, 1, 2, 3, 4], (i) => Date.UTC(2020, 0, 1) + i * day);
  const equity = Float64Array.from([100, 110, 99, 121, 120]);
  const metrics = computePerformanceMetrics({
    t,
    equity,
    barsPerYear: 252,
    trades: [
      { pnl: 10, returnFraction: 0.1, entryTime: t[0]!, exitTime: t[1]! },
      { pnl: -11, returnFraction: -0.1, entryTime: t[1]!, exitTime: t[2]! },
    ],
    position: Float64Array.from([0, 1, 1, 0, 0]),
  });

  it('lists every metric of a real run, formatted', () => {
    const rows = metricRows(metrics);
    const text = (key: string) => rows.find((r) => r.key === key)?.text;
    expect(text('totalReturn')).toBe('+20.00%');
    // Peak 110, trough 99: a 10% fall, from bar 1 to its recovery at bar 3.
    expect(text('maxDrawdown')).toBe('−10.00%');
    expect(text('maxDrawdownBars')).toBe('2 bars');
    expect(text('maxDrawdownDays')).toBe('2.0 d');
    expect(text('trades.tradeCount')).toBe('2');
    expect(text('trades.winRate')).toBe('50.00%');
    expect(text('trades.profitFactor')).toBe('0.91');
    expect(text('exposure')).toBe('40.00%');
    expect(text('start')).toBe('2020-01-01');
    // No benchmark: alpha and beta are null, shown as a dash rather than left out.
    expect(text('alpha')).toBe('—');
    expect(text('beta')).toBe('—');
    expect(rows.find((r) => r.key === 'totalReturn')?.tone).toBe('up');
    // Nothing is listed twice, and the episode details stay out (the headline metrics carry them).
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(rows.some((r) => r.key.startsWith('deepestDrawdown.depth'))).toBe(false);
    // No "Other" group from fields shown elsewhere (regimes: null without regimes).
    expect(rows.filter((r) => r.group === 'Other')).toEqual([]);
  });

  it('finds metrics written in snake_case (the CLI report) and shows unknown ones too', () => {
    const snake = { total_return: -0.05, max_drawdown: 0.3, trades: { win_rate: 0.25 }, ulcer_index: 4.2, recovery_days: 12 };
    expect(metricValue(snake, 'trades.winRate')).toBe(0.25);
    const rows = metricRows(snake);
    expect(rows.find((r) => r.key === 'totalReturn')?.text).toBe('−5.00%');
    expect(rows.find((r) => r.key === 'maxDrawdown')?.text).toBe('−30.00%');
    expect(rows.find((r) => r.key === 'ulcerIndex')).toMatchObject({ label: 'Ulcer index', text: '4.20', group: 'Other' });
    expect(rows.find((r) => r.key === 'recoveryDays')?.text).toBe('12 d');
  });

  it('guesses how to write a metric it does not know from its name', () => {
    expect(guessKind('exitTime')).toBe('date');
    expect(guessKind('worstTradeReturn')).toBe('signed-percent');
    expect(guessKind('hitRate')).toBe('percent');
    expect(guessKind('holdingDays')).toBe('days');
    expect(guessKind('omega')).toBe('ratio');
  });
});
