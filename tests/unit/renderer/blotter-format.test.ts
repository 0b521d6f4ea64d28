/** Blotter sorting and the money formats of the trading surfaces. */
import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from '../../../src/renderer/panels/blotters/sorting';
import { formatMoney, formatPrice, formatQty, formatSignedPct, pnlTone } from '../../../src/renderer/format/money';
import { seriesUpTo } from '../../../src/renderer/charts/series-prefix';

describe('sortRows', () => {
  const rows = [
    { id: 'a', symbol: 'SPY', pnl: 12.5 },
    { id: 'b', symbol: 'qqq', pnl: null },
    { id: 'c', symbol: 'IWM', pnl: -3 },
    { id: 'd', symbol: 'SPY', pnl: 12.5 },
    { id: 'e', symbol: 'AAPL10', pnl: 7 },
    { id: 'f', symbol: 'AAPL9', pnl: Number.NaN },
  ];
  const ids = (list: typeof rows) => list.map((r) => r.id).join('');

  it('numbers both ways, missing values last either way, ties in their given order', () => {
    expect(ids(sortRows(rows, (r) => r.pnl, 'asc'))).toBe('cead' + 'bf');
    expect(ids(sortRows(rows, (r) => r.pnl, 'desc'))).toBe('adec' + 'bf');
  });

  it('text case-insensitively with numbers inside compared as numbers', () => {
    expect(sortRows(rows, (r) => r.symbol, 'asc').map((r) => r.symbol)).toEqual(['AAPL9', 'AAPL10', 'IWM', 'qqq', 'SPY', 'SPY']);
  });

  it('does not change its input', () => {
    const copy = [...rows];
    sortRows(rows, (r) => r.symbol, 'desc');
    expect(rows).toEqual(copy);
  });

  it('a click on a new column starts in its natural direction, on the same one flips', () => {
    expect(nextSort(null, 'time', 'desc')).toEqual({ column: 'time', direction: 'desc' });
    expect(nextSort({ column: 'time', direction: 'desc' }, 'time', 'desc')).toEqual({ column: 'time', direction: 'asc' });
    expect(nextSort({ column: 'time', direction: 'asc' }, 'symbol', 'asc')).toEqual({ column: 'symbol', direction: 'asc' });
  });
});

describe('money formats', () => {
  it('dollars with cents, signed when asked, never "-$0.00"', () => {
    expect(formatMoney(100_000)).toBe('$100,000.00');
    expect(formatMoney(-1234.5)).toBe('-$1,234.50');
    expect(formatMoney(12, { signed: true })).toBe('+$12.00');
    expect(formatMoney(-0.004, { signed: true })).toBe('$0.00');
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney(Number.NaN)).toBe('—');
  });

  it('prices in cents, sub-dollar prices in hundredths of a cent', () => {
    expect(formatPrice(350.581)).toBe('350.58');
    expect(formatPrice(1234)).toBe('1,234.00');
    expect(formatPrice(0.5123)).toBe('0.5123');
    expect(formatPrice(null)).toBe('—');
  });

  it('quantities and signed percentages', () => {
    expect(formatQty(1500)).toBe('1,500');
    expect(formatQty(0.125)).toBe('0.125');
    expect(formatSignedPct(1.5)).toBe('+1.50%');
    expect(formatSignedPct(-0.254)).toBe('-0.25%');
    expect(formatSignedPct(-0.001)).toBe('0.00%');
    expect(formatSignedPct(null)).toBe('—');
  });

  it('gain and loss colours', () => {
    expect(pnlTone(5)).toBe('up');
    expect(pnlTone(-0.5)).toBe('down');
    expect(pnlTone(0.001)).toBe('flat');
    expect(pnlTone(null)).toBe('flat');
  });
});

describe('seriesUpTo (a chart following a replay)', () => {
  const series = {
    t: Float64Array.from([10, 20, 30, 40]),
    o: Float64Array.from([1, 2, 3, 4]),
    h: Float64Array.from([1, 2, 3, 4]),
    l: Float64Array.from([1, 2, 3, 4]),
    c: Float64Array.from([1, 2, 3, 4]),
    v: Float64Array.from([5, 6, 7, 8]),
    x: Float64Array.from([0, 1, 2, 3]),
  };
  it('keeps the bars that start at or before the time, as views of the same columns', () => {
    const upTo = seriesUpTo(series, 30);
    expect([...upTo.t]).toEqual([10, 20, 30]);
    expect([...upTo.v]).toEqual([5, 6, 7]);
    expect(upTo.c.buffer).toBe(series.c.buffer);
    expect(seriesUpTo(series, 29).t.length).toBe(2);
    expect(seriesUpTo(series, 5).t.length).toBe(0);
    expect(seriesUpTo(series, 40)).toBe(series);
  });
});
