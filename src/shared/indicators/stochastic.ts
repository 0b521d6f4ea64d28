import { RollingMax, RollingMin } from './extremes';
import { Sma } from './moving-averages';
import { nanColumn, requirePeriod, requireSameLength, type Indicator } from './series';

/**
 * Stochastic oscillator. Raw %K = 100·(close − lowest low)/(highest high − lowest low) over the
 * last `kPeriod` bars; %K = SMA(`smoothing`) of raw %K (1: the fast stochastic, 3: the usual slow
 * one); %D = SMA(`dPeriod`) of %K. A window whose high equals its low gives raw %K = 50 (the close
 * is both at the top and the bottom; TA-Lib gives 0). Defaults 14/3/1.
 */
export class Stochastic implements Indicator {
  readonly kPeriod: number;
  readonly dPeriod: number;
  readonly smoothing: number;
  k = NaN;
  d = NaN;
  private readonly highest: RollingMax;
  private readonly lowest: RollingMin;
  private readonly smoothK: Sma | null;
  private readonly smoothD: Sma;

  constructor(kPeriod = 14, dPeriod = 3, smoothing = 1) {
    requirePeriod('Stochastic', 'K period', kPeriod);
    requirePeriod('Stochastic', 'D period', dPeriod);
    requirePeriod('Stochastic', 'smoothing', smoothing);
    this.kPeriod = kPeriod;
    this.dPeriod = dPeriod;
    this.smoothing = smoothing;
    this.highest = new RollingMax(kPeriod);
    this.lowest = new RollingMin(kPeriod);
    this.smoothK = smoothing > 1 ? new Sma(smoothing) : null;
    this.smoothD = new Sma(dPeriod);
  }

  /** %K. */
  get value(): number {
    return this.k;
  }

  /** True once %D (and so %K) is defined. */
  get ready(): boolean {
    return this.smoothD.ready;
  }

  /** Returns %K. */
  update(high: number, low: number, close: number): number {
    if (!Number.isFinite(high) || !Number.isFinite(low) || !Number.isFinite(close)) return this.k;
    const hh = this.highest.update(high);
    const ll = this.lowest.update(low);
    if (!this.highest.ready) return this.k;
    const range = hh - ll;
    const raw = range > 0 ? (100 * (close - ll)) / range : 50;
    if (this.smoothK) {
      const smoothed = this.smoothK.update(raw);
      if (!this.smoothK.ready) return this.k;
      this.k = smoothed;
    } else {
      this.k = raw;
    }
    this.d = this.smoothD.update(this.k);
    return this.k;
  }

  reset(): void {
    this.highest.reset();
    this.lowest.reset();
    this.smoothK?.reset();
    this.smoothD.reset();
    this.k = NaN;
    this.d = NaN;
  }
}

export interface StochasticColumns {
  readonly k: Float64Array;
  readonly d: Float64Array;
}

export function stochastic(high: Float64Array, low: Float64Array, close: Float64Array, kPeriod = 14, dPeriod = 3, smoothing = 1): StochasticColumns {
  const n = requireSameLength('Stochastic', { high, low, close });
  const indicator = new Stochastic(kPeriod, dPeriod, smoothing);
  const out = { k: nanColumn(n), d: nanColumn(n) };
  for (let i = 0; i < n; i++) {
    out.k[i] = indicator.update(high[i]!, low[i]!, close[i]!);
    out.d[i] = indicator.d;
  }
  return out;
}
