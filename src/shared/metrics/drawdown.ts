import { DAY_MS } from './returns';

/**
 * Drawdown at each point: equity / running peak − 1, in [−1, 0]. Equity at or below zero is a
 * total loss (−1): a drawdown can never exceed 100%.
 */
export function drawdownSeries(equity: ArrayLike<number>): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e > peak) peak = e;
    out[i] = peak > 0 ? Math.max(-1, Math.min(0, e / peak - 1)) : -1;
  }
  return out;
}

export interface DrawdownEpisode {
  /** Depth as a positive fraction of the peak (0.25 = 25% below the peak), at most 1. */
  readonly depth: number;
  readonly peakIndex: number;
  readonly troughIndex: number;
  /** First point back at or above the peak; null if the curve ends under water. */
  readonly recoveryIndex: number | null;
  readonly peakT: number;
  readonly troughT: number;
  readonly recoveryT: number | null;
  /** Peak to recovery (or to the last point when not recovered), in bars and in calendar days. */
  readonly bars: number;
  readonly days: number;
}

export interface DrawdownSummary {
  /** The deepest episode (depth 0 and a zero-length episode at the start when equity never fell). */
  readonly deepest: DrawdownEpisode;
  /** The episode that stayed under water longest, in bars. */
  readonly longest: DrawdownEpisode;
}

/** Deepest and longest drawdown episodes of an equity curve with at least one point. */
export function analyzeDrawdowns(t: ArrayLike<number>, equity: ArrayLike<number>): DrawdownSummary {
  const n = equity.length;
  const episode = (peakIndex: number, troughIndex: number, depth: number, recoveryIndex: number | null): DrawdownEpisode => {
    const end = recoveryIndex ?? n - 1;
    return {
      depth,
      peakIndex,
      troughIndex,
      recoveryIndex,
      peakT: t[peakIndex]!,
      troughT: t[troughIndex]!,
      recoveryT: recoveryIndex === null ? null : t[recoveryIndex]!,
      bars: end - peakIndex,
      days: (t[end]! - t[peakIndex]!) / DAY_MS,
    };
  };
  let deepest = episode(0, 0, 0, 0);
  let longest = deepest;
  let peakIndex = 0;
  let peak = equity[0]!;
  let troughIndex = 0;
  let depth = 0;
  const close = (recoveryIndex: number | null): void => {
    if (depth === 0) return;
    const e = episode(peakIndex, troughIndex, depth, recoveryIndex);
    if (e.depth > deepest.depth) deepest = e;
    if (e.bars > longest.bars) longest = e;
  };
  for (let i = 1; i < n; i++) {
    const e = equity[i]!;
    if (e >= peak) {
      close(i);
      peak = e;
      peakIndex = i;
      troughIndex = i;
      depth = 0;
    } else {
      const d = peak > 0 ? Math.min(1, 1 - e / peak) : 1;
      if (d > depth) {
        depth = d;
        troughIndex = i;
      }
    }
  }
  close(null);
  return { deepest, longest };
}
