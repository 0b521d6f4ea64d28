/**
 * One strategy of trading.yaml running on live bars: the backtester's strategy object, stepped by
 * the same `StrategyRunner` as in a backtest over the same kind of `BarSeries`, in a world made of
 * the trading service's account book and sizing and the regime service's stored probabilities.
 * What it decides goes through the signal intake to the trading service like any other signal.
 */
import type { Bar } from '../../../shared/domain/bar';
import type { Order } from '../../../shared/domain/order';
import type { OrderEvent } from '../../../shared/domain/order-events';
import type { RegimeView } from '../../../shared/domain/regime';
import { BarSeries } from '../../../shared/engine/bar-series';
import { StepAssembler, type AssembledStep } from '../../../shared/engine/step-assembler';
import type { StrategyAccount, StrategyOutput } from '../../../shared/engine/strategy';
import { StrategyRunner, type StrategyWorld } from '../../../shared/engine/strategy-runner';
import type { StrategyLiveState, StrategyLiveStatus } from '../../../shared/ipc/services/strategies';
import { isBuildableLive } from '../../../shared/market/bar-aggregator';
import { createStrategy, type StrategyDefinition } from '../../../shared/strategies/registry';
import { checkStrategyIntents, type CheckedIntent } from '../../../shared/trading/strategy-intents';
import type { LiveStrategySpec } from '../../../shared/trading/trading-config';
import type { Logger } from '../../log';
import type { SignalStore } from '../../storage/signal-store';
import { sessionZoneOf } from '../paper/paper-broker';
import { SignalIntake } from '../signal-intake';
import type { ServiceBar, TradingService } from '../trading-service';
import type { StoredHistory } from './stored-history';

export interface LiveStrategyDeps {
  readonly service: TradingService;
  readonly history: StoredHistory;
  readonly signals: SignalStore;
  readonly log: Logger;
  /** Wall clock, for the status. */
  readonly now: () => number;
  /** How long a submit waits for the broker's acknowledgement. */
  readonly ackTimeoutMs: number;
  /** The status changed. */
  readonly changed: (strategy: LiveStrategy) => void;
  /** Where strategy names are found (the registry). */
  readonly registry: (name: string) => StrategyDefinition;
}

/**
 * Where a start takes a strategy's history from: per symbol, the dataset (default: the stored
 * series of its symbol and bar size that reaches furthest), and the time its history ends before
 * (default: its newest bar). A replay passes its datasets and its first bar's time.
 */
export interface WarmupPlan {
  readonly datasets?: ReadonlyMap<string, number>;
  readonly before?: number;
}

const SCOPE = 'strategies';
const MAX_NOTES = 20;

export class LiveStrategy {
  spec: LiveStrategySpec;
  private readonly deps: LiveStrategyDeps;
  private readonly intake: SignalIntake;
  private runner: StrategyRunner | null = null;
  private series: BarSeries[] = [];
  private assembler: StepAssembler | null = null;
  /** Per symbol: the dataset whose stored regime applies to its bars (null: the one reaching furthest, looked up when needed). */
  private regimeDatasets: Array<number | null> = [];
  private readonly regimeCache: Array<{ t: number; view: RegimeView | undefined }> = [];
  private state: StrategyLiveState = 'stopped';
  private since: number;
  private detail: string | null = null;
  private warmup: StrategyLiveStatus['warmup'] = { bars: 0, from: null, to: null, datasets: [], done: false };
  private lastBar: StrategyLiveStatus['lastBar'] = null;
  private barsProcessed = 0;
  private intents = 0;
  private lastSignal: StrategyLiveStatus['lastSignal'] = null;
  private error: StrategyLiveStatus['error'] = null;
  private notes: string[] = [];

  constructor(spec: LiveStrategySpec, deps: LiveStrategyDeps) {
    this.spec = spec;
    this.deps = deps;
    this.since = deps.now();
    // The sizing regime of a signal is the one of the bar the strategy is on.
    this.intake = new SignalIntake({
      store: deps.signals,
      log: deps.log,
      handler: (signal, source) =>
        deps.service.submitSignal(signal, source, { wait: 'ack', timeoutMs: deps.ackTimeoutMs, sizingRegime: this.regimeOf(signal.symbol) ?? null }),
    });
  }

  get id(): string {
    return this.spec.id;
  }

  /** Warmed up and taking bars. */
  get active(): boolean {
    return this.state === 'waiting' || this.state === 'running';
  }

  get strategyState(): StrategyLiveState {
    return this.state;
  }

  /** Whether a bar is one this strategy trades (its symbol at its bar size) while it runs. */
  wants(bar: ServiceBar): boolean {
    return this.active && bar.timeframe === this.spec.timeframe && this.spec.symbols.includes(bar.symbol);
  }

  /**
   * Builds the strategy afresh and feeds it its history: the stored bars, merged into the steps a
   * backtest would make of them, go to its indicators and hooks but not to `onBar`, so nothing is
   * traded on them. Then it waits for new bars.
   */
  start(plan: WarmupPlan = {}): void {
    this.reset();
    this.barsProcessed = 0;
    this.intents = 0;
    this.lastBar = null;
    this.setState('warming_up', null);
    try {
      const { strategy } = createStrategy(this.spec.strategy, { ...this.spec.parameters }, this.spec.symbols, this.deps.registry);
      const zone = sessionZoneOf(this.spec.timeframe);
      this.series = this.spec.symbols.map((symbol) => BarSeries.empty(symbol, zone, 256));
      this.runner = new StrategyRunner(strategy, this.series, this.world());
      this.assembler = new StepAssembler(this.spec.symbols.length);
      this.regimeDatasets = this.spec.symbols.map((symbol) => plan.datasets?.get(symbol) ?? null);
      this.warmUp(plan);
    } catch (error) {
      this.fail(error, null);
      return;
    }
    this.setState('waiting', this.waitingFor());
  }

  /** `enabled: false`, or removed from the file: stops at once (a step in progress sends nothing more). */
  disable(detail: string): void {
    this.reset();
    this.setState('disabled', detail);
  }

  /** Trading stopped under it (the service closes). */
  stop(detail: string): void {
    this.reset();
    this.setState('stopped', detail);
  }

  /** A new bar of one of its symbols: the steps it completes are run, their signals submitted in order. */
  async deliver(bar: ServiceBar): Promise<void> {
    const runner = this.runner;
    const assembler = this.assembler;
    if (!this.active || !runner || !assembler) return;
    const s = runner.findIndex(bar.symbol);
    if (s === undefined) return;
    const { steps, dropped } = assembler.offer(s, { t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v }, bar.source !== 'backfill');
    if (dropped === 'late') this.note(`${bar.symbol} bar of ${new Date(bar.t).toISOString()} came after a later step had run; not used`);
    for (const step of steps) {
      if (this.runner !== runner) return;
      await this.process(step, bar.source);
    }
  }

  /** An event of one of its orders (tagged with its id). */
  orderEvent(event: OrderEvent, order: Order): void {
    if (!this.active || !this.runner?.strategy.onOrderEvent) return;
    try {
      this.runner.strategy.onOrderEvent(event, order);
    } catch (error) {
      this.fail(error, null);
    }
  }

  status(): StrategyLiveStatus {
    return {
      id: this.spec.id,
      strategy: this.spec.strategy,
      enabled: this.spec.enabled,
      state: this.state,
      since: this.since,
      detail: this.detail,
      symbols: [...this.spec.symbols],
      timeframe: this.spec.timeframe,
      parameters: { ...this.spec.parameters },
      warmup: { ...this.warmup, datasets: [...this.warmup.datasets] },
      lastBar: this.lastBar,
      barsProcessed: this.barsProcessed,
      intents: this.intents,
      lastSignal: this.lastSignal,
      error: this.error,
      notes: [...this.notes],
    };
  }

  // --- Steps -------------------------------------------------------------------------------------

  private async process(step: AssembledStep, source: ServiceBar['source']): Promise<void> {
    const runner = this.runner!;
    let output: StrategyOutput;
    try {
      output = this.runStep(step, step.trade);
    } catch (error) {
      this.fail(error, step.t);
      return;
    }
    this.barsProcessed++;
    this.lastBar = { t: step.t, symbols: this.spec.symbols.filter((_, s) => step.bars[s] !== null), source: step.trade ? source : 'backfill', processedAt: this.deps.now() };
    if (this.state === 'waiting') this.setState('running', null);
    const checked = checkStrategyIntents(output, this.spec.id, this.spec.symbols, (symbol) => this.deps.service.instrument(symbol));
    if (!checked.ok) {
      this.fail(new Error(`returned an intent that cannot be sent, so nothing of this step was: ${checked.problem}`), step.t);
      return;
    }
    for (const intent of checked.intents) {
      // Disabled (or restarted) while an earlier intent of the step was on its way.
      if (this.runner !== runner) return;
      try {
        await this.submit(intent);
      } catch (error) {
        // Not the strategy's fault (the signals log or the journal failed): it goes on, the rest of this step is not sent.
        const message = error instanceof Error ? error.message : String(error);
        this.deps.log.error(SCOPE, `${this.spec.id}: could not send its ${intent.kind} for ${intent.kind === 'signal' ? intent.signal.symbol : intent.request.symbol}: ${message}`);
        this.note(`could not send an intent of the step of ${new Date(step.t).toISOString()} (${message}); the rest of that step was not sent`);
        break;
      }
    }
    this.deps.changed(this);
  }

  /** Appends the step's bars and runs the strategy's half of a time step (see StrategyRunner). */
  private runStep(step: AssembledStep, trade: boolean): StrategyOutput {
    const runner = this.runner!;
    const { bars } = step;
    for (let s = 0; s < bars.length; s++) {
      const bar = bars[s];
      if (bar) this.series[s]!.append(bar);
    }
    runner.begin(step.t);
    for (let s = 0; s < bars.length; s++) if (bars[s]) runner.advance(s);
    for (let s = 0; s < bars.length; s++) if (bars[s]) runner.refresh(s);
    const output = trade ? runner.decide() : undefined;
    runner.end();
    return output;
  }

  private async submit(intent: CheckedIntent): Promise<void> {
    this.intents++;
    if (intent.kind === 'signal') {
      const { signal } = intent;
      const { signalId, outcome } = await this.intake.submit(signal, 'strategy');
      this.lastSignal = {
        signalId, t: signal.timestamp, symbol: signal.symbol, action: signal.action, confidence: signal.confidence, status: outcome.status,
        clientOrderId: outcome.client_order_id, reason: outcome.reason ?? outcome.error ?? null, at: this.deps.now(),
      };
      return;
    }
    const { request } = intent;
    const result = await this.deps.service.submitStrategyOrder(request, this.spec.id, { wait: 'ack', timeoutMs: this.deps.ackTimeoutMs });
    this.lastSignal = {
      signalId: null, t: this.runner?.time ?? Number.NaN, symbol: request.symbol, action: `${request.side} ${request.qty} ${request.type}`, confidence: null, status: 'order',
      clientOrderId: result.clientOrderId, reason: result.reason ? `${result.status}: ${result.reason}` : result.status, at: this.deps.now(),
    };
  }

  // --- Warm-up -----------------------------------------------------------------------------------

  private warmUp(plan: WarmupPlan): void {
    const { history } = this.deps;
    const columns = this.spec.symbols.map((symbol) => {
      const dataset = plan.datasets?.get(symbol) ?? history.datasetFor(symbol, this.spec.timeframe)?.id ?? null;
      if (dataset === null || this.spec.warmupBars === 0) return { dataset, bars: null };
      return { dataset, bars: history.barsBefore(dataset, this.spec.warmupBars, plan.before) };
    });
    let fed = 0;
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    // Merged in time order (ties: the strategy's symbol order), as a backtest's timeline merges them.
    const next = new Int32Array(columns.length);
    for (;;) {
      let s = -1;
      let t = Number.POSITIVE_INFINITY;
      columns.forEach((column, k) => {
        const bars = column.bars;
        if (bars && next[k]! < bars.t.length && bars.t[next[k]!]! < t) {
          t = bars.t[next[k]!]!;
          s = k;
        }
      });
      if (s < 0) break;
      const bars = columns[s]!.bars!;
      const i = next[s]!++;
      const bar: Bar = { t, o: bars.o[i]!, h: bars.h[i]!, l: bars.l[i]!, c: bars.c[i]!, v: bars.v[i]! };
      for (const step of this.assembler!.offer(s, bar, false).steps) this.runStep(step, false);
      fed++;
      from = Math.min(from, t);
      to = Math.max(to, t);
    }
    const last = this.assembler!.flush();
    if (last) this.runStep(last, false);
    this.warmup = {
      bars: fed,
      from: fed > 0 ? from : null,
      to: fed > 0 ? to : null,
      datasets: [...new Set(columns.flatMap((c) => (c.dataset !== null && c.bars && c.bars.t.length > 0 ? [c.dataset] : [])))],
      done: true,
    };
    if (fed > 0) this.deps.log.info(SCOPE, `${this.spec.id}: warmed up on ${fed} stored bars (${new Date(from).toISOString()} to ${new Date(to).toISOString()})`);
  }

  // --- The strategy's world ------------------------------------------------------------------------

  private world(): StrategyWorld {
    const { service } = this.deps;
    const account: StrategyAccount = {
      get cash() {
        return service.book.cash;
      },
      get equity() {
        return service.book.equity();
      },
      positionQty: (symbol) => service.book.positionQty(symbol),
      avgEntryPrice: (symbol) => service.book.position(symbol).avgEntryPrice,
      workingQty: (symbol) => service.oms.netWorkingQty(symbol),
    };
    return {
      account,
      regime: (s, i) => this.regimeAt(s, i),
      size: (s, side, price, stopPrice) => {
        const symbol = this.spec.symbols[s]!;
        const regime = this.regimeAt(s, this.runner!.barIndex(s));
        return service.sizeNewPosition(this.spec.id, symbol, side, { ...(price !== undefined ? { price } : {}), ...(stopPrice !== undefined ? { stopPrice } : {}), regime: regime ?? null });
      },
      note: (text) => this.note(text),
    };
  }

  /** The regime stored for symbol `s` at its bar `i`, or at the newest bar before it the bank has processed. */
  private regimeAt(s: number, i: number): RegimeView | undefined {
    if (i < 0) return undefined;
    const t = this.series[s]!.t[i]!;
    const cached = this.regimeCache[s];
    if (cached && cached.t === t) return cached.view;
    const dataset = this.regimeDatasets[s] ?? this.deps.history.datasetFor(this.spec.symbols[s]!, this.spec.timeframe)?.id ?? null;
    const view = dataset === null ? undefined : this.deps.history.regimeAt(dataset, t);
    this.regimeCache[s] = { t, view };
    return view;
  }

  /** The regime of `symbol` at the bar the strategy is on (for sizing its signals). */
  private regimeOf(symbol: string): RegimeView | undefined {
    const runner = this.runner;
    const s = runner?.findIndex(symbol);
    return runner && s !== undefined ? this.regimeAt(s, runner.barIndex(s)) : undefined;
  }

  // --- State -------------------------------------------------------------------------------------

  private reset(): void {
    this.runner = null;
    this.assembler = null;
    this.series = [];
    this.regimeCache.length = 0;
    this.error = null;
  }

  private setState(state: StrategyLiveState, detail: string | null): void {
    if (state !== this.state) this.since = this.deps.now();
    this.state = state;
    this.detail = detail;
    this.deps.changed(this);
  }

  private fail(error: unknown, barTime: number | null): void {
    const message = error instanceof Error ? error.message : String(error);
    this.reset();
    this.error = { message, at: this.deps.now(), barTime };
    const when = barTime === null ? '' : ` on the bar of ${new Date(barTime).toISOString()}`;
    this.deps.log.error(SCOPE, `${this.spec.id} (${this.spec.strategy}) stopped${when}: ${message}`);
    this.setState('errored', `stopped${when}: ${message}. Enable it again to restart it.`);
  }

  private note(text: string): void {
    const stamped = `${new Date(this.runner?.time ?? this.deps.now()).toISOString()} ${text}`;
    this.notes.push(stamped);
    if (this.notes.length > MAX_NOTES) this.notes.splice(0, this.notes.length - MAX_NOTES);
    this.deps.log.info(SCOPE, `${this.spec.id}: ${text}`);
  }

  private waitingFor(): string {
    const what = `${this.spec.timeframe} bars of ${this.spec.symbols.join(' and ')}`;
    const kind = this.deps.service.state().broker.kind;
    if (kind === 'alpaca' && !isBuildableLive(this.spec.timeframe)) {
      return `waiting for ${what}: Alpaca streams 1Min bars and Sextant builds N-minute, hourly and daily bars from them, not ${this.spec.timeframe}; only a paper replay brings these`;
    }
    if (kind === 'alpaca' && this.spec.timeframe !== '1Min') return `waiting for ${what} (built from Alpaca's minute bars, aligned to the regular session)`;
    if (kind === 'paper') return `waiting for ${what} (a replay of stored ${this.spec.timeframe} data brings them to the paper broker)`;
    return `waiting for ${what}`;
  }
}
