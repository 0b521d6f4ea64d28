import { describe, expect, it } from 'vitest';
import { RegimeBank } from '../../../src/shared/regime/bank';
import { regimeSeriesForBars } from '../../../src/shared/regime/engine-series';
import { spyBars } from '../../helpers/regime';

describe('regime series for the trading engine', () => {
  const spy = spyBars();
  const n = 800;
  const t = spy.t.slice(0, n);
  const close = spy.close.slice(0, n);

  it('gives each bar the probabilities and label the bank had at that bar, from that bar and the ones before only', () => {
    const series = regimeSeriesForBars(t, close, { timeframe: '1Day' });
    expect(series.p.length).toBe(n * 6);
    for (const cut of [1, 17, 400, n]) {
      const partial = new RegimeBank({ clock: { timeframe: '1Day' } }).runBatch({ t: t.subarray(0, cut), close: close.subarray(0, cut) });
      const i = cut - 1;
      for (let k = 0; k < 6; k++) expect(series.p[i * 6 + k]).toBe(partial.probabilities[k * cut + i]);
      expect(series.label[i]).toBe(partial.label[i]);
    }
  });

  it('a bar the bank refuses keeps its place with no regime (NaN), so the series stays aligned', () => {
    const withDuplicate = Float64Array.from([...t.subarray(0, 10), t[9]!, ...t.subarray(10, 20)]);
    const closes = Float64Array.from([...close.subarray(0, 10), close[9]!, ...close.subarray(10, 20)]);
    const series = regimeSeriesForBars(withDuplicate, closes, { timeframe: '1Day' });
    expect(Number.isNaN(series.p[10 * 6]!)).toBe(true);
    expect(Number.isNaN(series.p[11 * 6]!)).toBe(false);
    expect(series.p.length).toBe(21 * 6);
  });
});
