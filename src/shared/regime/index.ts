/**
 * The regime filter bank (BE-EMA-MMCUKF, specs/regime-filter.md): platform-free, allocation-free
 * per bar. Start with `RegimeBank` and `resolveRegimeConfig`.
 */
export { RegimeBank, regimeFingerprint, SNAPSHOT_VERSION, snapshotValues, type RegimeBankOptions, type RegimeBarColumns } from './bank';
export { BarClockSpec, createBarClock, parseBarClockSpec, type BarClock, type BarClockSpecInput } from './clock';
export {
  canonicalJson, defaultRegimeConfig, fingerprintHex, ORIGINAL_TRANSITION_MATRIX, RegimeConfig, RegimeModel, resolveRegimeConfig,
  type RegimeConfigOverrides,
} from './config';
export { regimeSeriesForBars } from './engine-series';
export { expectedModeWeight } from './expected-mode';
export { HysteresisLabeler, LabelStep, type HysteresisRule } from './label';
export { allocateRegimeBatch, regimeBatchBuffers, RegimeStepOutput, sliceRegimeBatch, truncateRegimeBatch, type RegimeBatch } from './output';
export { betaQuantile, receptionEstimate, receptionRate, type ReceptionEstimate } from './reception';
export { RegimeSignal, writeRegimeSignal } from './signal';
export { simulateRegimeSeries, type SyntheticOptions, type SyntheticSeries } from './synthetic';
export { normalisedEntropy, predictModes, referenceTransitionMatrix, scaleTransitionMatrix, stationaryDistribution } from './transition';
export { sigmaWeights, UnscentedFilter, type MeasurementFunction, type SigmaWeights, type StateTransition } from './unscented';
