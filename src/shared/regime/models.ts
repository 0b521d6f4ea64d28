import { REGIMES } from '../domain/regime';
import type { RegimeConfig } from './config';
import type { MeasurementFunction, StateTransition } from './unscented';

/**
 * The six regime models over the state x = [ℓ, r, σ, m] (ln price, return rate per year,
 * volatility per √year, momentum) and the measurement z = [ln close, σ_obs].
 */
export const STATE_SIZE = 4;
export const MEASUREMENT_SIZE = 2;
export const LOG_PRICE = 0;
export const RETURN_RATE = 1;
export const VOLATILITY = 2;
export const MOMENTUM = 3;

/** Model parameters as a flat row per regime (and one for the expected mode). */
export const PARAMETER_COUNT = 10;
export const DRIFT = 0;
export const VOL_LEVEL = 1;
export const MEAN_REVERSION = 2;
export const VOL_PERSISTENCE = 3;
export const MOMENTUM_DECAY = 4;
export const MOMENTUM_DECAY_DOWN = 5;
export const MOMENTUM_GAIN = 6;
export const VOL_OF_VOL = 7;
export const VOL_FLOOR = 8;
export const NOISE_SCALE = 9;

/** Parameters of the six regimes, REGIMES order, PARAMETER_COUNT each. */
export function regimeParameters(config: RegimeConfig): Float64Array {
  const out = new Float64Array(REGIMES.length * PARAMETER_COUNT);
  REGIMES.forEach((name, r) => {
    const m = config.models[name];
    const o = r * PARAMETER_COUNT;
    out[o + DRIFT] = m.drift;
    out[o + VOL_LEVEL] = m.volatility;
    out[o + MEAN_REVERSION] = m.meanReversion;
    out[o + VOL_PERSISTENCE] = m.volPersistence;
    out[o + MOMENTUM_DECAY] = m.momentumDecay;
    out[o + MOMENTUM_DECAY_DOWN] = m.momentumDecayDown;
    out[o + MOMENTUM_GAIN] = m.momentumGain;
    out[o + VOL_OF_VOL] = m.volOfVol;
    out[o + VOL_FLOOR] = m.volFloor;
    out[o + NOISE_SCALE] = m.noiseScale;
  });
  return out;
}

export interface ProcessNoiseConstants {
  /** Return-rate variance per year (× s_Q). */
  readonly returnRate: number;
  /** Momentum variance per year (× s_Q). */
  readonly momentum: number;
  /** Horizon factor of the volatility noise. */
  readonly volHorizon: number;
}

/**
 * The noise-free mean function f_r(x, dt) of one regime (process noise enters only through Q):
 *   r' = μ + κ(θ − ℓ)            (= (ℓ' − ℓ)/dt, computed without the cancellation)
 *   ℓ' = ℓ + r'·dt
 *   σ' = max(floor, σ̄ + φ^(252·dt)·(σ − σ̄))
 *   m' = λ·m + (1 − λ)·g·r',     λ = λ_down when r' < 0 (the bear regime's 0.9·λ_m)
 * `configure` loads one regime's parameters; the caller then sets `volStep` (φ^(252·dt)), `dt`
 * and `anchor` (θ) as fields, so no number is boxed on the way, and `propagate` runs per sigma
 * point. One instance serves every filter of a bank, so the call site stays monomorphic.
 */
export class RegimeDynamics implements StateTransition {
  private drift = 0;
  private volLevel = 0;
  private meanReversion = 0;
  private decay = 0;
  private decayDown = 0;
  private gain = 0;
  private volOfVol = 0;
  private floor = 0;
  private noiseScale = 0;
  volStep = 0;
  dt = 0;
  anchor = 0;

  private readonly returnRateNoise: number;
  private readonly momentumNoise: number;
  private readonly volHorizon: number;

  constructor(noise: ProcessNoiseConstants) {
    this.returnRateNoise = noise.returnRate;
    this.momentumNoise = noise.momentum;
    this.volHorizon = noise.volHorizon;
  }

  configure(parameters: Float64Array, offset: number): void {
    this.drift = parameters[offset + DRIFT]!;
    this.volLevel = parameters[offset + VOL_LEVEL]!;
    this.meanReversion = parameters[offset + MEAN_REVERSION]!;
    this.decay = parameters[offset + MOMENTUM_DECAY]!;
    this.decayDown = parameters[offset + MOMENTUM_DECAY_DOWN]!;
    this.gain = parameters[offset + MOMENTUM_GAIN]!;
    this.volOfVol = parameters[offset + VOL_OF_VOL]!;
    this.floor = parameters[offset + VOL_FLOOR]!;
    this.noiseScale = parameters[offset + NOISE_SCALE]!;
  }

  propagate(src: Float64Array, so: number, dst: Float64Array, dso: number): void {
    const logPrice = src[so]!;
    const rate = this.drift + this.meanReversion * (this.anchor - logPrice);
    dst[dso] = logPrice + rate * this.dt;
    dst[dso + 1] = rate;
    const vol = this.volLevel + this.volStep * (src[so + 2]! - this.volLevel);
    dst[dso + 2] = vol > this.floor ? vol : this.floor;
    const decay = rate < 0 ? this.decayDown : this.decay;
    dst[dso + 3] = decay * src[so + 3]! + (1 - decay) * this.gain * rate;
  }

  /**
   * Q_r(dt) = diag(σ̄²·dt, q_r·s_Q·dt, (c·σ̄)²·dt·horizon, q_m·s_Q·dt) into q[qo..qo+4). The first
   * term makes each regime's likelihood that of the bar's return under its own volatility.
   */
  writeProcessNoise(q: Float64Array, qo: number): void {
    const dt = this.dt;
    const volOfVol = this.volOfVol * this.volLevel;
    q[qo] = this.volLevel * this.volLevel * dt;
    q[qo + 1] = this.returnRateNoise * this.noiseScale * dt;
    q[qo + 2] = volOfVol * volOfVol * dt * this.volHorizon;
    q[qo + 3] = this.momentumNoise * this.noiseScale * dt;
  }
}

/** h(x) = [ℓ, σ]. */
export class PriceAndVolatility implements MeasurementFunction {
  observe(src: Float64Array, so: number, dst: Float64Array, dso: number): void {
    dst[dso] = src[so]!;
    dst[dso + 1] = src[so + 2]!;
  }
}
