import { REGIME_COUNT } from '../domain/regime';
import { STATE_SIZE } from './models';

/**
 * What the bank emits for one bar. Allocate one and pass it to every `step`: the bank writes into
 * it and allocates nothing.
 */
export class RegimeStepOutput {
  /** Bar time (epoch ms). */
  t = Number.NaN;
  /** False for a missing bar (no price): μ is then exactly Π_dtᵀ·μ of the previous bar. */
  observed = false;
  /** μ: six regime probabilities in REGIMES order, summing to 1. */
  readonly probabilities = new Float64Array(REGIME_COUNT);
  /** Index (REGIMES order) of the most likely regime at this bar. */
  mostLikely = 0;
  /** Index of the displayed label (with hysteresis). */
  label = 0;
  /** Bar time since which the label has held (NaN while no label has been established). */
  labelSince = Number.NaN;
  /** 1 − normalised entropy of μ: 0 when every regime is equally likely, 1 when one is certain. */
  confidence = 0;
  /** x_f = [ln price, return rate per year, volatility per √year, momentum] fused over the bank. */
  readonly state = new Float64Array(STATE_SIZE);
  /** P_f, row-major 4×4. */
  readonly covariance = new Float64Array(STATE_SIZE * STATE_SIZE);
  /** Weight p_E of the expected mode in the fusion (0 when its gate is closed). */
  expectedModeWeight = 0;
  /** Normalised entropy H_n of the predicted probabilities μ⁻ (drives p_E). */
  predictedEntropy = 0;
  /** ρ̂ = (1 + received)/(2 + expected). */
  reception = 1;
  received = 0;
  expected = 0;
  /** The stream missed `staleAfter` consecutive bars; ℓ and σ re-initialise on the next price. */
  stale = false;
  /** The displayed label changed at this bar. */
  transition = false;
  transitionFrom = -1;
  transitionTo = -1;
}

/**
 * Outputs of many bars as columns (what `runBatch` returns and the worker pool transfers).
 * Per-regime and per-component blocks are laid out block after block: regime r's probabilities
 * are `probabilities.subarray(r·count, (r+1)·count)`.
 */
export interface RegimeBatch {
  readonly count: number;
  /** Input bars skipped because their time did not increase (or was not finite). */
  readonly skipped: number;
  readonly t: Float64Array;
  readonly observed: Uint8Array;
  readonly probabilities: Float64Array;
  readonly mostLikely: Int8Array;
  readonly label: Int8Array;
  /** Label at the previous bar where the label changed at this bar, else −1. */
  readonly transitionFrom: Int8Array;
  readonly confidence: Float64Array;
  readonly expectedModeWeight: Float64Array;
  readonly predictedEntropy: Float64Array;
  /** x_f per component block (ln price, return rate, volatility, momentum). */
  readonly state: Float64Array;
  /** Diagonal of P_f per component block. */
  readonly variance: Float64Array;
  readonly reception: Float64Array;
}

export function allocateRegimeBatch(count: number): RegimeBatch {
  return {
    count,
    skipped: 0,
    t: new Float64Array(count),
    observed: new Uint8Array(count),
    probabilities: new Float64Array(REGIME_COUNT * count),
    mostLikely: new Int8Array(count),
    label: new Int8Array(count),
    transitionFrom: new Int8Array(count),
    confidence: new Float64Array(count),
    expectedModeWeight: new Float64Array(count),
    predictedEntropy: new Float64Array(count),
    state: new Float64Array(STATE_SIZE * count),
    variance: new Float64Array(STATE_SIZE * count),
    reception: new Float64Array(count),
  };
}

/** Rows [start, end) of a batch as a new batch with compact buffers of its own. */
export function sliceRegimeBatch(batch: RegimeBatch, start: number, end: number, skipped = 0): RegimeBatch {
  const count = end - start;
  const blocks = (column: Float64Array, width: number): Float64Array => {
    const out = new Float64Array(width * count);
    for (let k = 0; k < width; k++) out.set(column.subarray(k * batch.count + start, k * batch.count + end), k * count);
    return out;
  };
  return {
    count,
    skipped,
    t: batch.t.slice(start, end),
    observed: batch.observed.slice(start, end),
    probabilities: blocks(batch.probabilities, REGIME_COUNT),
    mostLikely: batch.mostLikely.slice(start, end),
    label: batch.label.slice(start, end),
    transitionFrom: batch.transitionFrom.slice(start, end),
    confidence: batch.confidence.slice(start, end),
    expectedModeWeight: batch.expectedModeWeight.slice(start, end),
    predictedEntropy: batch.predictedEntropy.slice(start, end),
    state: blocks(batch.state, STATE_SIZE),
    variance: blocks(batch.variance, STATE_SIZE),
    reception: batch.reception.slice(start, end),
  };
}

/** The first `count` rows of a batch (the batch itself when it is full). */
export function truncateRegimeBatch(batch: RegimeBatch, count: number, skipped: number): RegimeBatch {
  return count === batch.count ? { ...batch, skipped } : sliceRegimeBatch(batch, 0, count, skipped);
}

/** Every typed array of a batch, for a transfer list. */
export function regimeBatchBuffers(batch: RegimeBatch): ArrayBuffer[] {
  return [
    batch.t, batch.observed, batch.probabilities, batch.mostLikely, batch.label, batch.transitionFrom,
    batch.confidence, batch.expectedModeWeight, batch.predictedEntropy, batch.state, batch.variance, batch.reception,
  ].map((a) => a.buffer as ArrayBuffer);
}
