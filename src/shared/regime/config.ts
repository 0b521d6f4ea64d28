import { z } from 'zod';
import { InputError } from '../errors';
import { REGIMES, type RegimeName } from '../domain/regime';

/**
 * Every parameter of the regime filter bank (specs/regime-filter.md), with the spec's defaults.
 * Rates are annualised (years of 252 trading days); "per daily bar" values are rescaled to the
 * bar's real elapsed time by the bank.
 */
const probability = z.number().min(0).max(1);
const positive = z.number().positive().finite();
const nonNegative = z.number().min(0).finite();

export const RegimeModel = z
  .object({
    /** μ: drift of ln price, per year. */
    drift: z.number().finite(),
    /** σ̄: the regime's own volatility level, per √year. */
    volatility: positive,
    /** κ: pull of ln price toward its anchor θ, per year. */
    meanReversion: nonNegative,
    /** φ: persistence of a volatility deviation per daily bar (φ^(252·dt) per step). */
    volPersistence: probability,
    /** λ_m: momentum decay per step. */
    momentumDecay: probability,
    /** λ used instead when the predicted return is negative (bear: 0.9·λ_m). */
    momentumDecayDown: probability,
    /** g: gain of the return in the momentum. */
    momentumGain: z.number().finite(),
    /** c: volatility of volatility, relative to σ̄. */
    volOfVol: nonNegative,
    volFloor: positive,
    /** s_Q: scale of the return-rate and momentum process noise. */
    noiseScale: positive,
  })
  .strict();
export type RegimeModel = z.output<typeof RegimeModel>;

const modelShape = Object.fromEntries(REGIMES.map((name) => [name, RegimeModel])) as Record<RegimeName, typeof RegimeModel>;

export const RegimeConfig = z
  .object({
    models: z.object(modelShape).strict(),
    transition: z
      .object({
        /** Per-bar transition matrix of the original design (rows: from, columns: to, REGIMES order). */
        matrix: z.array(z.array(probability).length(6)).length(6),
        /**
         * Stay probability per reference bar; each row's off-diagonal entries are rescaled to keep
         * their proportions. null uses `matrix` as is (the original form, dwell times of 1–7 bars).
         */
        stayProbability: probability.nullable(),
        /** The bar the matrix describes, in years (a daily bar). */
        referenceDt: positive,
        /** Every predicted probability is floored here. */
        probabilityFloor: z.number().min(0).max(0.01),
      })
      .strict(),
    unscented: z
      .object({
        alpha: positive,
        beta: nonNegative,
        kappa: z.number().finite(),
        /**
         * h = [ℓ, σ] selects state components, so the unscented update equals the Kalman update
         * exactly; `closed-form` computes it without sigma points (same result up to rounding,
         * a third of the cost), `sigma-points` runs the unscented sums.
         */
        measurementUpdate: z.enum(['closed-form', 'sigma-points']),
      })
      .strict(),
    measurement: z
      .object({
        /** √R of ln close. */
        priceNoise: positive,
        /** √R of the realised-volatility observation. */
        volNoise: positive,
        /** λ of the EWMA of squared log returns behind σ_obs. */
        realisedVolDecay: z.number().min(0).lt(1),
        /** Returns needed before σ_obs is used (until then the update uses the price row alone). */
        realisedVolMinReturns: z.number().int().min(1).max(1_000_000),
        /**
         * Which rows of the innovation score the regimes. `price` (recommended): the ln-close row
         * alone, i.e. each bar's return under each regime's volatility; σ_obs still updates every
         * filter's σ. `joint`: both rows (the original form), which scores the same returns again
         * through σ_obs, an EWMA of past squared returns, about 1/(1 − λ) times over.
         */
        likelihood: z.enum(['price', 'joint']),
      })
      .strict(),
    /** Weight per observed bar of the EWMA anchor θ of ln price (mean reversion target). */
    anchorWeight: z.number().gt(0).max(1),
    processNoise: z
      .object({
        /** Return-rate variance per year (× s_Q). */
        returnRate: nonNegative,
        /** Momentum variance per year (× s_Q). */
        momentum: nonNegative,
        /** Horizon factor of the volatility noise (c·σ̄)²·dt·horizon. */
        volHorizon: nonNegative,
      })
      .strict(),
    initial: z
      .object({
        /** Prior sd of the return rate around the regime's drift. */
        returnRateSd: positive,
        /** Prior sd of the volatility around the regime's level, relative to σ̄. */
        volRelativeSd: positive,
        momentumSd: positive,
      })
      .strict(),
    expectedMode: z
      .object({
        enabled: z.boolean(),
        /** Below this normalised entropy of μ⁻ the expected mode is off. */
        entropyThreshold: z.number().min(0).lt(1),
        /** Steepness of the logistic in u = (H_n − threshold)/(1 − threshold). */
        steepness: positive,
        /** Share of the bank's mixture moments pulled into the expected filter before its predict. */
        pull: probability,
        /** At or below this weight the expected filter is re-seeded and not updated. */
        gate: probability,
      })
      .strict(),
    /** Interacting multiple model mixing of the filters' initial conditions (off in the spec). */
    mixing: z.enum(['none', 'imm']),
    missing: z
      .object({
        /** After this many consecutive misses the state is stale and ℓ, σ re-initialise. */
        staleAfter: z.number().int().min(1),
        /** s = (1 + perMiss·c)·(2 − ρ̂)·π(c). */
        perMiss: nonNegative,
        /** π(c) when c > 5. */
        longRunFactor: positive,
        /** π(c) when 3 < c ≤ 5. */
        mediumRunFactor: positive,
        /**
         * Whether s also inflates the ln-price noise σ̄²·dt. Off (recommended): dt already spans
         * the real elapsed time, so inflating the return variance again would score the returns
         * after a gap under the wrong volatilities (it flattens them toward the calm regimes); s
         * then inflates the return-rate, volatility and momentum noise only. On: the original.
         */
        inflatePriceNoise: z.boolean(),
      })
      .strict(),
    hysteresis: z
      .object({
        minProbability: probability,
        margin: probability,
        holdBars: z.number().int().min(1).max(1000),
      })
      .strict(),
    repair: z.object({ absoluteFloor: positive, relativeFloor: nonNegative }).strict(),
    signal: z
      .object({
        riskAversion: positive,
        maxWeight: probability,
        /** Flat when μ_crisis exceeds this. */
        crisisThreshold: probability,
      })
      .strict(),
  })
  .strict();
export type RegimeConfig = z.output<typeof RegimeConfig>;

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** What a user or an instrument overrides (objects merge key by key, arrays replace). */
export type RegimeConfigOverrides = DeepPartial<RegimeConfig>;

/** The original per-bar transition matrix (stationary distribution ≈ [.347 .347 .174 .057 .062 .013]). */
export const ORIGINAL_TRANSITION_MATRIX: readonly (readonly number[])[] = [
  [0.85, 0.05, 0.05, 0.02, 0.02, 0.01],
  [0.05, 0.85, 0.05, 0.02, 0.02, 0.01],
  [0.1, 0.1, 0.7, 0.05, 0.04, 0.01],
  [0.15, 0.15, 0.1, 0.5, 0.05, 0.05],
  [0.1, 0.1, 0.15, 0.05, 0.6, 0.0],
  [0.2, 0.2, 0.2, 0.2, 0.1, 0.1],
];

function model(drift: number, volatility: number, meanReversion: number, volPersistence: number, momentumDecay: number, momentumGain: number, volOfVol: number, volFloor: number, noiseScale: number, momentumDecayDown = momentumDecay): RegimeModel {
  return { drift, volatility, meanReversion, volPersistence, momentumDecay, momentumDecayDown, momentumGain, volOfVol, volFloor, noiseScale };
}

export function defaultRegimeConfig(): RegimeConfig {
  return {
    models: {
      bull: model(0.15, 0.18, 0, 0.95, 0.8, 1.0, 0.1, 0.005, 1.0),
      bear: model(-0.2, 0.25, 0, 0.9, 0.85, 1.0, 0.15, 0.01, 1.2, 0.9 * 0.85),
      sideways: model(0.02, 0.15, 2.0, 0.92, 0.6, 0.5, 0.08, 0.003, 0.8),
      high_vol: model(0.05, 0.35, 0, 0.8, 0.7, 1.0, 0.25, 0.02, 1.5),
      low_vol: model(0.08, 0.08, 0, 0.98, 0.9, 1.0, 0.03, 0.002, 0.5),
      crisis: model(-0.3, 0.5, 0, 0.7, 0.5, 1.2, 0.4, 0.05, 2.0),
    },
    transition: {
      matrix: ORIGINAL_TRANSITION_MATRIX.map((row) => [...row]),
      stayProbability: 0.97,
      referenceDt: 1 / 252,
      probabilityFloor: 1e-12,
    },
    unscented: { alpha: 1, beta: 2, kappa: 0, measurementUpdate: 'closed-form' },
    measurement: { priceNoise: 5e-4, volNoise: 0.03, realisedVolDecay: 0.94, realisedVolMinReturns: 1, likelihood: 'price' },
    anchorWeight: 0.02,
    processNoise: { returnRate: 0.05, momentum: 0.03, volHorizon: 21 },
    initial: { returnRateSd: 0.2, volRelativeSd: 0.5, momentumSd: 0.2 },
    expectedMode: { enabled: true, entropyThreshold: 0.5, steepness: 5, pull: 0.3, gate: 0.01 },
    mixing: 'none',
    missing: { staleAfter: 10, perMiss: 0.1, longRunFactor: 1.2, mediumRunFactor: 1.1, inflatePriceNoise: false },
    hysteresis: { minProbability: 0.5, margin: 0.1, holdBars: 2 },
    repair: { absoluteFloor: 1e-12, relativeFloor: 1e-12 },
    signal: { riskAversion: 1, maxWeight: 0.2, crisisThreshold: 0.5 },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = deepMerge(base[key], value);
  return out;
}

/**
 * Several overrides as one (later ones win key by key; objects merge, arrays and values replace);
 * undefined and null entries are skipped. Not validated: `resolveRegimeConfig` does that.
 */
export function mergeRegimeOverrides(...overrides: readonly unknown[]): RegimeConfigOverrides {
  let merged: unknown = {};
  for (const override of overrides) {
    if (override === undefined || override === null) continue;
    if (!isPlainObject(override)) throw new InputError('regime configuration overrides must be an object');
    merged = deepMerge(merged, override);
  }
  return merged as RegimeConfigOverrides;
}

/**
 * The defaults with `overrides` merged in (see `mergeRegimeOverrides`), validated. Bad values
 * throw an InputError naming the parameter.
 */
export function resolveRegimeConfig(...overrides: readonly unknown[]): RegimeConfig {
  const merged = deepMerge(defaultRegimeConfig(), mergeRegimeOverrides(...overrides));
  const parsed = RegimeConfig.safeParse(merged);
  if (!parsed.success) {
    throw new InputError(`invalid regime configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const config = parsed.data;
  config.transition.matrix.forEach((row, i) => {
    const sum = row.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-9) throw new InputError(`invalid regime configuration: transition.matrix row ${i} (${REGIMES[i]}) sums to ${sum}, not 1`);
  });
  return config;
}

/** Canonical JSON (sorted keys), so equal configurations always print alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Two 32-bit FNV-1a hashes (different offsets) of a text, as [high, low]. */
export function fingerprint32x2(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 ^ 0x2f) >>> 0;
  }
  return [a >>> 0, b >>> 0];
}

export function fingerprintHex(text: string): string {
  const [a, b] = fingerprint32x2(text);
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
