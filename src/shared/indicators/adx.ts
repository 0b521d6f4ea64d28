import { WilderAverage } from './moving-averages';
import { nanColumn, requirePeriod, requireSameLength, type Indicator } from './series';

/**
 * Wilder's directional movement: +DI, −DI, DX and ADX.
 * From the second bar: up = high − previous high, down = previous low − low;
 * +DM = up if up > down and up > 0, else 0; −DM = down if down > up and down > 0, else 0; TR as ATR.
 * TR, +DM and −DM are Wilder-averaged, each seeded by the mean of its first `period` values
 * (bars 1…period), so +DI = 100·avg(+DM)/avg(TR) and −DI likewise from index `period`
 * (Wilder's sums give the same ratios). DX = 100·|+DI − −DI|/(+DI + −DI), 0 when both are 0.
 * ADX = mean of the first `period` DX values, then Wilder-smoothed: first ADX at index 2·period − 1
 * (27 for 14, TA-Lib's lookback). TA-Lib seeds its DM and TR sums with period − 1 values, so its
 * first values differ slightly from Wilder's; the difference decays geometrically.
 */
export class Adx implements Indicator {
  readonly period: number;
  plusDi = NaN;
  minusDi = NaN;
  dx = NaN;
  adx = NaN;
  private previousHigh = NaN;
  private previousLow = NaN;
  private previousClose = NaN;
  private readonly trAverage: WilderAverage;
  private readonly plusAverage: WilderAverage;
  private readonly minusAverage: WilderAverage;
  private readonly dxAverage: WilderAverage;

  constructor(period = 14) {
    requirePeriod('ADX', 'period', period);
    this.period = period;
    this.trAverage = new WilderAverage(period);
    this.plusAverage = new WilderAverage(period);
    this.minusAverage = new WilderAverage(period);
    this.dxAverage = new WilderAverage(period);
  }

  /** ADX. */
  get value(): number {
    return this.adx;
  }

  /** True once ADX (and so every field) is defined. */
  get ready(): boolean {
    return this.dxAverage.ready;
  }

  /** Returns ADX. */
  update(high: number, low: number, close: number): number {
    if (!Number.isFinite(high) || !Number.isFinite(low) || !Number.isFinite(close)) return this.adx;
    const ph = this.previousHigh;
    const pl = this.previousLow;
    const pc = this.previousClose;
    this.previousHigh = high;
    this.previousLow = low;
    this.previousClose = close;
    if (Number.isNaN(pc)) return this.adx;
    const up = high - ph;
    const down = pl - low;
    const plusDm = up > down && up > 0 ? up : 0;
    const minusDm = down > up && down > 0 ? down : 0;
    const tr = Math.max(high - low, Math.abs(high - pc), Math.abs(low - pc));
    const trAvg = this.trAverage.update(tr);
    const plusAvg = this.plusAverage.update(plusDm);
    const minusAvg = this.minusAverage.update(minusDm);
    if (!this.trAverage.ready) return this.adx;
    this.plusDi = trAvg > 0 ? (100 * plusAvg) / trAvg : 0;
    this.minusDi = trAvg > 0 ? (100 * minusAvg) / trAvg : 0;
    const sum = this.plusDi + this.minusDi;
    this.dx = sum > 0 ? (100 * Math.abs(this.plusDi - this.minusDi)) / sum : 0;
    this.adx = this.dxAverage.update(this.dx);
    return this.adx;
  }

  reset(): void {
    this.previousHigh = NaN;
    this.previousLow = NaN;
    this.previousClose = NaN;
    this.trAverage.reset();
    this.plusAverage.reset();
    this.minusAverage.reset();
    this.dxAverage.reset();
    this.plusDi = NaN;
    this.minusDi = NaN;
    this.dx = NaN;
    this.adx = NaN;
  }
}

export interface AdxColumns {
  readonly plusDi: Float64Array;
  readonly minusDi: Float64Array;
  readonly adx: Float64Array;
}

export function adx(high: Float64Array, low: Float64Array, close: Float64Array, period = 14): AdxColumns {
  const n = requireSameLength('ADX', { high, low, close });
  const indicator = new Adx(period);
  const out = { plusDi: nanColumn(n), minusDi: nanColumn(n), adx: nanColumn(n) };
  for (let i = 0; i < n; i++) {
    out.adx[i] = indicator.update(high[i]!, low[i]!, close[i]!);
    out.plusDi[i] = indicator.plusDi;
    out.minusDi[i] = indicator.minusDi;
  }
  return out;
}
