import { REGIME_COUNT } from '../domain/regime';
import type { RegimeSeries } from '../engine/trading-engine';
import { RegimeBank } from './bank';
import type { BarClockSpecInput } from './clock';
import type { RegimeConfig } from './config';

/**
 * The bank's probabilities and labels aligned bar for bar with a series, in the layout the trading
 * engine reads (`p` row-major, REGIME_COUNT per bar), so strategies such as `regime-switch` can use
 * the regime in backtests. Bar i's values use bars up to and including i only. A bar the bank
 * refused (a time that does not move forward) gets NaN probabilities, which the engine reads as
 * "no regime at this bar".
 */
export function regimeSeriesForBars(t: Float64Array, close: Float64Array, clock: BarClockSpecInput, config?: RegimeConfig): RegimeSeries {
  const n = t.length;
  const batch = new RegimeBank({ ...(config ? { config } : {}), clock }).runBatch({ t, close });
  const p = new Float64Array(n * REGIME_COUNT).fill(Number.NaN);
  const label = new Int8Array(n);
  let row = 0;
  for (let i = 0; i < n && row < batch.count; i++) {
    if (batch.t[row] !== t[i]) continue;
    for (let k = 0; k < REGIME_COUNT; k++) p[i * REGIME_COUNT + k] = batch.probabilities[k * batch.count + row]!;
    label[i] = batch.label[row]!;
    row++;
  }
  return { p, label };
}
