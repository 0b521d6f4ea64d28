/** The six market regimes of the filter bank, in the order of every probability vector. */
export const REGIMES = ['bull', 'bear', 'sideways', 'high_vol', 'low_vol', 'crisis'] as const;
export type RegimeName = (typeof REGIMES)[number];
export const REGIME_COUNT = REGIMES.length;

export function regimeIndex(name: RegimeName): number {
  return REGIMES.indexOf(name);
}

/** What a strategy or the risk manager sees of the regime at a bar. */
export interface RegimeView {
  /** Bar time (epoch ms) the probabilities belong to. */
  readonly t: number;
  /** Six probabilities in REGIMES order, summing to 1. */
  readonly p: ArrayLike<number>;
  /** The displayed label (with hysteresis). */
  readonly label: RegimeName;
}
