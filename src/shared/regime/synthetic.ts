import { REGIME_COUNT, REGIMES } from '../domain/regime';
import { DAY_MS, weekdayOfDay } from '../domain/trading-calendar';
import { SeededRandom } from '../math/random';
import { ORIGINAL_TRANSITION_MATRIX, type RegimeConfig, resolveRegimeConfig } from './config';

/**
 * Daily prices simulated from the six regimes with known labels, to measure how well the bank
 * recovers them. The regime follows a Markov chain that leaves its state with probability
 * 1/meanDwell per bar (to the others in the original matrix's off-diagonal proportions); within a
 * regime, ln price moves with the regime's drift and volatility (and the sideways regime's pull
 * toward the level where it began). Bars fall on consecutive weekdays.
 */
export interface SyntheticOptions {
  readonly bars: number;
  readonly seed: number;
  readonly meanDwell?: number;
  readonly startPrice?: number;
  /** First bar's date as epoch ms (a weekday at 00:00 UTC); 2000-01-03 by default. */
  readonly start?: number;
  /** Regime parameters (drift, volatility, mean reversion); the defaults when omitted. */
  readonly config?: RegimeConfig;
}

export interface SyntheticSeries {
  readonly t: Float64Array;
  readonly close: Float64Array;
  /** True regime per bar (REGIMES index). */
  readonly regime: Int8Array;
}

export function simulateRegimeSeries(options: SyntheticOptions): SyntheticSeries {
  const config = options.config ?? resolveRegimeConfig();
  const random = new SeededRandom(options.seed);
  const leave = 1 / (options.meanDwell ?? 40);
  const dt = 1 / 252;
  const t = new Float64Array(options.bars);
  const close = new Float64Array(options.bars);
  const regime = new Int8Array(options.bars);
  let day = Math.floor((options.start ?? Date.UTC(2000, 0, 3)) / DAY_MS);
  let current = Math.floor(random.uniform() * REGIME_COUNT);
  let logPrice = Math.log(options.startPrice ?? 100);
  let level = logPrice;
  for (let i = 0; i < options.bars; i++) {
    if (i > 0) {
      do day++;
      while (weekdayOfDay(day) === 0 || weekdayOfDay(day) === 6);
      if (random.uniform() < leave) {
        const row = ORIGINAL_TRANSITION_MATRIX[current]!;
        const off = 1 - row[current]!;
        let u = random.uniform() * off;
        let next = current;
        for (let j = 0; j < REGIME_COUNT; j++) {
          if (j === current) continue;
          next = j;
          u -= row[j]!;
          if (u < 0) break;
        }
        current = next;
        level = logPrice;
      }
      const model = config.models[REGIMES[current]!];
      const vol = model.volatility;
      logPrice += (model.drift + model.meanReversion * (level - logPrice)) * dt + vol * Math.sqrt(dt) * random.normal();
    }
    t[i] = day * DAY_MS;
    close[i] = Math.exp(logPrice);
    regime[i] = current;
  }
  return { t, close, regime };
}
