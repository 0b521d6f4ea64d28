/**
 * The live trading service (main process): one broker account, with the shared order manager,
 * risk manager and portfolio arithmetic of the backtester in front of it.
 *
 *   signal / ticket / strategy ─▶ sizing ─▶ risk (every rule's verdict recorded)
 *        ─▶ journal (SQLite, one transaction) ─▶ broker ─▶ events ─▶ journal + book + UI
 *
 * - Brokers: the offline paper broker (the backtester's fill model, driven by replayed or live
 *   bars, its own persistent books) or Alpaca (paper by default; live only through the confirmed
 *   mode switch, which chooses the broker this service is built with).
 * - Start-up: take the account's lease, rebuild the order manager from the journal, restore the
 *   trading state (a halt survives a restart), connect, then reconcile with the broker. No order is
 *   accepted before the first reconciliation. Reconciliation runs again after every reconnect.
 * - Risk: every order passes the rules; the daily-loss rule halts trading (only reducing orders)
 *   until the next session or a manual reset; the kill switch halts, cancels and flattens.
 */
import { randomBytes } from 'node:crypto';
import type { Broker } from '../../shared/broker/broker';
import type { Fill } from '../../shared/domain/fill';
import { equityInstrument, floorToLot, type Instrument } from '../../shared/domain/instrument';
import { isTerminal, orderRequestProblems, type Order, type OrderRequest, type OrderSide } from '../../shared/domain/order';
import type { OrderEvent } from '../../shared/domain/order-events';
import type { RegimeView } from '../../shared/domain/regime';
import type { Signal } from '../../shared/domain/signal';
import { signalToOrders } from '../../shared/engine/signal-router';
import { InputError } from '../../shared/errors';
import type {
  AccountView, ConnectionView, KillSwitchReport, OrderPreview, PositionView, ReconcileReport, ReplayStatus, SubmitResult,
  SubmitStatus, TradingStateView,
} from '../../shared/ipc/services/trading';
import type { EventItem, EventName } from '../../shared/ipc/contract';
import { newSessionId, sessionOrderIds } from '../../shared/oms/client-order-ids';
import { OrderManager, proposedOrder, type ReplaceChanges, type SubmitResult as OmsSubmitResult } from '../../shared/oms/order-manager';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../shared/risk/risk-limits';
import { RiskManager, standardRiskRules } from '../../shared/risk/risk-manager';
import type { PreTradeRisk, RiskCheckInput, RiskDecision, RiskRule, TradingStateChange } from '../../shared/risk/risk-types';
import { AccountBook } from '../../shared/trading/account-book';
import { ticketToRequest, type OrderTicket } from '../../shared/trading/order-ticket';
import { PriceBook, type PriceSource, type TimedPrice } from '../../shared/trading/price-book';
import { priceStaleness } from '../../shared/risk/price-age';
import { sessionMsBetween, US_EQUITY_SESSIONS } from '../../shared/market/us-equity-session';
import { protectiveStop } from '../../shared/trading/protective-stop';
import { sessionKeyOf } from '../../shared/trading/session-key';
import { DEFAULT_SIZING, strategySizer, type SizingSettings } from '../../shared/trading/signal-sizing';
import type { SignalOutcome, SignalOutcomeStatus, SignalSource } from '../../shared/trading/signal-outcome';
import { DEFAULT_STRATEGY_SETTINGS, type StrategySettings, type TradingConfig } from '../../shared/trading/trading-config';
import type { Logger } from '../log';
import type { Db } from '../storage/database';
import { BrokerGate } from './broker-gate';
import { JournalQueries } from './journal/journal-queries';
import { loadJournal, SqliteOrderJournal } from './journal/sqlite-order-journal';
import { TradingRecords } from './journal/trading-records';
import { TradingLease } from './lease';
import { reconcileOrders, type ExecutionSource, type MutableReconcileReport } from './reconciler';
import { StoredMarket } from './stored-market';
import { fillView, orderView, positionView, riskView } from './views';

/** Where the service's streams go (the EventHub in the app; a recorder in tests). */
export interface TradingPublisher {
  publish<K extends EventName>(name: K, item: EventItem<K>): void;
}

/** The broker side the service runs against, with what it needs beyond the `Broker` interface. */
export interface TradingBrokerBinding {
  readonly broker: Broker & ExecutionSource & { flush?(): void };
  readonly kind: 'paper' | 'alpaca';
  /** Called once the order manager is connected: open streams, hook reconnects (see alpaca-binding). */
  start?(service: TradingService): Promise<void>;
  stop?(): Promise<void> | void;
  connections?(): ConnectionView[];
  /** Price of a symbol as the broker last saw it (NaN: unknown). */
  lastPrice?(symbol: string): number;
  /**
   * Prices come with the time they were current (a live broker's trades and quotes, noted with
   * `notePrice`): only those are used, and only while fresh (`maxPriceAgeSec` of session time).
   */
  readonly timedPrices?: boolean;
  /**
   * The symbols the service follows (positions, working orders, strategies) changed, or the bar
   * sizes the strategies need of them (`barSizes`: symbol → sizes besides `1Min`).
   */
  follow?(symbols: ReadonlySet<string>, barSizes: ReadonlyMap<string, ReadonlySet<string>>): void;
  /** Asks the broker for the latest price of a symbol (before sizing and risk), with its time when it has one. */
  discoverPrice?(symbol: string): Promise<TimedPrice | number | null>;
}

export interface TradingServiceOptions {
  readonly db: Db;
  readonly log: Logger;
  readonly binding: TradingBrokerBinding;
  readonly mode: 'paper' | 'live';
  readonly limits?: RiskLimits;
  readonly sizing?: SizingSettings;
  /** Per strategy id (or outside source id) settings from trading.yaml; others get the defaults. */
  readonly strategies?: TradingConfig['strategies'];
  readonly clock?: () => number;
  readonly instrument?: (symbol: string) => Instrument;
  /** The regime of a symbol now (the regime service), for regime-aware sizing. */
  readonly regime?: (symbol: string) => RegimeView | undefined;
  readonly publisher?: TradingPublisher;
  /** Zone whose calendar date is the trading session (daily-loss count). */
  readonly sessionTimeZone?: string;
  /** Who runs this service (written in the lease): `app`, `cli`... */
  readonly owner?: string;
  /** How long the kill switch waits for the broker to confirm cancels before flattening. */
  readonly killSwitchCancelWaitMs?: number;
  /** Replay status for `trading.state` (paper). */
  readonly replayStatus?: () => ReplayStatus | null;
}

export interface SubmitOptions {
  /** `ack`: wait until the broker accepted or refused; `fill`: until filled or finished. */
  readonly wait?: 'none' | 'ack' | 'fill';
  readonly timeoutMs?: number;
  /** Who asked, for the journal and the state history: `ticket`, `cli`, `outside:<source>`. */
  readonly source?: string;
  /**
   * The regime to size under, when the caller knows the bar the signal belongs to (the strategy
   * host: the regime stored for that bar, null when none). Left out: the symbol's newest regime.
   */
  readonly sizingRegime?: RegimeView | null;
}

/** A bar the broker binding delivered (replayed or live), as `market.bars` carries it. */
export type ServiceBar = EventItem<'market.bars'>;

/** What sizing a new position reads besides the id, the symbol and the side. */
export interface SizingRequest {
  /** Entry price (default: the last price). */
  readonly price?: number;
  readonly stopPrice?: number;
  readonly confidence?: number;
  /** See `SubmitOptions.sizingRegime`. */
  readonly regime?: RegimeView | null;
}

type Waiter = { ids: Set<string>; until: 'ack' | 'fill'; resolve: () => void };

const SCOPE = 'trading';
const NOT_READY = 'not reconciled with the broker yet; orders are accepted once the broker has been reached';
const EPSILON = 1e-9;

function elapsedMs(start: number): number {
  return Math.round((performance.now() - start) * 1000) / 1000;
}

export class TradingService {
  readonly account: string;
  readonly mode: 'paper' | 'live';
  readonly oms: OrderManager;
  readonly risk: RiskManager;
  readonly book: AccountBook;
  readonly journal: SqliteOrderJournal;
  readonly queries: JournalQueries;
  readonly records: TradingRecords;
  readonly stored: StoredMarket;
  /** The latest timed price per symbol (a live broker's trades and quotes). */
  readonly prices = new PriceBook();
  private readonly options: TradingServiceOptions;
  private readonly timedPrices: boolean;
  private readonly log: Logger;
  private readonly gate: BrokerGate;
  private readonly binding: TradingBrokerBinding;
  private readonly clock: () => number;
  private readonly instrumentOf: (symbol: string) => Instrument;
  private readonly publisher: TradingPublisher | null;
  private readonly zone: string;
  private sizing: SizingSettings;
  private strategies: TradingConfig['strategies'];
  private lease: TradingLease | null = null;
  private isReady = false;
  private isReconciling = false;
  private lastReconciledAt: number | null = null;
  private reconcileRun: Promise<ReconcileReport> | null = null;
  private reconcileAgain: { reason: string; promise: Promise<ReconcileReport> } | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private buyingPower: number | null = null;
  /** The book holds a broker's figures (a snapshot or a reconciliation), so differences mean something. */
  private bookKnown = false;
  private fillSeq = 0;
  private riskMs = 0;
  private stateSince: number;
  private killSwitchAt: number | null;
  /** Who is changing the trading state now, and why (the risk manager itself when null). */
  private transition: { actor: string; cause: string } | null = null;
  private pendingFlatten = false;
  private sessionEpoch = 0;
  private realSession = Number.NaN;
  private savedSessionStart = Number.NaN;
  private readonly waiters = new Set<Waiter>();
  private readonly outcomeListeners = new Set<(signal: Signal, source: SignalSource, outcome: SignalOutcome) => void>();
  private readonly followed = new Set<string>();
  private readonly barListeners = new Set<(bar: ServiceBar) => void>();
  /** False while a bar's fills are booked: the daily-loss count looks once, after its close is marked. */
  private observeFills = true;
  /** Symbols followed for someone else than a position or an order (the strategy host's symbols). */
  private extraFollowed: ReadonlySet<string> = new Set();
  /** Bar sizes the strategy host needs per symbol; `barSizesKey` tells when they changed. */
  private barSizes: ReadonlyMap<string, ReadonlySet<string>> = new Map();
  private barSizesKey = '';

  constructor(options: TradingServiceOptions) {
    this.options = options;
    this.log = options.log;
    this.binding = options.binding;
    this.mode = options.mode;
    this.account = options.binding.broker.id;
    this.clock = options.clock ?? Date.now;
    this.instrumentOf = options.instrument ?? ((symbol) => equityInstrument(symbol));
    this.publisher = options.publisher ?? null;
    this.zone = options.sessionTimeZone ?? 'America/New_York';
    this.sizing = options.sizing ?? DEFAULT_SIZING;
    this.timedPrices = options.binding.timedPrices === true;
    this.strategies = options.strategies ?? {};
    this.journal = new SqliteOrderJournal(options.db, this.account);
    this.queries = new JournalQueries(options.db, this.account);
    this.records = new TradingRecords(options.db, this.account);
    this.stored = new StoredMarket(options.db);
    this.book = new AccountBook(0, this.instrumentOf);
    this.stateSince = this.clock();
    this.killSwitchAt = this.records.lastKillSwitch();
    this.risk = new RiskManager({
      account: {
        equity: () => this.book.equity(),
        positionQty: (symbol) => this.book.positionQty(symbol),
        lastPrice: (symbol) => this.lastPrice(symbol),
        workingQty: (symbol, side) => this.oms.workingQty(symbol, side),
        openSymbols: () => this.book.openSymbols(),
        ...(this.timedPrices ? { priceTime: (symbol: string) => this.prices.get(symbol)?.t ?? Number.NaN } : {}),
      },
      market: {
        stopPrice: (symbol) => this.stopOf(symbol, this.book.positionQty(symbol)),
        correlation: (a, b) => this.stored.correlation(a, b),
        priceAgeMs: priceAge,
        ...(options.regime ? { regime: options.regime } : {}),
      },
      clock: this.clock,
      limits: options.limits ?? DEFAULT_RISK_LIMITS,
      rules: this.seededRules(),
    });
    this.risk.onStateChange((change) => this.onStateChange(change));
    const timedRisk: PreTradeRisk = {
      check: (order) => {
        const start = performance.now();
        const decision = this.risk.check(order);
        this.riskMs += performance.now() - start;
        return decision;
      },
    };
    this.gate = new BrokerGate(options.binding.broker, (apply) => this.journal.transaction(apply), (event) =>
      this.log.debug(SCOPE, `${event.type} for ${event.clientOrderId} arrived after the service closed; the next start reconciles it`),
    );
    this.oms = new OrderManager({
      broker: this.gate,
      journal: this.journal,
      instrument: (symbol) => this.instrumentOf(symbol),
      clock: this.clock,
      ids: sessionOrderIds(newSessionId(Date.now(), (n) => randomBytes(n))),
      risk: timedRisk,
    });
    this.oms.onEvent((event, order) => this.onOrderEvent(event, order));
  }

  /**
   * The standard rules, with the order-rate window holding the orders approved in the last hour of
   * the journal: a restart (or a CLI run per signal) does not reset the rate limit.
   */
  private seededRules(): RiskRule[] {
    const rules = standardRiskRules();
    const rate = rules.find((rule) => rule.name === 'order_rate');
    const now = this.clock();
    const times = this.options.db
      .prepare('SELECT t FROM risk_decisions WHERE account = ? AND approved = 1 AND t > ? AND t <= ? ORDER BY t')
      .pluck(true)
      .all(this.account, now - 3_600_000, now) as number[];
    for (const t of times) rate?.approved?.({ now: t } as RiskCheckInput);
    return rules;
  }

  // --- Lifecycle ---------------------------------------------------------------------------------

  get ready(): boolean {
    return this.isReady;
  }

  /**
   * Takes the account's lease, rebuilds the order book from the journal, restores the trading
   * state, starts the broker binding and reconciles. Resolves after the first reconciliation
   * attempt; when the broker cannot be reached, orders stay refused and reconciliation is retried.
   */
  async start(): Promise<ReconcileReport> {
    this.lease = TradingLease.acquire(this.options.db, this.account, `${this.options.owner ?? 'app'} pid ${process.pid}`);
    const restored = loadJournal(this.options.db, this.account, this.clock());
    this.oms.restore(restored.orders, restored.executionIds);
    const snapshot = this.records.latestSnapshot();
    if (snapshot) {
      this.book.adopt(snapshot.cash, snapshot.positions.map((p) => ({ symbol: p.symbol, qty: p.qty, avgEntryPrice: p.avgEntryPrice, lastPrice: p.lastPrice ?? 0 })));
      this.buyingPower = snapshot.buyingPower;
      this.bookKnown = true;
    }
    this.restoreTradingState();
    this.log.info(SCOPE, `${this.account} (${this.mode}): ${restored.orders.filter((o) => !isTerminal(o.status)).length} working orders restored from the journal`);
    await this.binding.start?.(this);
    const report = await this.reconcile('start-up');
    this.publishAll();
    return report;
  }

  /** Stops the broker binding and releases the account. Late broker events are dropped (the next start reconciles them). */
  async close(): Promise<void> {
    if (this.closed) return;
    // What the book held at the end: the next start compares the broker's view with it.
    if (this.isReady) this.saveSnapshot('local', 'service closed');
    this.closed = true;
    this.isReady = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.gate.close();
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
    await this.binding.stop?.();
    this.lease?.release();
  }

  // --- Configuration (the YAML config plugs in here) ---------------------------------------------

  /** New risk limits apply from the next order. */
  setLimits(limits: RiskLimits, actor = 'config'): void {
    this.risk.setLimits(limits);
    this.log.info(SCOPE, `risk limits changed by ${actor}`);
    this.publishState();
  }

  setSizing(sizing: SizingSettings): void {
    this.sizing = sizing;
  }

  setStrategySettings(strategies: TradingConfig['strategies']): void {
    this.strategies = strategies;
  }

  /** Called just before each order is handed to the broker (latency measurement). */
  onHandOff(listener: ((order: Order) => void) | null): void {
    this.gate.onHandOff = listener;
  }

  /** Every signal's outcome, whoever sent it (the signal store records them). */
  onSignalOutcome(listener: (signal: Signal, source: SignalSource, outcome: SignalOutcome) => void): () => void {
    this.outcomeListeners.add(listener);
    return () => this.outcomeListeners.delete(listener);
  }

  // --- Orders ------------------------------------------------------------------------------------

  /**
   * A signal from a strategy, the order ticket or outside: sized when it has no quantity (fixed
   * fractional risk, Kelly cap, regime scaling, the strategy's position cap), checked by every
   * rule, journaled and sent. Resolves with the outcome (after the broker's answer when asked to wait).
   */
  async submitSignal(signal: Signal, source: SignalSource, options: SubmitOptions = {}): Promise<SignalOutcome> {
    const started = performance.now();
    this.riskMs = 0;
    const settings = this.settingsOf(signal.strategyId);
    const finish = (result: SubmitResult, sizedQty: number | null, submitMs: number | null): SignalOutcome => {
      const primary = result.orders.find((o) => o.clientOrderId === result.clientOrderId);
      const outcome: SignalOutcome = {
        status: SIGNAL_STATUS[result.status],
        client_order_id: result.clientOrderId,
        broker_order_id: result.brokerOrderId,
        risk: result.risk ? { approved: result.risk.approved, rules: result.risk.rules } : null,
        sized_qty: sizedQty,
        filled_qty: primary?.filledQty ?? 0,
        filled_avg_price: primary?.avgFillPrice ?? null,
        latency_ms: { risk: result.risk ? Math.round(this.riskMs * 1000) / 1000 : null, submit: submitMs, total: elapsedMs(started) },
        ...(result.reason && !SIGNAL_PROGRESS.has(result.status) ? (result.status === 'skipped' || result.status === 'hold' || result.status === 'disabled' ? { reason: result.reason } : { error: result.reason }) : {}),
      };
      for (const listener of this.outcomeListeners) listener(signal, source, outcome);
      return outcome;
    };
    const refuse = (status: SubmitStatus, reason: string): SignalOutcome =>
      finish({ status, clientOrderId: null, brokerOrderId: null, orders: [], risk: null, reason, notes: [] }, null, null);
    if (signal.action === 'HOLD') return refuse('hold', 'HOLD: recorded, nothing to do');
    if (!settings.enabled) return refuse('disabled', `strategy ${signal.strategyId} is disabled in trading.yaml`);
    if (signal.confidence < settings.confidenceThreshold) {
      return refuse('skipped', `confidence ${signal.confidence} is below ${signal.strategyId}'s threshold ${settings.confidenceThreshold}`);
    }
    const unavailable = this.unavailableReason();
    if (unavailable) return refuse('unavailable', unavailable);
    await this.ensurePrice(signal.symbol);
    const effective = this.book.positionQty(signal.symbol) + this.oms.netWorkingQty(signal.symbol);
    let sizedQty: number | null = signal.quantity ?? null;
    let sizingRefused: string | null = null;
    const { orders, skipped } = signalToOrders(signal, effective, (side) => {
      // Sizing at the last price needs a fresh one: a stale price refuses rather than sizes.
      const stale = signal.priceTarget === undefined ? this.priceProblem(signal.symbol) : null;
      if (stale) {
        sizingRefused = `${signal.symbol}: ${stale}; cannot size the signal`;
        return 0;
      }
      const sizing: SizingRequest = {
        ...(signal.priceTarget !== undefined ? { price: signal.priceTarget } : {}),
        ...(signal.stopLoss !== undefined ? { stopPrice: signal.stopLoss } : {}),
        confidence: signal.confidence,
        ...('sizingRegime' in options ? { regime: options.sizingRegime ?? null } : {}),
      };
      const qty = this.sizeNewPosition(signal.strategyId, signal.symbol, side, sizing);
      sizedQty = qty;
      return qty;
    });
    if (sizingRefused !== null) {
      const rules = [{ rule: 'sizing', passed: false, detail: sizingRefused }];
      return finish({ status: 'rejected_by_risk', clientOrderId: null, brokerOrderId: null, orders: [], risk: { approved: false, state: this.risk.state, reducing: false, rules }, reason: sizingRefused, notes: [] }, null, null);
    }
    if (orders.length === 0) {
      return finish({ status: 'skipped', clientOrderId: null, brokerOrderId: null, orders: [], risk: null, reason: skipped ?? 'the signal asks for no order', notes: [] }, sizedQty, null);
    }
    const tag = `${source}:${signal.strategyId}`;
    const results = orders.map((request) => this.submitRequest({ ...request, tag }));
    const submitMs = elapsedMs(started);
    const primary = results.find((r) => !r.sent) ?? results[results.length - 1]!;
    await this.waitFor(results.filter((r) => r.sent).map((r) => r.order.clientOrderId), options);
    return finish(this.resultOf(primary, []), sizedQty, submitMs);
  }

  /**
   * Quantity for a new position in `symbol` as a signal of `strategyId` without a quantity is
   * sized (see `strategySizer`): the id's sizing or fixed-fractional risk, the regime, the caps.
   * The strategy host sizes a strategy's `ctx.size` with this too, so both ask the same sizer.
   */
  sizeNewPosition(strategyId: string, symbol: string, side: OrderSide, request: SizingRequest = {}): number {
    const settings = this.settingsOf(strategyId);
    const price = request.price ?? this.lastPrice(symbol);
    const regime = 'regime' in request ? (request.regime ?? undefined) : this.options.regime?.(symbol);
    return strategySizer(settings, this.sizing, this.risk.limits).size({
      instrument: this.instrumentOf(symbol), side, price, equity: this.book.equity(), cash: this.book.cash, stopPrice: request.stopPrice, confidence: request.confidence, regime,
    });
  }

  /**
   * An order a running strategy returned (rather than a signal): refused when the strategy is
   * disabled, else checked by every rule, journaled (tagged `strategy:<id>`) and sent.
   */
  async submitStrategyOrder(request: OrderRequest, strategyId: string, options: SubmitOptions = {}): Promise<SubmitResult> {
    const refused = (status: SubmitStatus, reason: string): SubmitResult => ({ status, clientOrderId: null, brokerOrderId: null, orders: [], risk: null, reason, notes: [] });
    if (!this.settingsOf(strategyId).enabled) return refused('disabled', `strategy ${strategyId} is disabled in trading.yaml`);
    const unavailable = this.unavailableReason();
    if (unavailable) return refused('unavailable', unavailable);
    await this.ensurePrice(request.symbol);
    const problems = orderRequestProblems(request, this.instrumentOf(request.symbol));
    if (problems.length > 0) return refused('invalid', problems.join('; '));
    const result = this.submitRequest({ ...request, tag: `strategy:${strategyId}` });
    if (result.sent) await this.waitFor([result.order.clientOrderId], options);
    return this.resultOf(result, []);
  }

  /** The instrument the service trades `symbol` as (tick, lot, multiplier). */
  instrument(symbol: string): Instrument {
    return this.instrumentOf(symbol);
  }

  private settingsOf(strategyId: string): StrategySettings {
    return Object.prototype.hasOwnProperty.call(this.strategies, strategyId) ? this.strategies[strategyId]! : DEFAULT_STRATEGY_SETTINGS;
  }

  /** Every rule's verdict on a ticket without sending anything (the rate window is untouched). */
  previewOrder(ticket: OrderTicket): OrderPreview {
    const last = this.lastPrice(ticket.symbol);
    const lastPrice = last > 0 ? last : null;
    const lastPriceAt = lastPrice !== null && this.timedPrices ? (this.prices.get(ticket.symbol)?.t ?? null) : null;
    let request: OrderRequest;
    let notes: string[];
    try {
      ({ request, notes } = ticketToRequest(ticket, last, this.instrumentOf(ticket.symbol), 'ticket'));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { order: null, problems: [error.message], risk: null, lastPrice, lastPriceAt, estimatedValue: null, notes: [] };
    }
    const problems = orderRequestProblems(request, this.instrumentOf(request.symbol));
    const decision = this.risk.preview(proposedOrder(request, 'preview', request.orderClass ?? 'simple', 0));
    const price = request.limitPrice ?? request.stopPrice ?? lastPrice;
    return {
      order: {
        symbol: request.symbol, side: request.side, qty: request.qty, type: request.type, timeInForce: request.timeInForce ?? 'day',
        limitPrice: request.limitPrice ?? null, stopPrice: request.stopPrice ?? null, orderClass: request.orderClass ?? 'simple',
      },
      problems,
      risk: riskView(decision),
      lastPrice,
      lastPriceAt,
      estimatedValue: price !== null && price > 0 ? price * request.qty * this.instrumentOf(request.symbol).multiplier : null,
      notes,
    };
  }

  /** An order from the ticket (or the CLI): journaled, checked and sent. */
  async submitOrder(ticket: OrderTicket, options: SubmitOptions = {}): Promise<SubmitResult> {
    const unavailable = this.unavailableReason();
    if (unavailable) return { status: 'unavailable', clientOrderId: null, brokerOrderId: null, orders: [], risk: null, reason: unavailable, notes: [] };
    await this.ensurePrice(ticket.symbol);
    let built: { request: OrderRequest; notes: string[] };
    try {
      built = ticketToRequest(ticket, this.lastPrice(ticket.symbol), this.instrumentOf(ticket.symbol), options.source ?? 'ticket');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { status: 'invalid', clientOrderId: null, brokerOrderId: null, orders: [], risk: null, reason: error.message, notes: [] };
    }
    const result = this.submitRequest(built.request);
    if (result.sent) await this.waitFor([result.order.clientOrderId], options);
    return this.resultOf(result, built.notes);
  }

  cancel(clientOrderId: string): { ok: boolean; reason: string | null } {
    if (this.closed) return { ok: false, reason: 'the trading service is closed' };
    return this.journal.transaction(() => this.oms.cancel(clientOrderId));
  }

  cancelAll(reason = 'cancel all'): number {
    if (this.closed) return 0;
    return this.journal.transaction(() => this.oms.cancelAll(reason));
  }

  replace(clientOrderId: string, changes: ReplaceChanges): { ok: boolean; reason: string | null; replacement: Order | null; decision: RiskDecision | null } {
    if (this.closed) return { ok: false, reason: 'the trading service is closed', replacement: null, decision: null };
    const unavailable = this.unavailableReason();
    if (unavailable) return { ok: false, reason: unavailable, replacement: null, decision: null };
    return this.journal.transaction(() => this.oms.replace(clientOrderId, changes));
  }

  /** Closes `symbol` at market (all of it, or `qty`). */
  async closePosition(symbol: string, qty?: number, tag = 'close'): Promise<SubmitResult> {
    const unavailable = this.unavailableReason();
    if (unavailable) return { status: 'unavailable', clientOrderId: null, brokerOrderId: null, orders: [], risk: null, reason: unavailable, notes: [] };
    const held = this.book.positionQty(symbol);
    if (held === 0) return { status: 'skipped', clientOrderId: null, brokerOrderId: null, orders: [], risk: null, reason: `no position in ${symbol}`, notes: [] };
    const amount = Math.min(qty ?? Math.abs(held), Math.abs(held));
    const side: OrderSide = held > 0 ? 'sell' : 'buy';
    const result = this.submitRequest({ symbol, side, qty: amount, type: 'market', timeInForce: 'day', tag });
    return this.resultOf(result, []);
  }

  async closeAll(tag = 'close'): Promise<SubmitResult[]> {
    const results: SubmitResult[] = [];
    for (const position of this.book.openPositions()) results.push(await this.closePosition(position.symbol, undefined, tag));
    return results;
  }

  /**
   * The kill switch: HALT at once (only reducing orders pass), cancel every working order, wait
   * briefly for the broker to confirm the cancels (so an exit is not refused for shares held by a
   * working order), then flatten every position at market. Recorded with who and why. Before the
   * first reconciliation the positions are not known for sure: it halts and cancels, and flattens
   * right after the reconciliation.
   */
  async killSwitch(actor: string, reason = 'kill switch'): Promise<KillSwitchReport> {
    const t = this.clock();
    const from = this.risk.state;
    this.withActor(actor, 'kill_switch', () => this.risk.halt(`kill switch: ${reason}`));
    this.killSwitchAt = t;
    // Every working order goes (bracket legs with their entry), whether asked one by one or with their group.
    const canceledIds = this.oms.workingOrders().map((o) => o.clientOrderId);
    this.cancelAll(`kill switch: ${reason}`);
    const canceled = canceledIds.length;
    await this.until(() => canceledIds.every((id) => this.oms.order(id)?.status !== 'pending_cancel'), this.options.killSwitchCancelWaitMs ?? 3_000);
    const unconfirmedCancels = canceledIds.filter((id) => this.oms.order(id)?.status === 'pending_cancel');
    let flatten: SubmitResult[] = [];
    if (this.isReady) flatten = await this.closeAll('kill-switch');
    else this.pendingFlatten = true;
    this.records.recordStateChange({
      t, kind: 'kill_switch', from, to: this.risk.state, cause: 'kill_switch', actor, reason,
      detail: { canceled, unconfirmedCancels, flatten: flatten.map((r) => r.clientOrderId), flattenAfterReconcile: this.pendingFlatten },
    });
    this.log.warn(SCOPE, `kill switch pulled by ${actor} (${reason}): ${canceled} orders canceled, ${flatten.length} positions being flattened`);
    this.publishState();
    return { t, canceled, unconfirmedCancels, flatten, state: this.state() };
  }

  /** Back to ACTIVE by hand (after a daily-loss halt, the kill switch or reduce-only). A daily-loss count starts again from the current equity. */
  resetHalt(actor: string, reason = 'manual reset'): TradingStateView {
    if (this.risk.state !== 'ACTIVE') {
      this.withActor(actor, 'reset', () => this.risk.resume(reason));
      this.sessionEpoch++;
      this.observeEquity();
    }
    return this.state();
  }

  reduceOnly(actor: string, reason = 'reduce only'): TradingStateView {
    this.withActor(actor, 'manual', () => this.risk.reduceOnly(reason));
    return this.state();
  }

  /** Waits until each order reached `until` (or the time limit passes). */
  waitFor(clientOrderIds: readonly string[], options: SubmitOptions): Promise<void> {
    const until = options.wait ?? 'none';
    if (until === 'none' || clientOrderIds.length === 0 || this.closed) return Promise.resolve();
    const ids = new Set(clientOrderIds.filter((id) => !this.reached(id, until)));
    if (ids.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const waiter: Waiter = { ids, until, resolve: () => {} };
      const timer = setTimeout(() => waiter.resolve(), options.timeoutMs ?? 10_000);
      waiter.resolve = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      this.waiters.add(waiter);
    });
  }

  // --- Market data -------------------------------------------------------------------------------

  /**
   * A bar of `symbol` closed (replayed or live): the broker's fills on it are booked first (the
   * paper broker hands them over now), then its close marks the book, then the daily-loss count
   * looks at the account once, at every bar: the order of a backtest's step, so a halt falls on
   * the same bar in both.
   */
  barClosed(symbol: string, close: number): void {
    if (this.closed) return;
    this.observeFills = false;
    try {
      this.settle();
    } finally {
      this.observeFills = true;
    }
    if (!(close > 0)) return;
    this.book.mark(symbol, close);
    if (this.book.positionQty(symbol) !== 0) {
      this.publishPosition(symbol);
      this.publishAccount();
    }
    this.observeEquity();
  }

  /**
   * A price for `symbol` from a live source (a trade, at `t`): kept as the symbol's timed price,
   * marks the book and the daily-loss count.
   */
  markPrice(symbol: string, price: number, t?: number, source: PriceSource = 'trade'): void {
    if (this.closed || !(price > 0)) return;
    if (t !== undefined && this.timedPrices && !this.prices.note(symbol, price, t, source)) return;
    this.book.mark(symbol, price);
    if (this.book.positionQty(symbol) !== 0) {
      this.publishPosition(symbol);
      this.publishAccount();
      this.observeEquity();
    }
  }

  /** A quote of `symbol` at `t`: its midpoint is the symbol's price when it is the newest (timed prices only). */
  noteQuote(symbol: string, bid: number, ask: number, t: number): void {
    if (this.closed || !this.timedPrices) return;
    this.prices.noteQuote(symbol, bid, ask, t);
  }

  /**
   * The last price known for `symbol` (NaN: none). With timed prices (Alpaca): the newest trade or
   * quote, however old (the rules judge its age). Otherwise the book's mark, the broker's, else the
   * last stored bar: the offline paper broker fills on those very bars.
   */
  lastPrice(symbol: string): number {
    if (this.timedPrices) return this.prices.get(symbol)?.price ?? Number.NaN;
    const marked = this.book.has(symbol) ? this.book.lastPrice(symbol) : Number.NaN;
    if (marked > 0) return marked;
    const broker = this.binding.lastPrice?.(symbol) ?? Number.NaN;
    if (broker > 0) return broker;
    return this.stored.lastPrice(symbol);
  }

  /**
   * Before sizing and risk: a symbol with no known price gets one from the broker when it can.
   * With timed prices, the symbol's and every open position's price that is missing or stale is
   * asked for again (Alpaca: the latest trade and quote over REST), so the rules judge current prices.
   */
  async ensurePrice(symbol: string): Promise<void> {
    const discover = this.binding.discoverPrice;
    if (!discover) return;
    if (!this.timedPrices) {
      if (this.lastPrice(symbol) > 0) return;
      const price = await discover.call(this.binding, symbol);
      const value = typeof price === 'number' ? price : (price?.price ?? null);
      if (value !== null && value > 0 && !this.closed) this.book.mark(symbol, value);
      return;
    }
    const wanted = new Set([symbol, ...this.book.openSymbols()].filter((s) => this.priceProblem(s) !== null));
    await Promise.all(
      [...wanted].map(async (s) => {
        const found = await discover.call(this.binding, s);
        if (found === null || typeof found === 'number' || this.closed) return;
        if (this.prices.note(s, found.price, found.t, found.source)) this.book.mark(s, found.price);
      }),
    );
  }

  /** Why `symbol`'s price cannot be relied on now (null: it can, or prices carry no time here). */
  priceProblem(symbol: string): string | null {
    const limit = this.risk.limits.maxPriceAgeSec;
    if (!this.timedPrices || limit === null) return null;
    const held = this.prices.get(symbol);
    return priceStaleness(symbol, held?.t ?? Number.NaN, this.clock(), limit * 1000, priceAge);
  }

  /** Stored bars changed: cached correlations are stale. */
  barsChanged(): void {
    this.stored.invalidate();
  }

  // --- Views ---------------------------------------------------------------------------------------

  state(): TradingStateView {
    const kind = this.binding.kind;
    return {
      state: this.risk.state,
      reason: this.risk.stateReason,
      haltedBy: this.risk.haltedBy,
      since: this.stateSince,
      mode: this.mode,
      broker: { id: this.account, kind, label: kind === 'paper' ? 'Paper (offline simulator)' : this.mode === 'live' ? 'Alpaca LIVE' : 'Alpaca paper' },
      ready: this.isReady,
      reconciling: this.isReconciling,
      lastReconciledAt: this.lastReconciledAt,
      killSwitchAt: this.killSwitchAt,
      limits: this.risk.limits,
      replay: this.options.replayStatus?.() ?? null,
    };
  }

  accountView(): AccountView {
    const equity = this.book.equity();
    const start = this.risk.sessionStartEquity;
    const known = Number.isFinite(start) && start > 0;
    return {
      t: this.clock(),
      account: this.account,
      mode: this.mode,
      cash: this.book.cash,
      equity,
      buyingPower: this.buyingPower,
      longMarketValue: this.book.longMarketValue(),
      shortMarketValue: this.book.shortMarketValue(),
      sessionStartEquity: known ? start : null,
      dayPnl: known ? equity - start : null,
      dayPnlPct: known ? ((equity - start) * 100) / start : null,
      realizedPnl: this.book.realizedPnl(),
      unrealizedPnl: this.book.unrealizedPnl(),
      reconciledAt: this.lastReconciledAt,
    };
  }

  positions(): PositionView[] {
    const t = this.clock();
    return this.book
      .openPositions()
      .map((p) => positionView(p, this.stopOf(p.symbol, p.qty), t))
      .sort((a, b) => Math.abs(b.marketValue) - Math.abs(a.marketValue));
  }

  connections(): ConnectionView[] {
    return this.binding.connections?.() ?? [];
  }

  publishConnection(view: ConnectionView): void {
    this.publisher?.publish('trading.connection', view);
  }

  publishBar(item: ServiceBar): void {
    this.publisher?.publish('market.bars', item);
    for (const listener of this.barListeners) {
      try {
        listener(item);
      } catch (error) {
        this.log.error(SCOPE, `a bar listener failed on the ${item.symbol} bar of ${new Date(item.t).toISOString()}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Every bar the broker binding delivers (replayed or live), after it marked the book. */
  onBar(listener: (bar: ServiceBar) => void): () => void {
    this.barListeners.add(listener);
    return () => this.barListeners.delete(listener);
  }

  /**
   * Symbols to stream bars of besides those held or ordered (the strategy host's), and the bar
   * sizes wanted of each (Alpaca builds them from its minutes).
   */
  followAlso(symbols: ReadonlySet<string>, barSizes: ReadonlyMap<string, ReadonlySet<string>> = new Map()): void {
    this.extraFollowed = new Set(symbols);
    this.barSizes = barSizes;
    if (!this.closed) this.follow();
  }

  /**
   * Delivers the broker events already waiting (the paper broker hands them over on a later turn),
   * so the book holds every fill of the bars the broker has processed.
   */
  settle(): void {
    if (!this.closed) this.binding.broker.flush?.();
  }

  // --- Reconciliation ----------------------------------------------------------------------------

  /**
   * Brings the order book, the positions and the cash to the broker's view (it wins): see
   * reconciler.ts for orders; positions and cash are taken over when no fill arrived while they
   * were being read (else it reads again). Runs one at a time; a request during a run is answered
   * by one more run after it. On failure, orders stay refused (before the first success) and it
   * retries with backoff.
   */
  reconcile(reason: string): Promise<ReconcileReport> {
    if (this.reconcileRun) {
      if (!this.reconcileAgain) {
        const after = this.reconcileRun.then(() => {
          this.reconcileAgain = null;
          return this.runReconcile(reason);
        });
        this.reconcileAgain = { reason, promise: after };
      }
      return this.reconcileAgain.promise;
    }
    return this.runReconcile(reason);
  }

  private runReconcile(reason: string): Promise<ReconcileReport> {
    const run = this.reconcileOnce(reason).finally(() => {
      if (this.reconcileRun === run) this.reconcileRun = null;
    });
    this.reconcileRun = run;
    return run;
  }

  private async reconcileOnce(reason: string): Promise<ReconcileReport> {
    const report: MutableReconcileReport = {
      reason, startedAt: this.clock(), finishedAt: 0, ok: false, error: null, ordersChecked: 0, ordersUpdated: 0, fillsRecovered: 0,
      neverReceived: [], adopted: [], positionDifferences: [],
    };
    if (this.closed) return { ...report, error: 'the trading service is closed', finishedAt: this.clock() };
    this.isReconciling = true;
    this.publishState();
    try {
      const broker = this.binding.broker;
      broker.flush?.();
      await reconcileOrders({ oms: this.oms, broker, journal: this.journal, clock: this.clock }, report);
      if (this.closed) throw new Error('the trading service closed during reconciliation');
      await this.reconcileAccount(report);
      report.ok = true;
      this.lastReconciledAt = this.clock();
      const wasReady = this.isReady;
      this.isReady = true;
      if (!wasReady) this.observeEquity();
      if (this.pendingFlatten) {
        this.pendingFlatten = false;
        await this.closeAll('kill-switch');
      }
      this.logReconcile(report);
    } catch (error) {
      report.error = this.log.redact(error instanceof Error ? error.message : String(error));
      this.log.error(SCOPE, `reconciliation (${reason}) failed: ${report.error}`);
      this.scheduleRetry();
    } finally {
      this.isReconciling = false;
      report.finishedAt = this.clock();
    }
    this.publishAll();
    return report;
  }

  private async reconcileAccount(report: MutableReconcileReport): Promise<void> {
    const broker = this.binding.broker;
    if (!broker.fetchPositions || !broker.fetchAccount) return;
    for (let attempt = 1; ; attempt++) {
      broker.flush?.();
      const seq = this.fillSeq;
      const positions = await broker.fetchPositions();
      const account = await broker.fetchAccount();
      if (this.closed) return;
      if (seq !== this.fillSeq && attempt < 5) {
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        continue;
      }
      const differences = this.book.adopt(account.cash, positions);
      // The first reconciliation of a fresh account has nothing to compare with.
      if (this.bookKnown) report.positionDifferences.push(...differences);
      this.bookKnown = true;
      this.buyingPower = account.buyingPower;
      this.saveSnapshot('broker', `reconciliation: ${report.reason}`);
      return;
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.reconcile('retry after a failed reconciliation');
    }, 5_000);
    this.retryTimer.unref?.();
  }

  private logReconcile(report: MutableReconcileReport): void {
    const parts = [`${report.ordersChecked} orders checked`, `${report.ordersUpdated} updated`, `${report.fillsRecovered} fills recovered`];
    if (report.neverReceived.length > 0) parts.push(`never received by the broker: ${report.neverReceived.join(', ')}`);
    if (report.adopted.length > 0) parts.push(`adopted from the broker: ${report.adopted.join(', ')}`);
    if (report.positionDifferences.length > 0) parts.push(`corrected: ${report.positionDifferences.join('; ')}`);
    const changed = report.ordersUpdated > 0 || report.neverReceived.length > 0 || report.adopted.length > 0 || report.positionDifferences.length > 0;
    (changed ? this.log.warn : this.log.info)(SCOPE, `reconciled with ${this.account} (${report.reason}): ${parts.join('; ')}`);
  }

  // --- Internals ---------------------------------------------------------------------------------

  /** The stop protecting a position of `qty` in `symbol` (its working exit stops). */
  private stopOf(symbol: string, qty: number): number | undefined {
    return protectiveStop(this.oms.workingOrders(symbol), qty, this.lastPrice(symbol));
  }

  private unavailableReason(): string | null {
    if (this.closed) return 'the trading service is closed';
    if (!this.isReady) return NOT_READY;
    return null;
  }

  /** Journal, check and send one request (one transaction, committed before the broker's I/O runs). */
  private submitRequest(request: OrderRequest): OmsSubmitResult {
    return this.journal.transaction(() => this.oms.submit(request));
  }

  private resultOf(result: OmsSubmitResult, notes: string[]): SubmitResult {
    const order = this.oms.order(result.order.clientOrderId) ?? result.order;
    const members = [order, ...result.legs.map((leg) => this.oms.order(leg.clientOrderId) ?? leg)];
    let status: SubmitStatus;
    if (!result.sent) status = result.decision && !result.decision.approved ? 'rejected_by_risk' : /journal write failed/.test(result.reason ?? '') ? 'unavailable' : 'invalid';
    else status = statusOf(order);
    return {
      status,
      clientOrderId: order.clientOrderId,
      brokerOrderId: order.brokerOrderId,
      orders: members.map(orderView),
      risk: riskView(result.decision),
      reason: result.sent ? order.reason : result.reason,
      notes,
    };
  }

  private reached(clientOrderId: string, until: 'ack' | 'fill'): boolean {
    const order = this.oms.order(clientOrderId);
    if (!order) return true;
    if (until === 'ack') return order.status !== 'pending_new';
    return isTerminal(order.status);
  }

  private until(check: () => boolean, limitMs: number): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => {
      const deadline = Date.now() + limitMs;
      const poll = (): void => {
        if (check() || Date.now() >= deadline || this.closed) resolve();
        else setTimeout(poll, 10);
      };
      poll();
    });
  }

  private onOrderEvent(event: OrderEvent, order: Order): void {
    if (event.type === 'OrderFilled' || event.type === 'OrderPartiallyFilled') this.onFill(event.fill);
    this.publisher?.publish('trading.orders', orderView(order));
    this.follow();
    for (const waiter of this.waiters) {
      if (!waiter.ids.has(order.clientOrderId)) continue;
      if (this.reached(order.clientOrderId, waiter.until)) waiter.ids.delete(order.clientOrderId);
      if (waiter.ids.size === 0) waiter.resolve();
    }
  }

  private onFill(fill: Fill): void {
    this.book.applyFill(fill);
    this.fillSeq++;
    this.publisher?.publish('trading.fills', fillView(fill));
    this.publishPosition(fill.symbol);
    this.publishAccount();
    if (this.observeFills) this.observeEquity();
  }

  /** Feeds the daily-loss rule the current equity (only once the book is the broker's). */
  private observeEquity(): void {
    if (!this.isReady || this.closed) return;
    const t = this.clock();
    const real = sessionKeyOf(t, this.zone);
    if (real !== this.realSession) {
      this.realSession = real;
      this.sessionEpoch = 0;
      const saved = this.records.sessionStartEquity(real);
      // A restart within the session keeps counting from the session's start, not from now.
      if (saved !== null) this.risk.observe(t, saved, real * 100);
    }
    this.risk.observe(t, this.book.equity(), real * 100 + this.sessionEpoch);
    const start = this.risk.sessionStartEquity;
    if (Number.isFinite(start) && start !== this.savedSessionStart) {
      this.savedSessionStart = start;
      this.records.saveSessionStart(real, start, t);
    }
  }

  private onStateChange(change: TradingStateChange): void {
    this.stateSince = change.t;
    // Without a person behind it, the change is the risk manager's own: the daily-loss halt, or its lift at a new session.
    const actor = this.transition?.actor ?? 'risk';
    const cause = this.transition?.cause ?? (change.to === 'HALTED' ? 'daily_loss' : 'session');
    this.records.recordStateChange({ t: change.t, kind: 'state', from: change.from, to: change.to, cause, actor, reason: change.reason });
    (change.to === 'ACTIVE' ? this.log.info : this.log.warn)(SCOPE, `trading ${change.from} → ${change.to} (${actor}): ${change.reason}`);
    this.publishState();
  }

  private withActor<T>(actor: string, cause: string, work: () => T): T {
    const previous = this.transition;
    this.transition = { actor, cause };
    try {
      return work();
    } finally {
      this.transition = previous;
    }
  }

  /** A halt or reduce-only of the last run survives a restart; a daily-loss halt is re-derived from the session's loss. */
  private restoreTradingState(): void {
    const last = this.records.lastState();
    if (!last || last.to === 'ACTIVE') return;
    const reason = `restored at start-up: ${last.reason}`;
    if (last.to === 'HALTED' && last.cause !== 'daily_loss') this.withActor('system', last.cause ?? 'manual', () => this.risk.halt(last.reason));
    else if (last.to === 'REDUCING') this.withActor('system', last.cause ?? 'manual', () => this.risk.reduceOnly(last.reason));
    if (this.risk.state !== 'ACTIVE') this.log.warn(SCOPE, reason);
  }

  private saveSnapshot(source: 'broker' | 'local', reason: string): void {
    const start = this.risk.sessionStartEquity;
    this.records.saveSnapshot({
      takenAt: this.clock(),
      source,
      reason,
      cash: this.book.cash,
      equity: this.book.equity(),
      buyingPower: this.buyingPower,
      longMarketValue: this.book.longMarketValue(),
      shortMarketValue: this.book.shortMarketValue(),
      realizedPnl: this.book.realizedPnl(),
      unrealizedPnl: this.book.unrealizedPnl(),
      sessionStartEquity: Number.isFinite(start) ? start : null,
      positions: this.book.openPositions().map((p) => ({
        symbol: p.symbol, qty: p.qty, avgEntryPrice: p.avgEntryPrice, lastPrice: Number.isFinite(p.lastPrice) ? p.lastPrice : null,
        marketValue: p.marketValue, unrealizedPnl: p.unrealizedPnl, realizedPnl: p.realizedPnl,
      })),
    });
  }

  /** Symbols with a position or a working order: the broker binding streams their prices. */
  private follow(): void {
    if (!this.binding.follow) return;
    const symbols = new Set<string>(this.book.openSymbols());
    for (const order of this.oms.workingOrders()) symbols.add(order.symbol);
    for (const symbol of this.extraFollowed) symbols.add(symbol);
    const sizesKey = [...this.barSizes].map(([symbol, sizes]) => `${symbol}:${[...sizes].sort().join(',')}`).sort().join(';');
    let changed = symbols.size !== this.followed.size || sizesKey !== this.barSizesKey;
    if (!changed) for (const s of symbols) if (!this.followed.has(s)) changed = true;
    if (!changed) return;
    this.followed.clear();
    for (const s of symbols) this.followed.add(s);
    this.barSizesKey = sizesKey;
    this.binding.follow(symbols, this.barSizes);
  }

  private publishPosition(symbol: string): void {
    if (!this.publisher) return;
    const position = this.book.position(symbol);
    this.publisher.publish('trading.positions', positionView(position, this.stopOf(symbol, position.qty), this.clock()));
  }

  private publishAccount(): void {
    this.publisher?.publish('trading.account', this.accountView());
  }

  publishState(): void {
    this.publisher?.publish('trading.state', this.state());
  }

  private publishAll(): void {
    if (!this.publisher) return;
    this.publishState();
    this.publishAccount();
    for (const position of this.positions()) this.publisher.publish('trading.positions', position);
    for (const connection of this.connections()) this.publisher.publish('trading.connection', connection);
    this.follow();
  }
}

/** A submit's status in the words of the signal outcome (src/shared/trading/signal-outcome.ts). */
const SIGNAL_STATUS: Readonly<Record<SubmitStatus, SignalOutcomeStatus>> = {
  submitted: 'submitted',
  accepted: 'accepted',
  partially_filled: 'partially_filled',
  filled: 'filled',
  canceled: 'canceled',
  expired: 'expired',
  rejected_by_risk: 'rejected_by_risk',
  rejected_by_broker: 'rejected_by_broker',
  invalid: 'rejected_invalid',
  unavailable: 'unavailable',
  skipped: 'skipped',
  hold: 'held',
  disabled: 'skipped',
};

/** Statuses whose `reason` is not an error (the order is on its way). */
const SIGNAL_PROGRESS: ReadonlySet<SubmitStatus> = new Set(['submitted', 'accepted', 'partially_filled', 'filled']);

function statusOf(order: Order): SubmitStatus {
  switch (order.status) {
    case 'pending_new':
      return 'submitted';
    case 'partially_filled':
      return 'partially_filled';
    case 'filled':
      return 'filled';
    case 'canceled':
      return order.filledQty > EPSILON ? 'partially_filled' : 'canceled';
    case 'expired':
      return 'expired';
    case 'rejected':
      return 'rejected_by_broker';
    default:
      return 'accepted';
  }
}

/** Market time between two instants for price staleness: regular US equity session time. */
function priceAge(from: number, to: number): number {
  return sessionMsBetween(from, to, US_EQUITY_SESSIONS, 366 * 86_400_000);
}
