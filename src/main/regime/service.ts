import { REGIME_COUNT, REGIMES } from '../../shared/domain/regime';
import { InputError } from '../../shared/errors';
import type { RegimeCurrent, RegimeSeries, RegimeTransition } from '../../shared/ipc/services/regime';
import { regimeFingerprint } from '../../shared/regime/bank';
import type { BarClockSpecInput } from '../../shared/regime/clock';
import { mergeRegimeOverrides, resolveRegimeConfig, type RegimeConfig, type RegimeConfigOverrides } from '../../shared/regime/config';
import type { RegimeBankSpec, RegimeBatchResult } from '../../workers/regime-protocol';
import { RegimePool } from '../../workers/regime-pool';
import type { ServiceContext } from '../services/context';
import { RegimeStore, type RegimeDataset } from './store';

declare module '../bus' {
  interface InternalEvents {
    /** A dataset's regime after its newest bars (what strategies and the risk manager read). */
    'regime.updated': RegimeCurrent;
  }
}

/** Settings the service reads (`settings.set` from the UI or the CLI). */
export const REGIME_SETTINGS = {
  /** Overrides of the bank's configuration for every instrument. */
  config: 'regime.config',
  /** Per-symbol overrides, e.g. `{ "TSLA": { "measurement": { "priceNoise": 0.001 } } }`. */
  instruments: 'regime.instruments',
  /** Worker threads of the pool (cores − 1 by default). */
  workers: 'regime.workers',
} as const;

export interface RegimeServiceOptions {
  readonly poolSize?: number;
  /** Bars per batch sent to a worker (and per transaction stored). */
  readonly batchSize?: number;
  readonly workerFile?: string;
}

/**
 * Runs the regime bank over every dataset: on start, each dataset's stored bars (resuming from
 * its snapshot when history and settings are unchanged, else from the first bar); then new bars
 * whenever `dataset.changed` says so. Persists per-bar probabilities, transitions and the state
 * after every batch in one transaction, and publishes each dataset's latest state to the
 * renderers (`regime.updates`) and to main's services (`regime.updated` on the bus).
 */
export class RegimeService {
  private readonly store: RegimeStore;
  private readonly batchSize: number;
  private pool: RegimePool | null = null;
  /** One promise chain per dataset, so its batches run in order and syncs never overlap. */
  private readonly chains = new Map<number, Promise<void>>();
  /** Datasets whose bank is open in the pool, with the fingerprint it was opened under. */
  private readonly opened = new Map<number, string>();
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly options: RegimeServiceOptions = {},
  ) {
    this.store = new RegimeStore(ctx.db);
    this.batchSize = options.batchSize ?? 5000;
  }

  /** Subscribes to dataset changes and catches every dataset up; resolves when all are current. */
  async start(): Promise<void> {
    this.unsubscribe ??= this.ctx.bus.on('dataset.changed', ({ dataset, change }) => {
      const done = change === 'removed' ? this.forget(dataset) : this.sync(dataset);
      done.catch((error: unknown) => {
        if (!this.stopped) this.ctx.log.error('regime', `dataset ${dataset} (${change}): ${message(error)}`);
      });
    });
    const results = await Promise.allSettled(this.store.datasets().map((d) => this.sync(d.id)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    // Work cut short by stop() (the app quitting mid catch-up) resumes from the saved state next start.
    if (this.stopped) {
      if (failed.length > 0) this.ctx.log.info('regime', `catch-up of ${failed.length} dataset(s) interrupted by shutdown; it resumes at the next start`);
      return;
    }
    for (const failure of failed) this.ctx.log.error('regime', `catching up failed: ${message(failure.reason)}`);
  }

  /** Brings one dataset's regime up to its last bar (queued behind any sync already running). */
  sync(dataset: number): Promise<void> {
    return this.enqueue(dataset, () => this.catchUp(dataset));
  }

  /** The stored band for a dataset (after any sync in progress); null for an unknown dataset. */
  async series(dataset: number, from?: number, to?: number): Promise<RegimeSeries | null> {
    await this.chains.get(dataset)?.catch(() => undefined);
    const found = this.store.dataset(dataset);
    return found ? this.store.series(found, from, to) : null;
  }

  current(symbol?: string): RegimeCurrent[] {
    return this.store.currents(symbol);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    const pool = this.pool;
    this.pool = null;
    await pool?.terminate();
    await Promise.allSettled([...this.chains.values()]);
  }

  private enqueue(dataset: number, task: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(dataset) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    this.chains.set(dataset, next);
    const clear = (): void => {
      if (this.chains.get(dataset) === next) this.chains.delete(dataset);
    };
    next.then(clear, clear);
    return next;
  }

  private forget(dataset: number): Promise<void> {
    return this.enqueue(dataset, async () => {
      this.store.clear(dataset);
      await this.closeStream(dataset);
    });
  }

  private workers(): RegimePool {
    if (this.stopped) throw new Error('the regime service has stopped');
    this.pool ??= new RegimePool({
      size: this.options.poolSize ?? this.ctx.settings.get<number>(REGIME_SETTINGS.workers) ?? undefined,
      workerFile: this.options.workerFile,
      onRestart: (e) => this.ctx.log.warn('regime', `worker ${e.worker} restarted after ${e.reason}; ${e.streams} streams resumed, ${e.replayedBatches} batches replayed`),
    });
    return this.pool;
  }

  private specFor(dataset: RegimeDataset): { spec: RegimeBankSpec; config: RegimeConfig } {
    return regimeSpecFor(this.ctx, dataset);
  }

  private async catchUp(id: number): Promise<void> {
    if (this.stopped) return;
    const dataset = this.store.dataset(id);
    if (!dataset) {
      this.store.clear(id);
      await this.closeStream(id);
      return;
    }
    const { spec, config } = this.specFor(dataset);
    const fingerprint = regimeFingerprint(config, spec.clock);
    let stored = this.store.state(id);
    if (stored) {
      const reason =
        stored.fingerprint !== fingerprint ? 'the regime settings changed' : this.store.barsUpTo(id, stored.lastT) !== stored.bars ? 'bars before its last state changed' : null;
      if (reason) {
        this.ctx.log.info('regime', `${dataset.symbol} ${dataset.timeframe}: ${reason}; rerunning from the first bar`);
        this.store.clear(id);
        await this.closeStream(id);
        stored = null;
      }
    }
    const key = streamKey(id);
    if (this.opened.get(id) !== fingerprint) {
      await this.closeStream(id);
      try {
        await this.workers().open(key, spec, stored?.state ?? null);
      } catch (error) {
        if (!stored) throw error;
        // A stored state the bank refuses (damaged, or written by another build) is not lost
        // data: the bars are all there, so rerun them.
        this.ctx.log.warn('regime', `${dataset.symbol} ${dataset.timeframe}: the stored state does not load (${message(error)}); rerunning from the first bar`);
        this.store.clear(id);
        stored = null;
        await this.workers().open(key, spec, null);
      }
      this.opened.set(id, fingerprint);
    }
    let after = stored?.lastT ?? -Number.MAX_VALUE;
    let lastTransition = stored?.current.lastTransition ?? null;
    for (;;) {
      const bars = this.store.barsAfter(id, after, this.batchSize);
      if (bars.t.length === 0) return;
      let result: RegimeBatchResult;
      try {
        result = await this.workers().push(key, bars.t, bars.close);
      } catch (error) {
        await this.closeStream(id);
        throw error;
      }
      if (this.stopped) return;
      after = bars.t[bars.t.length - 1]!;
      if (result.batch.count === 0) continue;
      lastTransition = latestTransition(result, lastTransition);
      const current = currentOf(dataset, result, lastTransition);
      try {
        this.store.saveBatch(dataset, result, fingerprint, current);
      } catch (error) {
        // The worker is ahead of the database now: reopen from the stored state next time.
        await this.closeStream(id);
        throw error;
      }
      this.ctx.hub.publish('regime.updates', current);
      this.ctx.bus.emit('regime.updated', current, (error) => this.ctx.log.error('regime', `a regime.updated listener failed: ${message(error)}`));
    }
  }

  private async closeStream(id: number): Promise<void> {
    if (!this.opened.delete(id)) return;
    await this.pool?.close(streamKey(id));
  }
}

/**
 * The bank spec of a dataset: the configured overrides (settings `regime.config`, then the
 * symbol's `regime.instruments` entry) and the dataset's bar clock. Settings that do not validate
 * are logged and the defaults used. Backtests computing a regime series use the same spec, so they
 * see what the live bank would have said.
 */
export function regimeSpecFor(ctx: Pick<ServiceContext, 'settings' | 'log'>, dataset: Pick<RegimeDataset, 'symbol' | 'timeframe'>): { spec: RegimeBankSpec; config: RegimeConfig } {
  const global = ctx.settings.get<RegimeConfigOverrides>(REGIME_SETTINGS.config) ?? undefined;
  const perSymbol = ctx.settings.get<Record<string, RegimeConfigOverrides>>(REGIME_SETTINGS.instruments)?.[dataset.symbol];
  const clock = clockFor(dataset);
  try {
    const overrides = mergeRegimeOverrides(global, perSymbol);
    return { spec: { config: overrides, clock }, config: resolveRegimeConfig(overrides) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    ctx.log.error('regime', `${dataset.symbol}: the regime settings are invalid (${error.message}); using the defaults until they are fixed`);
    return { spec: { clock }, config: resolveRegimeConfig() };
  }
}

/**
 * US equities by default: NYSE days, the 09:30–16:00 New York session. A pair symbol (`BTC/USD`)
 * trades around the clock: every day, one session from midnight to midnight UTC, no closes.
 */
export function clockFor(dataset: Pick<RegimeDataset, 'symbol' | 'timeframe'>): BarClockSpecInput {
  if (dataset.symbol.includes('/')) {
    return { timeframe: dataset.timeframe, calendar: 'continuous', timeZone: 'UTC', sessionOpen: '00:00', sessionClose: '24:00', overnightFraction: 0 };
  }
  return { timeframe: dataset.timeframe, calendar: 'us-equity' };
}

function streamKey(dataset: number): string {
  return `dataset:${dataset}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function probabilitiesAt(result: RegimeBatchResult, i: number): number[] {
  const { batch } = result;
  return Array.from({ length: REGIME_COUNT }, (_, k) => batch.probabilities[k * batch.count + i]!);
}

function latestTransition(result: RegimeBatchResult, previous: RegimeTransition | null): RegimeTransition | null {
  const { batch } = result;
  for (let i = batch.count - 1; i >= 0; i--) {
    const from = batch.transitionFrom[i]!;
    if (from >= 0) return { t: batch.t[i]!, from: REGIMES[from]!, to: REGIMES[batch.label[i]!]!, p: probabilitiesAt(result, i) };
  }
  return previous;
}

function currentOf(dataset: RegimeDataset, result: RegimeBatchResult, lastTransition: RegimeTransition | null): RegimeCurrent {
  const { batch } = result;
  const last = batch.count - 1;
  return {
    dataset: dataset.id,
    symbol: dataset.symbol,
    timeframe: dataset.timeframe,
    t: batch.t[last]!,
    p: probabilitiesAt(result, last),
    label: REGIMES[batch.label[last]!]!,
    mostLikely: REGIMES[batch.mostLikely[last]!]!,
    confidence: batch.confidence[last]!,
    since: Number.isFinite(result.labelSince) ? result.labelSince : null,
    reception: { rate: result.reception.rate, low: result.reception.low, high: result.reception.high },
    stale: result.stale,
    bars: result.bars,
    lastTransition,
  };
}
