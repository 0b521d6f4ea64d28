import { REGIME_COUNT } from '../domain/regime';
import { createBarClock, parseBarClockSpec, type BarClock, type BarClockSpec, type BarClockSpecInput } from './clock';
import { canonicalJson, fingerprint32x2, fingerprintHex, resolveRegimeConfig, type RegimeConfig } from './config';
import { expectedModeWeight } from './expected-mode';
import {
  DRIFT, LOG_PRICE, MEASUREMENT_SIZE, PARAMETER_COUNT, PriceAndVolatility, RegimeDynamics,
  regimeParameters, RETURN_RATE, STATE_SIZE, VOL_LEVEL, VOL_PERSISTENCE, VOLATILITY,
} from './models';
import { HysteresisLabeler, LABEL_STATE_LENGTH, LabelStep } from './label';
import { allocateRegimeBatch, truncateRegimeBatch, type RegimeBatch, RegimeStepOutput } from './output';
import { receptionEstimate, receptionRate, type ReceptionEstimate } from './reception';
import { MODES, normalisedEntropy, predictModes, referenceTransitionMatrix, scaleTransitionMatrix } from './transition';
import { sigmaWeights, UnscentedFilter } from './unscented';

const N = STATE_SIZE;
const NN = N * N;
/** Slot of the expected-mode filter after the six regime filters. */
const EXPECTED = REGIME_COUNT;
const FILTERS = REGIME_COUNT + 1;

// Layout of the persistent state: one Float64Array, so a snapshot is a copy.
const X = 0; // FILTERS × N
const P = X + FILTERS * N; // FILTERS × NN
const MU = P + FILTERS * NN; // six probabilities
const MIX_X = MU + MODES; // x̂ of the six filters after the last bar
const MIX_P = MIX_X + N; // P̂
const INITIALISED = MIX_P + NN;
const LAST_T = INITIALISED + 1;
const LAST_LOG_PRICE = LAST_T + 1; // ln close of the last observed bar
const DT_SINCE_OBSERVED = LAST_LOG_PRICE + 1;
const EWMA_VARIANCE = DT_SINCE_OBSERVED + 1;
const EWMA_WEIGHT = EWMA_VARIANCE + 1;
const RETURNS_SEEN = EWMA_WEIGHT + 1;
const ANCHOR = RETURNS_SEEN + 1;
const RECEIVED = ANCHOR + 1;
const EXPECTED_BARS = RECEIVED + 1;
const CONSECUTIVE_MISSES = EXPECTED_BARS + 1;
const STALE = CONSECUTIVE_MISSES + 1;
const LABEL = STALE + 1; // LABEL_STATE_LENGTH slots of the hysteresis labeler
const LABEL_SINCE = LABEL + LABEL_STATE_LENGTH;
const BARS = LABEL_SINCE + 1;
const EXPECTED_FRESH = BARS + 1; // the expected filter was updated at the last observed bar
export const STATE_LENGTH = EXPECTED_FRESH + 1;

/** h(x) = [ℓ, σ] as the state components it selects. */
const MEASURED_COMPONENTS = Int32Array.of(LOG_PRICE, VOLATILITY);

const SNAPSHOT_MAGIC = 0x5245474d; // "REGM"
export const SNAPSHOT_VERSION = 1;
const HEADER = 5; // magic, version, fingerprint high, fingerprint low, state length

// Per-step scalars live in a Float64Array, never in arguments or return values, so that no number
// is boxed between the bank's methods (V8 passes doubles to a call it did not inline as heap
// numbers, which would allocate on every bar).
const IN_T = 0;
const IN_CLOSE = 1;
const DT = 2;
const DUE = 3;
const ENTROPY = 4;
const EXPECTED_WEIGHT = 5;
const RECEPTION = 6;
const NOISE_SCALE = 7;
const LOG_CLOSE = 8;
const VOL_OBSERVED = 9;
const WORK_LENGTH = 10;

// Hot configuration scalars, copied once into a Float64Array (reading numbers out of the nested
// configuration object on every bar costs allocations in V8).
const PROBABILITY_FLOOR = 0;
const REFERENCE_DT = 1;
const ENTROPY_THRESHOLD = 2;
const STEEPNESS = 3;
const GATE = 4;
const PULL = 5;
const STALE_AFTER = 6;
const PER_MISS = 7;
const LONG_RUN = 8;
const MEDIUM_RUN = 9;
const ANCHOR_WEIGHT = 10;
const VOL_DECAY = 11;
const MIN_RETURNS = 12;
const SETTINGS_LENGTH = 13;

function hotSettings(config: RegimeConfig): Float64Array {
  const k = new Float64Array(SETTINGS_LENGTH);
  k[PROBABILITY_FLOOR] = config.transition.probabilityFloor;
  k[REFERENCE_DT] = config.transition.referenceDt;
  k[ENTROPY_THRESHOLD] = config.expectedMode.entropyThreshold;
  k[STEEPNESS] = config.expectedMode.steepness;
  k[GATE] = config.expectedMode.gate;
  k[PULL] = config.expectedMode.pull;
  k[STALE_AFTER] = config.missing.staleAfter;
  k[PER_MISS] = config.missing.perMiss;
  k[LONG_RUN] = config.missing.longRunFactor;
  k[MEDIUM_RUN] = config.missing.mediumRunFactor;
  k[ANCHOR_WEIGHT] = config.anchorWeight;
  k[VOL_DECAY] = config.measurement.realisedVolDecay;
  k[MIN_RETURNS] = config.measurement.realisedVolMinReturns;
  return k;
}

export interface RegimeBankOptions {
  /** A resolved configuration (`resolveRegimeConfig`); defaults when omitted. */
  readonly config?: RegimeConfig;
  /** How the stream measures time; `{ timeframe: '1Day' }` at least. */
  readonly clock: BarClockSpecInput;
}

/** The bars of one symbol as columns: `close` NaN (or ≤ 0) marks a missing bar. */
export interface RegimeBarColumns {
  readonly t: Float64Array;
  readonly close: Float64Array;
}

/**
 * BE-EMA-MMCUKF for one symbol's bar stream (specs/regime-filter.md; docs/concepts/regime-bank.md
 * says where this implementation departs from it): six unscented Kalman filters, one per regime,
 * under Markov switching; an expected-mode filter; Bayesian handling of missing bars.
 *
 * Processing a bar allocates nothing: every buffer is allocated here, once; the whole persistent
 * state is one Float64Array (a snapshot is a copy of it); per-bar numbers travel between methods
 * in `work` and configuration numbers are read from `settings`, never passed as arguments or
 * returned, because V8 boxes a double that crosses a call it did not inline.
 */
export class RegimeBank {
  readonly config: RegimeConfig;
  readonly clockSpec: BarClockSpec;
  /** Identifies config + clock; a snapshot only restores into a bank with the same fingerprint. */
  readonly fingerprint: readonly [number, number];
  private readonly clock: BarClock;
  private readonly state = new Float64Array(STATE_LENGTH);
  private readonly work = new Float64Array(WORK_LENGTH);
  private readonly filter: UnscentedFilter;
  private readonly dynamics: RegimeDynamics;
  private readonly measurement = new PriceAndVolatility();
  private readonly settings: Float64Array;
  private readonly closedFormUpdate: boolean;
  private readonly joint: boolean;
  private readonly expectedModeEnabled: boolean;
  private readonly immMixing: boolean;
  private readonly parameters: Float64Array;
  private readonly expectedParameters = new Float64Array(PARAMETER_COUNT);
  private readonly referenceMatrix: Float64Array;
  // Per-dt caches, recomputed only when dt changes.
  private cachedDt = Number.NaN;
  private readonly matrix = new Float64Array(MODES * MODES);
  private readonly volStep = new Float64Array(REGIME_COUNT);
  private readonly noise = new Float64Array(FILTERS * N);
  /** Q after the missing-bar compensation (used on the first bar after misses). */
  private readonly scaledNoise = new Float64Array(FILTERS * N);
  /** Which Q components the compensation scales (1) or leaves (0). */
  private readonly compensated: Float64Array;
  private readonly predicted = new Float64Array(MODES);
  private readonly logLikelihood = new Float64Array(MODES);
  private readonly measured = new Float64Array(MEASUREMENT_SIZE);
  private readonly measurementNoise: Float64Array;
  private readonly mixX = new Float64Array(REGIME_COUNT * N);
  private readonly mixP = new Float64Array(REGIME_COUNT * NN);
  private readonly fusedX = new Float64Array(N);
  private readonly fusedP = new Float64Array(NN);
  private readonly priorSd: Float64Array;
  private readonly labeler: HysteresisLabeler;
  private readonly labelStep = new LabelStep();

  constructor(options: RegimeBankOptions) {
    this.config = options.config ?? resolveRegimeConfig();
    this.clockSpec = parseBarClockSpec(options.clock);
    this.clock = createBarClock(this.clockSpec);
    this.fingerprint = fingerprint32x2(fingerprintText(this.config, this.clockSpec));
    const { alpha, beta, kappa, measurementUpdate } = this.config.unscented;
    this.filter = new UnscentedFilter(N, MEASUREMENT_SIZE, sigmaWeights(N, alpha, beta, kappa), this.config.repair.absoluteFloor, this.config.repair.relativeFloor);
    this.dynamics = new RegimeDynamics(this.config.processNoise);
    this.closedFormUpdate = measurementUpdate === 'closed-form';
    this.joint = this.config.measurement.likelihood === 'joint';
    this.expectedModeEnabled = this.config.expectedMode.enabled;
    this.immMixing = this.config.mixing === 'imm';
    this.settings = hotSettings(this.config);
    this.labeler = new HysteresisLabeler(this.config.hysteresis);
    this.parameters = regimeParameters(this.config);
    this.referenceMatrix = referenceTransitionMatrix(this.config.transition.matrix, this.config.transition.stayProbability);
    const { priceNoise, volNoise } = this.config.measurement;
    this.measurementNoise = Float64Array.of(priceNoise * priceNoise, volNoise * volNoise);
    const { returnRateSd, volRelativeSd, momentumSd } = this.config.initial;
    this.priorSd = Float64Array.of(priceNoise, returnRateSd, volRelativeSd, momentumSd);
    this.compensated = Float64Array.of(this.config.missing.inflatePriceNoise ? 1 : 0, 1, 1, 1);
  }

  /** Bars processed so far (missing ones included). */
  get bars(): number {
    return this.state[BARS]!;
  }

  /** Time since which the current label has held, NaN while none is established. */
  get labelSince(): number {
    return this.state[INITIALISED] === 1 ? this.state[LABEL_SINCE]! : Number.NaN;
  }

  /** The stream has missed `staleAfter` bars in a row. */
  get stale(): boolean {
    return this.state[STALE] === 1;
  }

  /** Time of the last processed bar, NaN before the first. */
  get lastTime(): number {
    return this.state[INITIALISED] === 1 ? this.state[LAST_T]! : Number.NaN;
  }

  /**
   * Processes one bar: `close` is the bar's close, or NaN for a bar that is due but missing.
   * Writes the bar's output into `out` and returns true; returns false (and leaves `out` alone)
   * for a bar whose time does not move forward, and for missing bars before the first price.
   */
  step(t: number, close: number, out: RegimeStepOutput): boolean {
    this.work[IN_T] = t;
    this.work[IN_CLOSE] = close;
    return this.process(out);
  }

  /** `step` reading bar `index` of the columns (no number crosses a call boundary). */
  stepAt(t: Float64Array, close: Float64Array, index: number, out: RegimeStepOutput): boolean {
    this.work[IN_T] = t[index]!;
    this.work[IN_CLOSE] = close[index]!;
    return this.process(out);
  }

  /** Runs a whole series; returns the outputs as columns (allocated once per batch). */
  runBatch(bars: RegimeBarColumns, out: RegimeStepOutput = new RegimeStepOutput()): RegimeBatch {
    const length = bars.t.length;
    if (bars.close.length !== length) throw new RangeError(`runBatch: ${length} times but ${bars.close.length} closes`);
    const batch = allocateRegimeBatch(length);
    let count = 0;
    for (let i = 0; i < length; i++) {
      if (!this.stepAt(bars.t, bars.close, i, out)) continue;
      writeBatchRow(batch, count, out, length);
      count++;
    }
    return truncateRegimeBatch(batch, count, length - count);
  }

  /** ρ̂ with its exact 95% interval (a few microseconds: call it when showing or storing it). */
  reception(): ReceptionEstimate {
    return receptionEstimate(this.state[RECEIVED]!, this.state[EXPECTED_BARS]!);
  }

  /** The current probabilities (a copy). */
  probabilities(): Float64Array {
    return this.state.slice(MU, MU + MODES);
  }

  /** A filter's state and covariance (k < 6: regime filters, 6: expected mode), as copies. */
  filterState(k: number): { x: Float64Array; p: Float64Array } {
    return { x: this.state.slice(X + k * N, X + (k + 1) * N), p: this.state.slice(P + k * NN, P + (k + 1) * NN) };
  }

  /** The full state as a compact versioned blob (header + one Float64Array). */
  saveState(): Uint8Array {
    const blob = new Float64Array(HEADER + STATE_LENGTH);
    blob[0] = SNAPSHOT_MAGIC;
    blob[1] = SNAPSHOT_VERSION;
    blob[2] = this.fingerprint[0];
    blob[3] = this.fingerprint[1];
    blob[4] = STATE_LENGTH;
    blob.set(this.state, HEADER);
    return new Uint8Array(blob.buffer);
  }

  /**
   * Restores a blob of `saveState`. Throws a RangeError saying why when the blob is not a regime
   * snapshot, is of another version, or was written under another configuration or clock.
   */
  loadState(blob: Uint8Array): void {
    const values = snapshotValues(blob);
    if (values[2] !== this.fingerprint[0] || values[3] !== this.fingerprint[1]) {
      throw new RangeError('regime snapshot was written under a different configuration or bar clock; rerun the bank from the first bar');
    }
    this.state.set(values.subarray(HEADER));
    this.cachedDt = Number.NaN;
  }

  // ---- one bar -------------------------------------------------------------------------------

  private process(out: RegimeStepOutput): boolean {
    const s = this.state;
    const w = this.work;
    const t = w[IN_T]!;
    if (!Number.isFinite(t)) return false;
    const close = w[IN_CLOSE]!;
    const observed = close > 0 && close < Number.POSITIVE_INFINITY;
    if (s[INITIALISED] !== 1) {
      if (!observed) return false;
      w[LOG_CLOSE] = Math.log(close);
      this.initialise();
      w[ENTROPY] = 1;
      w[EXPECTED_WEIGHT] = 0;
      w[RECEPTION] = receptionRate(1, 1);
      this.finish(true, out);
      return true;
    }
    if (!(t > s[LAST_T]!)) return false;
    // 1. Elapsed time and the reception counters.
    this.clock.from = s[LAST_T]!;
    this.clock.to = t;
    this.clock.advance();
    w[DT] = this.clock.dt;
    w[DUE] = this.clock.bars;
    this.countBar(observed);
    this.prepareForDt();
    // 2. Mode prediction, optional IMM mixing, and the expected mode's weight.
    const k = this.settings;
    predictModes(this.matrix, s, MU, this.predicted, 0, k[PROBABILITY_FLOOR]!);
    if (this.immMixing) this.mix();
    w[ENTROPY] = normalisedEntropy(this.predicted, 0);
    const enabled = this.expectedModeEnabled;
    const weight = enabled ? expectedModeWeight(w[ENTROPY]!, k[ENTROPY_THRESHOLD]!, k[STEEPNESS]!) : 0;
    const expectedActive = enabled && weight > k[GATE]!;
    w[EXPECTED_WEIGHT] = expectedActive ? weight : 0;
    // 3. Predict every regime filter; 4. the expected mode.
    this.predictRegimes();
    if (enabled) this.predictExpectedMode(expectedActive);
    s[DT_SINCE_OBSERVED] = s[DT_SINCE_OBSERVED]! + w[DT]!;
    s[EXPECTED_FRESH] = 0;
    if (!observed) {
      // 5. Missing bar: μ ← μ⁻ exactly, no update.
      s.set(this.predicted, MU);
      if (s[CONSECUTIVE_MISSES]! >= k[STALE_AFTER]!) s[STALE] = 1;
    } else {
      w[LOG_CLOSE] = Math.log(close);
      this.observeRealisedVol();
      if (s[STALE] === 1 || s[CONSECUTIVE_MISSES]! >= k[STALE_AFTER]!) {
        this.reinitialiseFromObservation();
        s.set(this.predicted, MU);
      } else {
        this.updateFilters(expectedActive);
      }
      s[ANCHOR] = s[ANCHOR]! + k[ANCHOR_WEIGHT]! * (w[LOG_CLOSE]! - s[ANCHOR]!);
      s[LAST_LOG_PRICE] = w[LOG_CLOSE]!;
      s[DT_SINCE_OBSERVED] = 0;
      s[CONSECUTIVE_MISSES] = 0;
      s[STALE] = 0;
    }
    s[LAST_T] = t;
    this.finish(observed, out);
    return true;
  }

  /**
   * Reception counters: bars skipped by a time gap are misses too, a missing bar adds itself;
   * on the first bar after misses the compensation s = (1 + 0.1c)·(2 − ρ̂)·π(c) is set.
   */
  private countBar(observed: boolean): void {
    const s = this.state;
    const w = this.work;
    s[EXPECTED_BARS] = s[EXPECTED_BARS]! + w[DUE]!;
    if (observed) s[RECEIVED] = s[RECEIVED]! + 1;
    const misses = s[CONSECUTIVE_MISSES]! + w[DUE]! - 1;
    s[CONSECUTIVE_MISSES] = observed ? misses : misses + 1;
    const reception = (1 + s[RECEIVED]!) / (2 + s[EXPECTED_BARS]!); // receptionRate, inline
    w[RECEPTION] = reception;
    w[NOISE_SCALE] = 1;
    if (observed && misses > 0) {
      const k = this.settings;
      const runFactor = misses > 5 ? k[LONG_RUN]! : misses > 3 ? k[MEDIUM_RUN]! : 1;
      w[NOISE_SCALE] = (1 + k[PER_MISS]! * misses) * (2 - reception) * runFactor;
    }
  }

  /** Transition matrix, volatility persistence and Q for this dt (cached while dt repeats). */
  private prepareForDt(): void {
    const dt = this.work[DT]!;
    if (dt === this.cachedDt) return;
    this.cachedDt = dt;
    scaleTransitionMatrix(this.referenceMatrix, dt / this.settings[REFERENCE_DT]!, this.matrix);
    const exponent = 252 * dt;
    const dynamics = this.dynamics;
    dynamics.dt = dt;
    for (let r = 0; r < REGIME_COUNT; r++) {
      const o = r * PARAMETER_COUNT;
      const phi = this.parameters[o + VOL_PERSISTENCE]!;
      this.volStep[r] = exponent === 1 ? phi : Math.pow(phi, exponent);
      dynamics.configure(this.parameters, o);
      dynamics.writeProcessNoise(this.noise, r * N);
    }
  }

  /** The Q to predict with: Q itself, or Q with the compensated components scaled by s. */
  private stepNoise(k: number): Float64Array {
    const scale = this.work[NOISE_SCALE]!;
    if (scale === 1) return this.noise;
    for (let i = 0; i < N; i++) {
      const c = this.compensated[i]!;
      this.scaledNoise[k * N + i] = this.noise[k * N + i]! * (1 + c * (scale - 1));
    }
    return this.scaledNoise;
  }

  private predictRegimes(): void {
    const s = this.state;
    const dynamics = this.dynamics;
    dynamics.dt = this.work[DT]!;
    dynamics.anchor = s[ANCHOR]!;
    for (let r = 0; r < REGIME_COUNT; r++) {
      dynamics.configure(this.parameters, r * PARAMETER_COUNT);
      dynamics.volStep = this.volStep[r]!;
      if (!this.filter.predict(s, X + r * N, s, P + r * NN, dynamics, this.stepNoise(r), r * N)) this.resetFilter(r);
    }
  }

  /**
   * The expected mode: parameters averaged under μ⁻; pulled toward the bank's mixture moments of
   * the last bar while active and fresh, otherwise re-seeded there; then predicted.
   */
  private predictExpectedMode(active: boolean): void {
    const s = this.state;
    const e = this.expectedParameters;
    e.fill(0);
    for (let r = 0; r < REGIME_COUNT; r++) {
      const weight = this.predicted[r]!;
      const o = r * PARAMETER_COUNT;
      for (let k = 0; k < PARAMETER_COUNT; k++) e[k] = e[k]! + weight * this.parameters[o + k]!;
    }
    const dynamics = this.dynamics;
    const dt = this.work[DT]!;
    const exponent = 252 * dt;
    dynamics.configure(e, 0);
    dynamics.dt = dt;
    dynamics.anchor = s[ANCHOR]!;
    dynamics.volStep = exponent === 1 ? e[VOL_PERSISTENCE]! : Math.pow(e[VOL_PERSISTENCE]!, exponent);
    dynamics.writeProcessNoise(this.noise, EXPECTED * N);
    if (active && s[EXPECTED_FRESH] === 1) this.pullExpectedMode();
    else this.seedExpectedMode();
    if (!this.filter.predict(s, X + EXPECTED * N, s, P + EXPECTED * NN, dynamics, this.stepNoise(EXPECTED), EXPECTED * N)) this.seedExpectedMode();
  }

  /** x_E ← (1 − w)·x_E + w·x̄, P_E ← (1 − w)·P_E + w·P̄, repaired. */
  private pullExpectedMode(): void {
    const s = this.state;
    const w = this.settings[PULL]!;
    for (let i = 0; i < N; i++) s[X + EXPECTED * N + i] = (1 - w) * s[X + EXPECTED * N + i]! + w * s[MIX_X + i]!;
    for (let i = 0; i < NN; i++) s[P + EXPECTED * NN + i] = (1 - w) * s[P + EXPECTED * NN + i]! + w * s[MIX_P + i]!;
    if (!this.filter.repair(s, P + EXPECTED * NN)) this.seedExpectedMode();
  }

  private seedExpectedMode(): void {
    const s = this.state;
    s.copyWithin(X + EXPECTED * N, MIX_X, MIX_X + N);
    s.copyWithin(P + EXPECTED * NN, MIX_P, MIX_P + NN);
  }

  /** 6. Update every filter; 7. μ_r ∝ μ⁻_r·exp(log L_r − max log L), in log space. */
  private updateFilters(expectedActive: boolean): void {
    const s = this.state;
    const vol = this.work[VOL_OBSERVED]!;
    this.measured[0] = this.work[LOG_CLOSE]!;
    this.measured[1] = vol;
    const rows = vol === vol ? 2 : 1;
    const scored = this.joint ? rows : 1;
    let best = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < REGIME_COUNT; r++) {
      let logL = Number.NEGATIVE_INFINITY;
      if (this.updateFilter(r, rows, scored)) logL = this.filter.logLikelihood;
      else if (!this.filterFinite(r)) this.resetFilter(r);
      if (!(logL > Number.NEGATIVE_INFINITY) || logL === Number.POSITIVE_INFINITY) logL = Number.NEGATIVE_INFINITY;
      this.logLikelihood[r] = logL;
      if (logL > best) best = logL;
    }
    if (expectedActive) {
      if (this.updateFilter(EXPECTED, rows, rows)) s[EXPECTED_FRESH] = 1;
      else if (!this.filterFinite(EXPECTED)) this.seedExpectedMode();
    }
    if (best === Number.NEGATIVE_INFINITY) {
      s.set(this.predicted, MU);
      return;
    }
    let total = 0;
    for (let r = 0; r < REGIME_COUNT; r++) {
      const weight = this.predicted[r]! * Math.exp(this.logLikelihood[r]! - best);
      s[MU + r] = weight;
      total += weight;
    }
    for (let r = 0; r < REGIME_COUNT; r++) s[MU + r] = s[MU + r]! / total;
  }

  private updateFilter(k: number, rows: number, scored: number): boolean {
    const s = this.state;
    if (this.closedFormUpdate) {
      return this.filter.updateSelected(s, X + k * N, s, P + k * NN, MEASURED_COMPONENTS, this.measured, 0, this.measurementNoise, 0, rows, scored);
    }
    return this.filter.update(s, X + k * N, s, P + k * NN, this.measurement, this.measured, 0, this.measurementNoise, 0, rows, scored);
  }

  /**
   * IMM mixing: filter j starts from Σ_i μ_{i|j}·(x_i, P_i + spread), μ_{i|j} = Π_ij·μ_i / Σ_i Π_ij·μ_i.
   */
  private mix(): void {
    const s = this.state;
    const matrix = this.matrix;
    for (let j = 0; j < REGIME_COUNT; j++) {
      let norm = 0;
      for (let i = 0; i < REGIME_COUNT; i++) norm += matrix[i * MODES + j]! * s[MU + i]!;
      for (let a = 0; a < N; a++) {
        let sum = 0;
        for (let i = 0; i < REGIME_COUNT; i++) sum += matrix[i * MODES + j]! * s[MU + i]! * s[X + i * N + a]!;
        this.mixX[j * N + a] = norm > 0 ? sum / norm : s[X + j * N + a]!;
      }
      for (let a = 0; a < N; a++) {
        for (let b = a; b < N; b++) {
          let sum = 0;
          for (let i = 0; i < REGIME_COUNT; i++) {
            const weight = norm > 0 ? (matrix[i * MODES + j]! * s[MU + i]!) / norm : i === j ? 1 : 0;
            const da = s[X + i * N + a]! - this.mixX[j * N + a]!;
            const db = s[X + i * N + b]! - this.mixX[j * N + b]!;
            sum += weight * (s[P + i * NN + a * N + b]! + da * db);
          }
          this.mixP[j * NN + a * N + b] = sum;
          this.mixP[j * NN + b * N + a] = sum;
        }
      }
    }
    s.set(this.mixX, X);
    s.set(this.mixP, P);
  }

  /**
   * σ_obs = √(EWMA of squared log returns, each divided by its elapsed years), bias-corrected for
   * the returns seen so far: the spec's EWMA × bars-per-year for regular bars, and a return over
   * a gap counts as one observation of the variance rate. NaN until enough returns were seen.
   */
  private observeRealisedVol(): void {
    const s = this.state;
    const change = this.work[LOG_CLOSE]! - s[LAST_LOG_PRICE]!;
    const lambda = this.settings[VOL_DECAY]!;
    s[EWMA_VARIANCE] = lambda * s[EWMA_VARIANCE]! + (1 - lambda) * ((change * change) / s[DT_SINCE_OBSERVED]!);
    s[EWMA_WEIGHT] = lambda * s[EWMA_WEIGHT]! + (1 - lambda);
    s[RETURNS_SEEN] = s[RETURNS_SEEN]! + 1;
    this.work[VOL_OBSERVED] = s[RETURNS_SEEN]! < this.settings[MIN_RETURNS]! ? Number.NaN : Math.sqrt(s[EWMA_VARIANCE]! / s[EWMA_WEIGHT]!);
  }

  private initialise(): void {
    const s = this.state;
    const logPrice = this.work[LOG_CLOSE]!;
    s.fill(0);
    s[INITIALISED] = 1;
    s[LAST_T] = this.work[IN_T]!;
    s[LAST_LOG_PRICE] = logPrice;
    s[ANCHOR] = logPrice;
    s[RECEIVED] = 1;
    s[EXPECTED_BARS] = 1;
    HysteresisLabeler.initialise(s, LABEL);
    s[LABEL_SINCE] = Number.NaN;
    for (let r = 0; r < REGIME_COUNT; r++) {
      s[MU + r] = 1 / REGIME_COUNT;
      this.initialiseFilter(r);
    }
    this.fuseRegimes();
    this.seedExpectedMode();
    this.cachedDt = Number.NaN;
  }

  /** Regime r's prior: ℓ at the last price, r at the regime's drift, σ at its level, m at 0. */
  private initialiseFilter(r: number): void {
    const s = this.state;
    const o = r * PARAMETER_COUNT;
    const x = X + r * N;
    const p = P + r * NN;
    s[x + LOG_PRICE] = s[LAST_LOG_PRICE]!;
    s[x + RETURN_RATE] = this.parameters[o + DRIFT]!;
    s[x + VOLATILITY] = this.parameters[o + VOL_LEVEL]!;
    s[x + 3] = 0;
    s.fill(0, p, p + NN);
    const volSd = this.priorSd[2]! * this.parameters[o + VOL_LEVEL]!;
    s[p + 0] = this.priorSd[0]! * this.priorSd[0]!;
    s[p + 5] = this.priorSd[1]! * this.priorSd[1]!;
    s[p + 10] = volSd * volSd;
    s[p + 15] = this.priorSd[3]! * this.priorSd[3]!;
  }

  private resetFilter(r: number): void {
    this.initialiseFilter(r);
  }

  private filterFinite(k: number): boolean {
    const s = this.state;
    for (let i = 0; i < NN; i++) if (!Number.isFinite(s[P + k * NN + i]!)) return false;
    for (let i = 0; i < N; i++) if (!Number.isFinite(s[X + k * N + i]!)) return false;
    return true;
  }

  /** After a stale stretch: ℓ (and σ when observed) of every filter restart from this bar. */
  private reinitialiseFromObservation(): void {
    const s = this.state;
    const logPrice = this.work[LOG_CLOSE]!;
    const volObserved = this.work[VOL_OBSERVED]!;
    const priceVariance = this.priorSd[0]! * this.priorSd[0]!;
    for (let k = 0; k < FILTERS; k++) {
      const x = X + k * N;
      const p = P + k * NN;
      s[x + LOG_PRICE] = logPrice;
      for (let i = 0; i < N; i++) {
        s[p + LOG_PRICE * N + i] = 0;
        s[p + i * N + LOG_PRICE] = 0;
      }
      s[p + LOG_PRICE * N + LOG_PRICE] = priceVariance;
      if (volObserved === volObserved) {
        const level = k < REGIME_COUNT ? this.parameters[k * PARAMETER_COUNT + VOL_LEVEL]! : this.expectedParameters[VOL_LEVEL]!;
        const volSd = this.priorSd[2]! * level;
        s[x + VOLATILITY] = volObserved;
        for (let i = 0; i < N; i++) {
          s[p + VOLATILITY * N + i] = 0;
          s[p + i * N + VOLATILITY] = 0;
        }
        s[p + VOLATILITY * N + VOLATILITY] = volSd * volSd;
      }
    }
    s[ANCHOR] = logPrice;
  }

  /** x̂ = Σ μ_r·x_r, P̂ = Σ μ_r·[P_r + (x_r − x̂)(x_r − x̂)ᵀ], kept for the next bar's expected mode. */
  private fuseRegimes(): void {
    const s = this.state;
    for (let a = 0; a < N; a++) {
      let sum = 0;
      for (let r = 0; r < REGIME_COUNT; r++) sum += s[MU + r]! * s[X + r * N + a]!;
      s[MIX_X + a] = sum;
    }
    for (let a = 0; a < N; a++) {
      for (let b = a; b < N; b++) {
        let sum = 0;
        for (let r = 0; r < REGIME_COUNT; r++) {
          const da = s[X + r * N + a]! - s[MIX_X + a]!;
          const db = s[X + r * N + b]! - s[MIX_X + b]!;
          sum += s[MU + r]! * (s[P + r * NN + a * N + b]! + da * db);
        }
        s[MIX_P + a * N + b] = sum;
        s[MIX_P + b * N + a] = sum;
      }
    }
  }

  /** 8. Fusion and the blend with the expected mode; 9. the label (hysteresis); emit. */
  private finish(observed: boolean, out: RegimeStepOutput): void {
    const s = this.state;
    const weightE = this.work[EXPECTED_WEIGHT]!;
    this.fuseRegimes();
    const fx = this.fusedX;
    const fp = this.fusedP;
    const e = X + EXPECTED * N;
    for (let a = 0; a < N; a++) fx[a] = (1 - weightE) * s[MIX_X + a]! + weightE * s[e + a]!;
    for (let a = 0; a < N; a++) {
      for (let b = a; b < N; b++) {
        const da = s[MIX_X + a]! - fx[a]!;
        const db = s[MIX_X + b]! - fx[b]!;
        let value = (1 - weightE) * (s[MIX_P + a * N + b]! + da * db);
        if (weightE > 0) {
          const ea = s[e + a]! - fx[a]!;
          const eb = s[e + b]! - fx[b]!;
          value += weightE * (s[P + EXPECTED * NN + a * N + b]! + ea * eb);
        }
        fp[a * N + b] = value;
        fp[b * N + a] = value;
      }
    }
    const label = this.labelStep;
    this.labeler.step(s, LABEL, s, MU, label);
    if (label.changed) s[LABEL_SINCE] = s[LAST_T]!;
    s[BARS] = s[BARS]! + 1;
    out.t = s[LAST_T]!;
    out.observed = observed;
    for (let r = 0; r < REGIME_COUNT; r++) out.probabilities[r] = s[MU + r]!;
    out.mostLikely = label.leader;
    out.label = label.label;
    out.transition = label.transition;
    out.transitionFrom = label.from;
    out.transitionTo = label.to;
    out.labelSince = s[LABEL_SINCE]!;
    const confidence = 1 - normalisedEntropy(s, MU);
    out.confidence = confidence > 0 ? (confidence < 1 ? confidence : 1) : 0;
    out.state.set(fx);
    out.covariance.set(fp);
    out.expectedModeWeight = weightE;
    out.predictedEntropy = this.work[ENTROPY]!;
    out.received = s[RECEIVED]!;
    out.expected = s[EXPECTED_BARS]!;
    out.reception = this.work[RECEPTION]!;
    out.stale = s[STALE] === 1;
  }
}

function fingerprintText(config: RegimeConfig, clock: BarClockSpec): string {
  return canonicalJson({ config, clock, version: SNAPSHOT_VERSION });
}

/**
 * The identity of a bank's configuration and clock as text: stored beside a snapshot, it says
 * whether the snapshot can resume under the current settings.
 */
export function regimeFingerprint(config: RegimeConfig, clock: BarClockSpecInput): string {
  return fingerprintHex(fingerprintText(config, parseBarClockSpec(clock)));
}

/** Parses and checks a snapshot blob; returns its values (header included). */
export function snapshotValues(blob: Uint8Array): Float64Array {
  if (blob.byteLength < HEADER * 8 || blob.byteLength % 8 !== 0) throw new RangeError(`not a regime snapshot: ${blob.byteLength} bytes`);
  const values = new Float64Array(blob.byteLength / 8);
  new Uint8Array(values.buffer).set(blob);
  if (values[0] !== SNAPSHOT_MAGIC) throw new RangeError('not a regime snapshot (bad magic number)');
  if (values[1] !== SNAPSHOT_VERSION) throw new RangeError(`regime snapshot version ${values[1]} is not supported (this build reads version ${SNAPSHOT_VERSION})`);
  if (values[4] !== STATE_LENGTH || values.length !== HEADER + STATE_LENGTH) throw new RangeError(`regime snapshot holds ${values.length - HEADER} values, expected ${STATE_LENGTH}`);
  return values;
}

function writeBatchRow(batch: RegimeBatch, i: number, out: RegimeStepOutput, capacity: number): void {
  batch.t[i] = out.t;
  batch.observed[i] = out.observed ? 1 : 0;
  for (let r = 0; r < REGIME_COUNT; r++) batch.probabilities[r * capacity + i] = out.probabilities[r]!;
  batch.mostLikely[i] = out.mostLikely;
  batch.label[i] = out.label;
  batch.transitionFrom[i] = out.transition ? out.transitionFrom : -1;
  batch.confidence[i] = out.confidence;
  batch.expectedModeWeight[i] = out.expectedModeWeight;
  batch.predictedEntropy[i] = out.predictedEntropy;
  for (let a = 0; a < N; a++) {
    batch.state[a * capacity + i] = out.state[a]!;
    batch.variance[a * capacity + i] = out.covariance[a * N + a]!;
  }
  batch.reception[i] = out.reception;
}
