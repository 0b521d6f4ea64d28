import { z } from 'zod';
import { REGIMES } from '../../domain/regime';
import { event, request } from '../define';
import { DatasetId, Symbol } from './datasets';

/**
 * The regime filter bank as the renderer sees it: the stacked probability band under a chart
 * (`regime.series`), the gauges (`regime.current`, then `regime.updates`).
 */
export const RegimeName = z.enum(REGIMES);
/** Six probabilities in REGIMES order, summing to 1. */
export const RegimeProbabilities = z.array(z.number().min(0).max(1)).length(REGIMES.length);

export const RegimeTransition = z.object({
  t: z.number(),
  from: RegimeName,
  to: RegimeName,
  /** Probabilities at the bar of the change. */
  p: RegimeProbabilities,
});
export type RegimeTransition = z.infer<typeof RegimeTransition>;

/** What the bank says now about one dataset (a symbol's bars of one bar size). */
export const RegimeCurrent = z.object({
  dataset: DatasetId,
  symbol: z.string(),
  timeframe: z.string(),
  /** Time of the last processed bar (epoch ms). */
  t: z.number(),
  p: RegimeProbabilities,
  /** The displayed label (hysteresis: it does not flicker with every bar). */
  label: RegimeName,
  mostLikely: RegimeName,
  /** 1 − normalised entropy of p: 0 when all six are equally likely, 1 when one is certain. */
  confidence: z.number().min(0).max(1),
  /** Since when the label has held (epoch ms); null until a first label is established. */
  since: z.number().nullable(),
  /** Share of due bars that arrived, with its 95% interval. */
  reception: z.object({ rate: z.number(), low: z.number(), high: z.number() }),
  /** The stream missed so many bars in a row that its state restarts at the next price. */
  stale: z.boolean(),
  bars: z.number().int().nonnegative(),
  /** The latest label change, if any. */
  lastTransition: RegimeTransition.nullable(),
});
export type RegimeCurrent = z.infer<typeof RegimeCurrent>;

/** Probabilities per bar as columns (a stacked band: p[k][i] is regime k's share at bar i). */
export const RegimeSeries = z.object({
  dataset: DatasetId,
  symbol: z.string(),
  timeframe: z.string(),
  timeKind: z.enum(['date', 'datetime']),
  tz: z.string(),
  regimes: z.array(RegimeName),
  t: z.array(z.number()),
  p: z.array(z.array(z.number())).length(REGIMES.length),
  /** Displayed label per bar, as an index into `regimes`. */
  label: z.array(z.number().int().min(0).max(REGIMES.length - 1)),
  /** False where the bar was due but missing (the probabilities are then the prediction). */
  observed: z.array(z.boolean()),
  transitions: z.array(RegimeTransition),
});
export type RegimeSeries = z.infer<typeof RegimeSeries>;

export const regimeRequests = {
  'regime.series': request(z.object({ dataset: DatasetId, from: z.number().optional(), to: z.number().optional() }).strict(), RegimeSeries),
  'regime.current': request(z.object({ symbol: Symbol.optional() }).strict(), z.array(RegimeCurrent)),
};

export const regimeEvents = {
  /** Each dataset's latest state after new bars; a window only gets the newest per dataset. */
  'regime.updates': event(RegimeCurrent, { keep: 'latest', key: (u) => String(u.dataset) }),
};
