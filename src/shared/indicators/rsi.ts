import { WilderAverage } from './moving-averages';
import { requirePeriod, runSeries, type SeriesIndicator } from './series';

/**
 * Relative Strength Index, Wilder's: average gain and average loss of the close-to-close changes,
 * each seeded by the simple mean of the first `period` changes and then Wilder-smoothed
 * (avg = (avg·(period−1) + x) / period, as an exponential average with alpha 1/period).
 * RSI = 100 · avgGain / (avgGain + avgLoss), the same as 100 − 100/(1 + RS). The first value needs
 * period + 1 prices (index `period`), as TA-Lib. When nothing moved over the averaging (both
 * averages 0) the RSI is 50: neither overbought nor oversold (TA-Lib gives 0 there).
 */
export class Rsi implements SeriesIndicator {
  readonly period: number;
  value = NaN;
  private previous = NaN;
  private readonly gains: WilderAverage;
  private readonly losses: WilderAverage;

  constructor(period = 14) {
    requirePeriod('RSI', 'period', period);
    this.period = period;
    this.gains = new WilderAverage(period);
    this.losses = new WilderAverage(period);
  }

  get ready(): boolean {
    return this.gains.ready;
  }

  update(x: number): number {
    if (!Number.isFinite(x)) return this.value;
    const previous = this.previous;
    this.previous = x;
    if (Number.isNaN(previous)) return this.value;
    const change = x - previous;
    const gain = this.gains.update(change > 0 ? change : 0);
    const loss = this.losses.update(change < 0 ? -change : 0);
    if (this.gains.ready) {
      const total = gain + loss;
      this.value = total > 0 ? (100 * gain) / total : 50;
    }
    return this.value;
  }

  reset(): void {
    this.previous = NaN;
    this.gains.reset();
    this.losses.reset();
    this.value = NaN;
  }
}

export function rsi(values: Float64Array, period = 14): Float64Array {
  return runSeries(new Rsi(period), values);
}
