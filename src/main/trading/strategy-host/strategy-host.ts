/**
 * The live strategy host: runs the strategies of trading.yaml (the entries with symbols and a
 * timeframe) on the bars the trading service's broker binding delivers, a replay's or Alpaca's.
 *
 *   broker binding ─▶ TradingService.onBar ─▶ host (one queue) ─▶ each LiveStrategy that trades the
 *   symbol at that bar size ─▶ StrategyRunner (the backtest's strategy step) ─▶ checked intents
 *   ─▶ SignalIntake (stored with its outcome) ─▶ TradingService.submitSignal ─▶ risk, journal, broker
 *
 * - One queue for everything: bars, configuration changes and replays are handled in the order
 *   they came, one at a time, so a strategy's signals of a bar reach the broker before the next bar
 *   is looked at; a paper replay waits for the queue after each bar (`idle`), as a backtest would.
 * - Each strategy is isolated: one that throws is marked errored and stopped, nothing of its step
 *   is sent, and the others go on.
 * - trading.yaml is the source of truth: `apply` starts, stops or restarts strategies as the file
 *   says (a change of strategy, symbols, timeframe, parameters or warm-up restarts it; limits and
 *   thresholds apply to its next signal without a restart).
 */
import type { TradingPublisher, TradingService, ServiceBar } from '../trading-service';
import type { StrategyLiveStatus } from '../../../shared/ipc/services/strategies';
import { strategyDefinition, type StrategyDefinition } from '../../../shared/strategies/registry';
import type { LiveStrategySpec } from '../../../shared/trading/trading-config';
import type { Logger } from '../../log';
import type { Db } from '../../storage/database';
import type { SignalStore } from '../../storage/signal-store';
import type { ReplayedSeries } from '../paper/paper-replay';
import { LiveStrategy, type WarmupPlan } from './live-strategy';
import { StoredHistory } from './stored-history';

export interface StrategyHostOptions {
  readonly service: TradingService;
  readonly db: Db;
  readonly log: Logger;
  /** The signals log (the app's store, so its windows hear of strategy signals too). */
  readonly signals: SignalStore;
  readonly publisher?: TradingPublisher | null;
  /** The paper replay in progress, if any: a strategy (re)started during it warms up on the bars before its position. */
  readonly replayPosition?: () => { readonly replayed: readonly ReplayedSeries[]; readonly t: number | null } | null;
  readonly now?: () => number;
  /** How long a submit waits for the broker's acknowledgement (default 5 s). */
  readonly ackTimeoutMs?: number;
  /** Where strategy names are found (default: the strategies registry; tests add their own strategies). */
  readonly registry?: (name: string) => StrategyDefinition;
}

const SCOPE = 'strategies';

export class StrategyHost {
  private readonly strategies = new Map<string, LiveStrategy>();
  private readonly history: StoredHistory;
  private readonly stops: Array<() => void> = [];
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: StrategyHostOptions) {
    this.history = new StoredHistory(options.db);
  }

  /** Starts following the service's bars and orders, and the strategies of `specs`. */
  start(specs: readonly LiveStrategySpec[]): void {
    const { service } = this.options;
    this.stops.push(
      service.onBar((bar) => this.enqueue(`the ${bar.symbol} bar of ${new Date(bar.t).toISOString()}`, () => this.deliver(bar))),
      service.oms.onEvent((event, order) => {
        const id = order.tag?.startsWith('strategy:') ? order.tag.slice('strategy:'.length) : null;
        if (id !== null) this.strategies.get(id)?.orderEvent(event, order);
      }),
    );
    this.apply(specs);
  }

  /** The strategies trading.yaml lists now: new ones start, removed or disabled ones stop, changed ones restart. */
  apply(specs: readonly LiveStrategySpec[]): Promise<void> {
    return this.enqueue('the strategies of trading.yaml', () => {
      const wanted = new Set(specs.map((spec) => spec.id));
      for (const [id, strategy] of this.strategies) {
        if (wanted.has(id)) continue;
        strategy.disable('removed from trading.yaml');
        this.strategies.delete(id);
      }
      for (const spec of specs) {
        const current = this.strategies.get(spec.id);
        if (!current) {
          const strategy = new LiveStrategy(spec, this.deps());
          this.strategies.set(spec.id, strategy);
          this.startOrDisable(strategy);
          continue;
        }
        const rerun = !sameRun(current.spec, spec);
        const switched = current.spec.enabled !== spec.enabled;
        current.spec = spec;
        if (rerun || switched) this.startOrDisable(current);
      }
      this.followSymbols();
    });
  }

  /** Starts one strategy again (after an error), from a fresh warm-up. */
  restart(id: string): Promise<void> {
    return this.enqueue(`a restart of ${id}`, () => {
      const strategy = this.strategies.get(id);
      if (strategy) this.startOrDisable(strategy);
      this.followSymbols();
    });
  }

  /**
   * A paper replay started: each running strategy that trades a replayed symbol at the replayed bar
   * size starts again, warmed up on that dataset's bars before the replay's first bar, and trades
   * the replayed bars (a replay is a live session over a stretch of the past).
   */
  replayStarted(replayed: readonly ReplayedSeries[]): Promise<void> {
    return this.enqueue('a replay start', () => {
      for (const strategy of this.strategies.values()) {
        if (!strategy.spec.enabled || strategy.strategyState === 'errored' || !touches(strategy.spec, replayed)) continue;
        const plan = replayPlan(strategy.spec, replayed, null);
        this.options.log.info(SCOPE, `${strategy.id}: a replay of ${strategy.spec.timeframe} bars started; warming up on the bars before it`);
        strategy.start(plan);
      }
    });
  }

  /** Resolves once everything queued so far is done (a paced replay waits for this after each bar). */
  idle(): Promise<void> {
    return this.queue;
  }

  status(): StrategyLiveStatus[] {
    return [...this.strategies.values()].map((strategy) => strategy.status());
  }

  statusOf(id: string): StrategyLiveStatus | null {
    return this.strategies.get(id)?.status() ?? null;
  }

  /** Stops following the service (it is closing); waits for the step in progress to finish. */
  async close(detail = 'trading stopped'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stop of this.stops.splice(0)) stop();
    await this.queue;
    for (const strategy of this.strategies.values()) if (strategy.spec.enabled && strategy.strategyState !== 'errored') strategy.stop(detail);
  }

  private async deliver(bar: ServiceBar): Promise<void> {
    // The fills the broker made on this bar are in the book before any strategy looks at it.
    this.options.service.settle();
    for (const strategy of this.strategies.values()) {
      if (strategy.wants(bar)) await strategy.deliver(bar);
    }
  }

  private startOrDisable(strategy: LiveStrategy): void {
    if (!strategy.spec.enabled) {
      strategy.disable('enabled: false in trading.yaml');
      return;
    }
    const position = this.options.replayPosition?.() ?? null;
    const plan: WarmupPlan = position && touches(strategy.spec, position.replayed) ? replayPlan(strategy.spec, position.replayed, position.t) : {};
    strategy.start(plan);
  }

  /**
   * Alpaca streams bars of the symbols it follows: those of the running strategies join the
   * positions' and orders', with the bar sizes they trade (built from Alpaca's minutes).
   */
  private followSymbols(): void {
    const symbols = new Set<string>();
    const sizes = new Map<string, Set<string>>();
    for (const strategy of this.strategies.values()) {
      if (!strategy.spec.enabled) continue;
      for (const symbol of strategy.spec.symbols) {
        symbols.add(symbol);
        if (strategy.spec.timeframe === '1Min') continue;
        let set = sizes.get(symbol);
        if (!set) sizes.set(symbol, (set = new Set()));
        set.add(strategy.spec.timeframe);
      }
    }
    this.options.service.followAlso(symbols, sizes);
  }

  private deps() {
    return {
      service: this.options.service,
      history: this.history,
      signals: this.options.signals,
      log: this.options.log,
      now: this.options.now ?? Date.now,
      ackTimeoutMs: this.options.ackTimeoutMs ?? 5_000,
      changed: (strategy: LiveStrategy) => this.options.publisher?.publish('strategies.live.changed', strategy.status()),
      registry: this.options.registry ?? strategyDefinition,
    };
  }

  private enqueue(what: string, work: () => Promise<void> | void): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await work();
      } catch (error) {
        // A strategy's own failures are caught where they happen; this is the host's.
        this.options.log.error(SCOPE, `handling ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    this.queue = run;
    return run;
  }
}

/** Whether two specs run the same strategy the same way (only `enabled` may differ). */
function sameRun(a: LiveStrategySpec, b: LiveStrategySpec): boolean {
  return (
    a.strategy === b.strategy &&
    a.timeframe === b.timeframe &&
    a.warmupBars === b.warmupBars &&
    a.symbols.length === b.symbols.length &&
    a.symbols.every((symbol, i) => symbol === b.symbols[i]) &&
    JSON.stringify(a.parameters) === JSON.stringify(b.parameters)
  );
}

function touches(spec: LiveStrategySpec, replayed: readonly ReplayedSeries[]): boolean {
  return replayed.some((r) => r.timeframe === spec.timeframe && spec.symbols.includes(r.symbol));
}

/**
 * A strategy's history during a replay: the replayed datasets for its replayed symbols, and only
 * bars before the replay's first bar (or up to its current bar, when it starts mid-replay).
 */
function replayPlan(spec: LiveStrategySpec, replayed: readonly ReplayedSeries[], current: number | null): WarmupPlan {
  const mine = replayed.filter((r) => r.timeframe === spec.timeframe && spec.symbols.includes(r.symbol));
  const before = current !== null ? current + 1 : Math.min(...mine.map((r) => r.firstT));
  return { datasets: new Map(mine.map((r) => [r.symbol, r.dataset])), before };
}
