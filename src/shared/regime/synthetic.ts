import { REGIME_COUNT, REGIMES } from '../domain/regime';
import { MS_PER_DAY, weekdayOfDays } from '../market/civil-days';
import { SeededRandom } from '../math/random';
import { ORIGINAL_TRANSITION_MATRIX, type RegimeConfig, resolveRegimeConfig } from './config';
import { RegimeStepOutput } from './output';

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
  let day = Math.floor((options.start ?? Date.UTC(2000, 0, 3)) / MS_PER_DAY);
  let current = Math.floor(random.uniform() * REGIME_COUNT);
  let logPrice = Math.log(options.startPrice ?? 100);
  let level = logPrice;
  for (let i = 0; i < options.bars; i++) {
    if (i > 0) {
      do day++;
      while (weekdayOfDays(day) === 0 || weekdayOfDays(day) === 6);
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
    t[i] = day * MS_PER_DAY;
    close[i] = Math.exp(logPrice);
    regime[i] = current;
  }
  return { t, close, regime };
}

export interface RecoveryOptions {
  /** Bars before scoring starts. */
  readonly warmUp?: number;
  /** Per-bar probability that a bar is missing (given to the bank as NaN), drawn from `seed`. */
  readonly missingRate?: number;
  readonly missingSeed?: number;
}

/** Which bars a recovery run withholds (bar 0 always arrives, so the stream can start). */
export function missingMask(bars: number, rate: number, seed: number): Uint8Array {
  const random = new SeededRandom(seed);
  const mask = new Uint8Array(bars);
  for (let i = 1; i < bars; i++) mask[i] = random.uniform() < rate ? 1 : 0;
  return mask;
}

/**
 * Share of bars after the warm-up where the bank's most likely regime is the true one.
 * `createBank` gives a fresh bank (weekdays calendar, like the simulation).
 */
export function recoveryAccuracy(series: SyntheticSeries, bank: RegimeBankLike, options: RecoveryOptions = {}): number {
  const warmUp = options.warmUp ?? 50;
  const mask = missingMask(series.t.length, options.missingRate ?? 0, options.missingSeed ?? 1);
  const close = series.close.map((c, i) => (mask[i] === 1 ? Number.NaN : c));
  const out = new RegimeStepOutput();
  let hits = 0;
  let scored = 0;
  for (let i = 0; i < series.t.length; i++) {
    if (!bank.stepAt(series.t, close, i, out)) continue;
    if (i < warmUp) continue;
    scored++;
    if (out.mostLikely === series.regime[i]) hits++;
  }
  return hits / scored;
}

/** What `recoveryAccuracy` needs of a bank. */
export interface RegimeBankLike {
  stepAt(t: Float64Array, close: Float64Array, index: number, out: RegimeStepOutput): boolean;
}

/**
 * The Bayes limit for comparison: a hidden-Markov forward filter that knows the simulation's true
 * transition probabilities and each regime's drift and volatility, scoring each observed return
 * (over its whole gap) under each regime. No real-time classifier of these series can beat it on
 * average.
 */
export function bayesForwardAccuracy(series: SyntheticSeries, options: RecoveryOptions & { meanDwell?: number; config?: RegimeConfig } = {}): number {
  const config = options.config ?? resolveRegimeConfig();
  const warmUp = options.warmUp ?? 50;
  const leave = 1 / (options.meanDwell ?? 40);
  const mask = missingMask(series.t.length, options.missingRate ?? 0, options.missingSeed ?? 1);
  const vol = REGIMES.map((name) => config.models[name].volatility);
  const drift = REGIMES.map((name) => config.models[name].drift);
  const transition = ORIGINAL_TRANSITION_MATRIX.map((row, i) => row.map((p, j) => (i === j ? 1 - leave : (p / (1 - row[i]!)) * leave)));
  let mu = new Array<number>(REGIME_COUNT).fill(1 / REGIME_COUNT);
  let lastObserved = 0;
  let hits = 0;
  let scored = 0;
  for (let i = 0; i < series.t.length; i++) {
    if (i > 0) {
      const next = new Array<number>(REGIME_COUNT).fill(0);
      for (let a = 0; a < REGIME_COUNT; a++) for (let b = 0; b < REGIME_COUNT; b++) next[b]! += mu[a]! * transition[a]![b]!;
      mu = next;
      if (mask[i] === 0) {
        const change = Math.log(series.close[i]! / series.close[lastObserved]!);
        const dt = (i - lastObserved) / 252;
        const weights = mu.map((m, k) => (m * Math.exp((-0.5 * (change - drift[k]! * dt) ** 2) / (vol[k]! ** 2 * dt))) / vol[k]!);
        const total = weights.reduce((a, b) => a + b, 0);
        mu = weights.map((w) => w / total);
        lastObserved = i;
      }
    }
    if (i < warmUp) continue;
    scored++;
    let best = 0;
    for (let k = 1; k < REGIME_COUNT; k++) if (mu[k]! > mu[best]!) best = k;
    if (best === series.regime[i]) hits++;
  }
  return hits / scored;
}
