import type { Broker } from '../broker/broker';
import type { Fill } from '../domain/fill';
import type { Instrument } from '../domain/instrument';
import type { Order, OrderSide } from '../domain/order';
import type { OrderEvent } from '../domain/order-events';
import { REGIMES, REGIME_COUNT, type RegimeName, type RegimeView } from '../domain/regime';
import type { Signal } from '../domain/signal';
import type { ClientOrderIds } from '../oms/client-order-ids';
import type { OrderJournal } from '../oms/order-journal';
import { OrderManager, type SubmitResult } from '../oms/order-manager';
import { Portfolio } from '../portfolio/portfolio';
import { TradeLedger } from '../portfolio/trade-ledger';
import type { RiskLimits } from '../risk/risk-limits';
import { RiskManager } from '../risk/risk-manager';
import type { RiskAccount, RiskMarketContext, RiskRule } from '../risk/risk-types';
import type { Sizer, SizingInput } from '../risk/sizing';
import { protectiveStop } from '../trading/protective-stop';
import type { BarSeries } from './bar-series';
import type { BarView } from './bar-view';
import { isSignal, signalToOrders } from './signal-router';
import type { Strategy, StrategyAccount, StrategyIntent, StrategyOutput } from './strategy';
import { StrategyRunner, type StrategyWorld } from './strategy-runner';

/**
 * A broker the engine drives with bars (the simulated broker). It reads the bars from the same
 * series the engine steps through, by index: a call per bar passes only small integers, so the
 * hot loop boxes no numbers.
 */
export interface BarDrivenBroker {
  /** `newestEndsSession`: whether a series' newest bar closes its session (no later bar shows it). */
  attachSeries(series: readonly BarSeries[], newestEndsSession: (s: number, i: number) => boolean): void;
  /** Bar `i` of symbol `s` has arrived. */
  processBar(s: number, i: number): void;
}

/** Regime probabilities aligned with a symbol's bars: `p` holds REGIME_COUNT values per bar. */
export interface RegimeSeries {
  readonly p: Float64Array;
  /** Index into REGIMES of the displayed label per bar (with hysteresis). */
  readonly label: ArrayLike<number>;
}

export interface TradingEngineOptions {
  readonly instruments: readonly Instrument[];
  /** One series per instrument, same order. */
  readonly series: readonly BarSeries[];
  readonly strategy: Strategy;
  readonly broker: Broker;
  /** The same object as `broker` when it is driven by bars (simulated / offline paper). */
  readonly barBroker?: BarDrivenBroker;
  readonly initialCash: number;
  readonly sizer: Sizer;
  readonly riskLimits: RiskLimits;
  readonly riskRules?: readonly RiskRule[];
  readonly riskMarket?: RiskMarketContext;
  readonly journal: OrderJournal;
  readonly ids: ClientOrderIds;
  readonly regimes?: readonly (RegimeSeries | null)[];
  /**
   * Whether the newest bar of a series may be taken as its session's last when no later bar is
   * known: true in a backtest (the data ends), false live (the session goes on).
   */
  readonly lastBarEndsSession: boolean;
  /** Time for orders and events; default: the current step's bar time (a backtest). Live: the wall clock. */
  readonly clock?: () => number;
}

export interface SignalOutcome {
  readonly intent: StrategyIntent;
  readonly results: readonly SubmitResult[];
  readonly skipped: string | null;
}

/**
 * The event-driven core shared by backtests and live trading. Each `step` is one instant of the
 * clock: the new bars go to the bar-driven broker (fills of orders sent earlier), the portfolio is
 * marked to the closes, the declared indicators are updated, risk watches the day's loss, then the
 * strategy sees the step and its signals and orders go through sizing, risk and the order manager.
 * A backtest calls `step` for every time in the data; the live host calls it when bars close.
 */
export class TradingEngine {
  readonly portfolio: Portfolio;
  readonly oms: OrderManager;
  readonly risk: RiskManager;
  readonly ledger: TradeLedger;
  readonly fills: Fill[] = [];
  readonly notes: string[] = [];
  readonly symbols: readonly string[];
  readonly views: readonly BarView[];
  private readonly instruments: readonly Instrument[];
  private readonly series: readonly BarSeries[];
  private readonly strategy: Strategy;
  private readonly runner: StrategyRunner;
  private readonly barBroker: BarDrivenBroker | undefined;
  private readonly sizer: Sizer;
  private readonly regimes: readonly (RegimeSeries | null)[];
  private readonly indexOf = new Map<string, number>();
  private readonly regimeViews: Array<{ t: number; p: Float64Array; label: RegimeName }>;
  private readonly signalListeners: Array<(outcome: SignalOutcome) => void> = [];
  private now = Number.NaN;

  constructor(options: TradingEngineOptions) {
    if (options.series.length !== options.instruments.length) throw new Error('one bar series per instrument');
    this.instruments = options.instruments;
    this.series = options.series;
    this.symbols = options.instruments.map((i) => i.symbol);
    this.symbols.forEach((symbol, i) => {
      if (options.series[i]!.symbol !== symbol) throw new Error(`series ${i} is ${options.series[i]!.symbol}, instrument is ${symbol}`);
      this.indexOf.set(symbol, i);
    });
    this.strategy = options.strategy;
    this.barBroker = options.barBroker;
    this.sizer = options.sizer;
    this.regimes = options.regimes ?? [];
    const n = this.symbols.length;
    this.regimeViews = Array.from({ length: n }, () => ({ t: Number.NaN, p: new Float64Array(REGIME_COUNT), label: 'sideways' as RegimeName }));
    this.barBroker?.attachSeries(options.series, () => options.lastBarEndsSession);
    this.portfolio = new Portfolio(options.initialCash, options.instruments);
    this.ledger = new TradeLedger((symbol) => options.instruments[this.index(symbol)]!.multiplier);
    const clock = options.clock ?? (() => this.now);
    const account: RiskAccount = {
      equity: () => this.portfolio.equity(),
      positionQty: (symbol) => this.portfolio.positionQty(symbol),
      lastPrice: (symbol) => this.portfolio.lastPrice(symbol),
      workingQty: (symbol, side) => this.oms.workingQty(symbol, side),
      openSymbols: () => this.portfolio.openSymbols(),
    };
    const market: RiskMarketContext = { stopPrice: (symbol) => this.protectiveStop(symbol), ...options.riskMarket };
    this.risk = new RiskManager({ account, clock, limits: options.riskLimits, rules: options.riskRules, market });
    this.oms = new OrderManager({
      broker: options.broker,
      journal: options.journal,
      instrument: (symbol) => {
        const i = this.indexOf.get(symbol);
        return i === undefined ? undefined : this.instruments[i];
      },
      clock,
      ids: options.ids,
      risk: this.risk,
    });
    this.oms.onEvent((event, order) => this.onOrderEvent(event, order));
    this.runner = new StrategyRunner(this.strategy, options.series, this.createWorld());
    this.views = this.runner.views;
  }

  get time(): number {
    return this.now;
  }

  get steps(): number {
    return this.runner.steps;
  }

  /** Index of the current bar of symbol `s` (−1 before its first). */
  barIndex(s: number): number {
    return this.runner.barIndex(s);
  }

  onSignal(listener: (outcome: SignalOutcome) => void): () => void {
    this.signalListeners.push(listener);
    return () => this.signalListeners.splice(this.signalListeners.indexOf(listener), 1);
  }

  /**
   * One instant: the symbols in `updated[from..to)` (indices into `symbols`) each have their next
   * bar, all starting at the same time. Allocates nothing unless an order is sent or filled.
   */
  step(updated: Int32Array, from: number, to: number): void {
    if (to <= from) return;
    const runner = this.runner;
    const first = updated[from]!;
    const t = this.series[first]!.t[runner.barIndex(first) + 1]!;
    this.now = t;
    runner.begin(t);
    for (let j = from; j < to; j++) {
      const s = updated[j]!;
      const i = runner.advance(s);
      this.barBroker?.processBar(s, i);
    }
    for (let j = from; j < to; j++) {
      const s = updated[j]!;
      this.portfolio.markAt(s, this.series[s]!.c, runner.barIndex(s));
      runner.refresh(s);
    }
    if (this.risk.limits.maxDailyLossPct !== null) this.observeDay(first);
    const output = runner.decide();
    if (output) this.route(output);
    runner.end();
  }

  private observeDay(first: number): void {
    const series = this.series[first]!;
    const i = this.runner.barIndex(first);
    this.risk.observe(series.t[i]!, this.portfolio.equity(), series.sessionAt(i));
  }

  /** Sends a strategy's (or anyone's) signals and orders through sizing, risk and the order manager. */
  route(output: NonNullable<StrategyOutput>): void {
    if (!Array.isArray(output)) {
      this.routeOne(output as StrategyIntent);
      return;
    }
    for (const intent of output as readonly StrategyIntent[]) this.routeOne(intent);
  }

  /** Routes one signal or order and returns what became of it. */
  routeOne(intent: StrategyIntent): SignalOutcome {
    const outcome = isSignal(intent) ? this.routeSignal(intent) : { intent, results: [this.oms.submit(intent)], skipped: null };
    for (const listener of this.signalListeners) listener(outcome);
    return outcome;
  }

  /** Kill switch: halt (only reducing orders pass), cancel every working order, flatten every position. */
  killSwitch(reason = 'kill switch'): SubmitResult[] {
    this.risk.halt(reason);
    this.oms.cancelAll(reason);
    const results: SubmitResult[] = [];
    for (const position of this.portfolio.openPositions()) {
      const side: OrderSide = position.qty > 0 ? 'sell' : 'buy';
      results.push(this.oms.submit({ symbol: position.symbol, side, qty: Math.abs(position.qty), type: 'market', timeInForce: 'day', tag: 'kill-switch' }));
    }
    return results;
  }

  /**
   * The stop protecting the position in `symbol`: the nearest working stop on the exit side
   * (a stop or stop-limit order, or a trailing stop at its trail from the last price).
   */
  protectiveStop(symbol: string): number | undefined {
    return protectiveStop(this.oms.workingOrders(symbol), this.portfolio.positionQty(symbol), this.portfolio.lastPrice(symbol));
  }

  private routeSignal(signal: Signal): SignalOutcome {
    const s = this.indexOf.get(signal.symbol);
    if (s === undefined) return { intent: signal, results: [], skipped: `unknown symbol ${signal.symbol}` };
    const effective = this.portfolio.qtyAt(s) + this.oms.netWorkingQty(signal.symbol);
    this.routing.s = s;
    this.routing.signal = signal;
    const { orders, skipped } = signalToOrders(signal, effective, this.sizeRoutedSignal);
    const results: SubmitResult[] = [];
    for (let k = 0; k < orders.length; k++) results.push(this.oms.submit(orders[k]!));
    return { intent: signal, results, skipped };
  }

  /** The signal being routed, for `sizeRoutedSignal` (a bound method, so routing allocates no closure). */
  private readonly routing: { s: number; signal: Signal | null } = { s: 0, signal: null };
  private readonly sizeRoutedSignal = (side: OrderSide): number => {
    const { s, signal } = this.routing;
    return this.sizeFor(s, side, signal!.priceTarget ?? this.portfolio.lastPriceAt(s), signal!.stopLoss, signal!.confidence);
  };
  /** Reused for every sizing call: a sizer must not keep its input. */
  private readonly sizingInput: { -readonly [K in keyof SizingInput]: SizingInput[K] } = { instrument: null!, side: 'buy', price: 0, equity: 0, cash: 0 };

  private sizeFor(s: number, side: OrderSide, price: number, stopPrice: number | undefined, confidence: number | undefined): number {
    const input = this.sizingInput;
    input.instrument = this.instruments[s]!;
    input.side = side;
    input.price = price;
    input.equity = this.portfolio.equity();
    input.cash = this.portfolio.cash;
    input.stopPrice = stopPrice;
    input.confidence = confidence;
    input.regime = this.regimeAt(s);
    return this.sizer.size(input);
  }

  private onOrderEvent(event: OrderEvent, order: Order): void {
    if (event.type === 'OrderFilled' || event.type === 'OrderPartiallyFilled') {
      this.portfolio.applyFill(event.fill);
      this.ledger.record(event.fill);
      this.fills.push(event.fill);
    }
    this.strategy.onOrderEvent?.(event, order);
  }

  private index(symbol: string): number {
    const i = this.indexOf.get(symbol);
    if (i === undefined) throw new Error(`unknown symbol ${symbol}; this run trades ${this.symbols.join(', ')}`);
    return i;
  }

  private regimeAt(s: number): RegimeView | undefined {
    const regimes = this.regimes[s];
    const i = this.runner.barIndex(s);
    if (!regimes || i < 0) return undefined;
    const view = this.regimeViews[s]!;
    const t = this.series[s]!.t[i]!;
    if (view.t !== t) {
      view.t = t;
      for (let k = 0; k < REGIME_COUNT; k++) view.p[k] = regimes.p[i * REGIME_COUNT + k]!;
      view.label = REGIMES[regimes.label[i]!] ?? 'sideways';
    }
    return Number.isNaN(view.p[0]!) ? undefined : view;
  }

  /** The engine's side of the strategy's world: its portfolio, its sizer, the run's regime columns, its notes. */
  private createWorld(): StrategyWorld {
    const engine = this;
    const portfolio = this.portfolio;
    const account: StrategyAccount = {
      get cash() {
        return portfolio.cash;
      },
      get equity() {
        return portfolio.equity();
      },
      positionQty: (symbol) => portfolio.positionQty(symbol),
      avgEntryPrice: (symbol) => portfolio.position(symbol).avgEntryPrice,
      workingQty: (symbol) => engine.oms.netWorkingQty(symbol),
    };
    return {
      account,
      regime: (s) => engine.regimeAt(s),
      size: (s, side, price, stopPrice) => engine.sizeFor(s, side, price ?? portfolio.lastPriceAt(s), stopPrice, undefined),
      note: (text) => {
        engine.notes.push(`${new Date(engine.now).toISOString()} ${text}`);
      },
    };
  }
}
