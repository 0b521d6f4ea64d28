/**
 * The live strategy host over IPC: the strategies of trading.yaml that Sextant runs itself on live
 * (or replayed) bars, what each is doing, and the switch that starts or stops one.
 *
 * - `strategies.live.status` is the snapshot; `strategies.live.changed` streams a strategy's whole
 *   status each time it changes (the latest per id within a batch), so a view replaces its row by `id`.
 * - `strategies.live.setEnabled` writes `enabled` into trading.yaml through the configuration
 *   service (the file stays the source of truth, and the change is recorded as the UI's); the host
 *   then starts or stops the strategy. Enabling one that stopped on an error starts it again.
 * Times are epoch milliseconds UTC.
 */
import { z } from 'zod';
import { StrategyIdSchema } from '../../trading/identifiers';
import { SignalOutcomeStatus } from '../../trading/signal-outcome';
import { event, request } from '../define';

/**
 * - `disabled`: `enabled: false` in trading.yaml.
 * - `warming_up`: being fed its stored history (indicators only).
 * - `waiting`: warmed up, no bar to trade yet (the live feed or a replay brings them).
 * - `running`: trading the bars as they come.
 * - `errored`: it threw (or returned something that is not a signal or an order): stopped, nothing
 *   of that step sent; enable it again to restart it.
 * - `stopped`: trading is not running (switching brokers, or it failed to start).
 */
export const StrategyLiveState = z.enum(['disabled', 'warming_up', 'waiting', 'running', 'errored', 'stopped']);
export type StrategyLiveState = z.infer<typeof StrategyLiveState>;

export const StrategyLiveStatus = z.object({
  id: z.string(),
  /** Registry name (`sma-cross`...). */
  strategy: z.string(),
  enabled: z.boolean(),
  state: StrategyLiveState,
  /** Since when it is in this state. */
  since: z.number(),
  /** In words: what it waits for, why it stopped. */
  detail: z.string().nullable(),
  symbols: z.array(z.string()),
  timeframe: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  warmup: z.object({
    /** Stored bars fed (by symbol, summed). */
    bars: z.number(),
    from: z.number().nullable(),
    to: z.number().nullable(),
    /** Datasets they came from. */
    datasets: z.array(z.number()),
    done: z.boolean(),
  }),
  /** The newest bar it processed after its warm-up. */
  lastBar: z
    .object({ t: z.number(), symbols: z.array(z.string()), source: z.enum(['live', 'replay', 'backfill']), processedAt: z.number() })
    .nullable(),
  /** Steps processed after the warm-up (traded or backfilled). */
  barsProcessed: z.number(),
  /** Signals and orders it sent since it started. */
  intents: z.number(),
  lastSignal: z
    .object({
      /** Row of the signals log (null for an order a strategy returned instead of a signal). */
      signalId: z.number().nullable(),
      t: z.number(),
      symbol: z.string(),
      action: z.string(),
      confidence: z.number().nullable(),
      status: z.union([SignalOutcomeStatus, z.literal('order')]),
      clientOrderId: z.string().nullable(),
      reason: z.string().nullable(),
      at: z.number(),
    })
    .nullable(),
  error: z.object({ message: z.string(), at: z.number(), barTime: z.number().nullable() }).nullable(),
  /** Its latest notes (ctx.note), newest last. */
  notes: z.array(z.string()),
});
export type StrategyLiveStatus = z.infer<typeof StrategyLiveStatus>;

export const strategiesRequests = {
  'strategies.live.status': request(z.object({}).strict(), z.array(StrategyLiveStatus)),
  /** Start (true) or stop (false) a strategy by writing `enabled` into trading.yaml; answers its status after. */
  'strategies.live.setEnabled': request(z.object({ id: StrategyIdSchema, enabled: z.boolean() }).strict(), StrategyLiveStatus),
};

export const strategiesEvents = {
  'strategies.live.changed': event(StrategyLiveStatus, { keep: 'latest', key: (s) => s.id }),
};
