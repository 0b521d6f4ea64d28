import type { Broker, BrokerAccount, BrokerCapabilities, BrokerEventSink, BrokerOrderReport, BrokerPosition } from '../broker';
import { floorToLot, isValidQuantity, roundQuantity, tickAt, type Instrument } from '../../domain/instrument';
import type { BrokerOrderEvent } from '../../domain/order-events';
import { isTerminal, type Order, type OrderRole, type OrderSide, type OrderStatus, type OrderType, type TimeInForce } from '../../domain/order';
import { groupReactions, type GroupMember } from '../../oms/order-groups';
import { Portfolio, type PortfolioState } from '../../portfolio/portfolio';
import { NO_COMMISSION, NO_SLIPPAGE, orderCommission, roundCents, slipPrice, type CommissionModel, type SlippageModel } from './costs';
import {
  limitFillPrice,
  nextTrailingMark,
  stopFillPrice,
  stopFillsFirst,
  stopLimitFillPrice,
  trailingStopLevel,
  type AmbiguousBarRule,
} from './fill-rules';

/** How the simulated broker fills orders (docs/fill-model.md). */
export interface FillModelConfig {
  /** Market orders fill at the next bar's open (default) or at the close of the bar they were sent on. */
  readonly marketFill: 'next-open' | 'close';
  /** Which bracket/OCO leg fills when one bar touches both (default `stop-first`, pessimistic). */
  readonly ambiguousBar: AmbiguousBarRule;
  readonly slippage: SlippageModel;
  readonly commission: CommissionModel;
  /** Largest share of a bar's volume the fills in one symbol may take, in percent; null = no cap. */
  readonly maxVolumePct: number | null;
}

export const DEFAULT_FILL_MODEL: FillModelConfig = {
  marketFill: 'next-open',
  ambiguousBar: 'stop-first',
  slippage: NO_SLIPPAGE,
  commission: NO_COMMISSION,
  maxVolumePct: null,
};

export interface SimulatedBrokerOptions {
  readonly instruments: readonly Instrument[];
  readonly initialCash: number;
  /** The engine's clock (bar time in a backtest, wall time in paper trading). */
  readonly clock: () => number;
  readonly fillModel?: Partial<FillModelConfig>;
  readonly id?: string;
}

interface SimGroup {
  entry: SimOrder | null;
  legs: SimOrder[];
}

interface SimOrder {
  readonly clientOrderId: string;
  readonly brokerOrderId: string;
  readonly s: number;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly tif: TimeInForce;
  qty: number;
  filled: number;
  readonly limit: number;
  readonly stop: number;
  readonly trailPrice: number | null;
  readonly trailPercent: number | null;
  readonly role: OrderRole | null;
  readonly orderClass: Order['orderClass'];
  status: OrderStatus;
  group: SimGroup | null;
  /** Engine time at submission: the order trades on bars that start later. */
  submittedT: number;
  /** The session a day order trades in (set on its first eligible bar). */
  session: number;
  /** Trailing stop's high-water (sell) or low-water (buy) mark. */
  mark: number;
  /** A stop-limit whose stop has triggered (it now works as a limit). */
  triggered: boolean;
  /** A leg activated inside a bar trades in the rest of that bar from its entry's price. */
  activatedT: number;
  activationPrice: number;
  evaluatedT: number;
  seq: number;
  executions: number;
  value: number;
  commission: number;
  avgPrice: number;
  updatedAt: number;
}

/** One order at the simulated broker, as plain data (NaN written as null). */
export interface SimOrderState {
  readonly clientOrderId: string;
  readonly brokerOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly tif: TimeInForce;
  readonly qty: number;
  readonly filled: number;
  readonly limit: number | null;
  readonly stop: number | null;
  readonly trailPrice: number | null;
  readonly trailPercent: number | null;
  readonly role: OrderRole | null;
  readonly orderClass: Order['orderClass'];
  readonly status: OrderStatus;
  /** Orders of one bracket/OCO/OTO share a key; null for a simple order. */
  readonly groupKey: string | null;
  readonly submittedT: number;
  readonly session: number | null;
  readonly mark: number | null;
  readonly triggered: boolean;
  readonly activatedT: number | null;
  readonly activationPrice: number | null;
  readonly evaluatedT: number | null;
  readonly seq: number;
  readonly executions: number;
  readonly value: number;
  readonly commission: number;
  readonly avgPrice: number | null;
  readonly updatedAt: number;
}

/** The last bar the broker saw of one symbol. */
export interface SimMarkState {
  readonly symbol: string;
  readonly t: number;
  readonly close: number;
  readonly volume: number;
  readonly session: number;
  readonly lastOfSession: boolean;
  readonly used: number;
}

/**
 * Everything the simulated broker knows, as plain JSON-safe data: its ledger, its orders (working
 * ones and the members of their groups) and the last bar of each symbol. Offline paper trading
 * saves it after every change, so a restart finds the broker where it was.
 */
export interface SimBrokerState {
  readonly nextBrokerId: number;
  readonly ledger: PortfolioState;
  readonly orders: readonly SimOrderState[];
  readonly marks: readonly SimMarkState[];
}

const nullIfNaN = (x: number): number | null => (Number.isNaN(x) ? null : x);
const nanIfNull = (x: number | null): number => (x === null ? Number.NaN : x);

const CAPABILITIES: BrokerCapabilities = {
  orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  timeInForce: ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'],
  orderClasses: ['simple', 'bracket', 'oco', 'oto'],
  replace: true,
  fractional: true,
};

/**
 * The simulated broker: Alpaca's order behaviour over bars, with the fill model of
 * docs/fill-model.md. The engine drives it with `processBar` once per new bar of a symbol, before
 * the strategy sees that bar; orders sent afterwards trade from the next bar on (or, with
 * `marketFill: 'close'`, at the close they were sent on when they are marketable there).
 * Events go to the sink synchronously. Its own ledger answers account and position queries,
 * which makes it the offline paper broker too.
 */
export class SimulatedBroker implements Broker {
  readonly id: string;
  readonly capabilities = CAPABILITIES;
  readonly model: FillModelConfig;
  private sink: BrokerEventSink = () => {};
  private readonly clock: () => number;
  private readonly instruments: readonly Instrument[];
  private readonly symbolIndex = new Map<string, number>();
  private readonly working: SimOrder[][];
  private readonly byId = new Map<string, SimOrder>();
  private readonly ledger: Portfolio;
  private readonly curT: Float64Array;
  private readonly curC: Float64Array;
  private readonly curV: Float64Array;
  private readonly curSession: Float64Array;
  private readonly curLast: Uint8Array;
  private readonly used: Float64Array;
  private nextBrokerId = 0;

  constructor(options: SimulatedBrokerOptions) {
    this.id = options.id ?? 'sim';
    this.clock = options.clock;
    this.model = { ...DEFAULT_FILL_MODEL, ...options.fillModel };
    this.instruments = options.instruments;
    const n = options.instruments.length;
    options.instruments.forEach((instrument, i) => this.symbolIndex.set(instrument.symbol, i));
    this.working = Array.from({ length: n }, () => []);
    this.ledger = new Portfolio(options.initialCash, options.instruments);
    this.curT = new Float64Array(n).fill(Number.NaN);
    this.curC = new Float64Array(n).fill(Number.NaN);
    this.curV = new Float64Array(n);
    this.curSession = new Float64Array(n).fill(Number.NaN);
    this.curLast = new Uint8Array(n);
    this.used = new Float64Array(n);
  }

  connect(sink: BrokerEventSink): void {
    this.sink = sink;
  }

  /** Number of orders still working in symbol `s` (the engine's fast path skips bars with none). */
  workingCount(s: number): number {
    return this.working[s]!.length;
  }

  submit(order: Order, legs: readonly Order[]): void {
    const s = this.symbolIndex.get(order.symbol);
    if (s === undefined) {
      this.emit({ type: 'OrderRejected', clientOrderId: order.clientOrderId, t: this.clock(), reason: `${order.symbol} is not tradable here (unknown symbol)` });
      for (const leg of legs) this.emit({ type: 'OrderRejected', clientOrderId: leg.clientOrderId, t: this.clock(), reason: 'its entry was rejected' });
      return;
    }
    const refusal = this.refusal(order, s);
    if (refusal !== null) {
      for (const member of [order, ...legs]) this.emit({ type: 'OrderRejected', clientOrderId: member.clientOrderId, t: this.clock(), reason: refusal });
      return;
    }
    const main = this.create(order, s);
    const members = [main, ...legs.map((leg) => this.create(leg, s))];
    if (legs.length > 0) {
      const oco = order.orderClass === 'oco';
      const group: SimGroup = { entry: oco ? null : main, legs: oco ? members : members.slice(1) };
      for (const member of members) member.group = group;
    }
    for (const member of members) {
      this.working[s]!.push(member);
      this.byId.set(member.clientOrderId, member);
      if (member.status !== 'held') this.emitFor(member, { type: 'OrderAccepted', clientOrderId: member.clientOrderId, brokerOrderId: member.brokerOrderId, t: this.clock() });
    }
    if (this.model.marketFill === 'close') for (const member of members) this.tryAtClose(member);
  }

  cancel(order: Order): void {
    const sim = this.byId.get(order.clientOrderId);
    const t = this.clock();
    if (!sim || isTerminal(sim.status)) {
      const why = sim ? `order is ${sim.status}` : 'order not found';
      this.emit({ type: 'OrderCancelRejected', clientOrderId: order.clientOrderId, t, reason: why });
      return;
    }
    this.finish(sim, 'canceled', t, 'canceled by request');
  }

  replace(order: Order, replacement: Order): void {
    const old = this.byId.get(order.clientOrderId);
    const t = this.clock();
    if (!old || isTerminal(old.status)) {
      this.emit({ type: 'OrderReplaceRejected', clientOrderId: order.clientOrderId, t, reason: old ? `order is ${old.status}` : 'order not found' });
      return;
    }
    const next = this.create(replacement, old.s);
    next.status = old.status === 'held' ? 'held' : 'accepted';
    next.mark = old.mark;
    next.triggered = old.triggered;
    next.session = old.session;
    next.group = old.group;
    if (old.group) {
      if (old.group.entry === old) old.group.entry = next;
      old.group.legs = old.group.legs.map((leg) => (leg === old ? next : leg));
    }
    old.status = 'replaced';
    this.working[old.s]!.push(next);
    this.byId.set(next.clientOrderId, next);
    this.emitFor(old, { type: 'OrderReplaced', clientOrderId: old.clientOrderId, brokerOrderId: old.brokerOrderId, t, replacedBy: next.clientOrderId, replacementBrokerOrderId: next.brokerOrderId });
    if (next.status === 'accepted') this.emitFor(next, { type: 'OrderAccepted', clientOrderId: next.clientOrderId, brokerOrderId: next.brokerOrderId, t });
    if (this.model.marketFill === 'close') this.tryAtClose(next);
  }

  /**
   * A new bar of symbol `s` (starting at `t`, in trading session `session`): works every order
   * that was working before it. `lastOfSession` says no later bar of this session follows (for
   * closing-auction orders).
   */
  processBar(s: number, t: number, o: number, h: number, l: number, c: number, v: number, session: number, lastOfSession: boolean): void {
    const firstOfSession = session !== this.curSession[s];
    this.curT[s] = t;
    this.curC[s] = c;
    this.curV[s] = v;
    this.curSession[s] = session;
    this.curLast[s] = lastOfSession ? 1 : 0;
    this.used[s] = 0;
    const list = this.working[s]!;
    if (list.length === 0) return;
    for (let k = 0; k < list.length; k++) {
      const order = list[k]!;
      if (isTerminal(order.status) || order.status === 'held' || order.evaluatedT === t) continue;
      if (!(order.submittedT < t || order.activatedT === t)) continue;
      if (this.expired(order, t, session, firstOfSession)) continue;
      const open = order.activatedT === t ? order.activationPrice : o;
      if (Number.isNaN(order.mark)) order.mark = open;
      const sibling = this.activeSibling(order, t);
      if (sibling) this.workPair(order, sibling, t, open, h, l, c, v, firstOfSession, lastOfSession);
      else this.work(order, t, open, h, l, c, v, firstOfSession, lastOfSession);
    }
    let keep = 0;
    for (let k = 0; k < list.length; k++) {
      const order = list[k]!;
      if (isTerminal(order.status)) {
        this.byId.delete(order.clientOrderId);
        continue;
      }
      if (order.type === 'trailing_stop' && order.status !== 'held' && order.submittedT < t) order.mark = nextTrailingMark(order.side, order.mark, h, l);
      list[keep++] = order;
    }
    list.length = keep;
  }

  /**
   * Forgets finished orders now rather than at the next bar (`processBar` does the same): a broker
   * filling at the close between bars (offline paper trading) would otherwise keep every order.
   */
  compact(): void {
    for (const list of this.working) {
      let keep = 0;
      for (let k = 0; k < list.length; k++) {
        const order = list[k]!;
        if (isTerminal(order.status)) this.byId.delete(order.clientOrderId);
        else list[keep++] = order;
      }
      list.length = keep;
    }
  }

  /** The last close seen for `symbol` (NaN before its first bar). */
  lastPrice(symbol: string): number {
    const s = this.symbolIndex.get(symbol);
    return s === undefined ? Number.NaN : this.curC[s]!;
  }

  fetchOpenOrders(): Promise<BrokerOrderReport[]> {
    const reports: BrokerOrderReport[] = [];
    for (const list of this.working) for (const order of list) if (!isTerminal(order.status)) reports.push(this.report(order));
    return Promise.resolve(reports);
  }

  fetchOrder(clientOrderId: string): Promise<BrokerOrderReport | null> {
    return Promise.resolve(this.orderReport(clientOrderId));
  }

  /** What the broker knows of an order it still holds (a finished order is forgotten after the next bar). */
  orderReport(clientOrderId: string): BrokerOrderReport | null {
    const order = this.byId.get(clientOrderId);
    return order ? this.report(order) : null;
  }

  fetchPositions(): Promise<BrokerPosition[]> {
    this.markLedger();
    return Promise.resolve(
      this.ledger.openPositions().map((p) => ({ symbol: p.symbol, qty: p.qty, avgEntryPrice: p.avgEntryPrice, marketValue: p.marketValue, lastPrice: p.lastPrice })),
    );
  }

  fetchAccount(): Promise<BrokerAccount> {
    this.markLedger();
    const equity = this.ledger.equity();
    return Promise.resolve({
      cash: this.ledger.cash,
      equity,
      buyingPower: Math.max(0, equity),
      longMarketValue: this.ledger.longMarketValue(),
      shortMarketValue: this.ledger.shortMarketValue(),
      tradingBlocked: false,
      shortingEnabled: true,
    });
  }

  /** The broker's whole state as plain data (see `SimBrokerState`). */
  exportState(): SimBrokerState {
    this.markLedger();
    const chosen = new Set<SimOrder>();
    for (const list of this.working) {
      for (const order of list) {
        chosen.add(order);
        if (order.group) {
          if (order.group.entry) chosen.add(order.group.entry);
          for (const leg of order.group.legs) chosen.add(leg);
        }
      }
    }
    const keys = new Map<SimGroup, string>();
    const orders: SimOrderState[] = [];
    for (const order of chosen) {
      let groupKey: string | null = null;
      if (order.group) {
        groupKey = keys.get(order.group) ?? (order.group.entry ?? order.group.legs[0]!).clientOrderId;
        keys.set(order.group, groupKey);
      }
      orders.push({
        clientOrderId: order.clientOrderId,
        brokerOrderId: order.brokerOrderId,
        symbol: this.instruments[order.s]!.symbol,
        side: order.side,
        type: order.type,
        tif: order.tif,
        qty: order.qty,
        filled: order.filled,
        limit: nullIfNaN(order.limit),
        stop: nullIfNaN(order.stop),
        trailPrice: order.trailPrice,
        trailPercent: order.trailPercent,
        role: order.role,
        orderClass: order.orderClass,
        status: order.status,
        groupKey,
        submittedT: order.submittedT,
        session: nullIfNaN(order.session),
        mark: nullIfNaN(order.mark),
        triggered: order.triggered,
        activatedT: nullIfNaN(order.activatedT),
        activationPrice: nullIfNaN(order.activationPrice),
        evaluatedT: nullIfNaN(order.evaluatedT),
        seq: order.seq,
        executions: order.executions,
        value: order.value,
        commission: order.commission,
        avgPrice: nullIfNaN(order.avgPrice),
        updatedAt: order.updatedAt,
      });
    }
    const marks: SimMarkState[] = [];
    for (let s = 0; s < this.instruments.length; s++) {
      if (Number.isNaN(this.curT[s]!)) continue;
      marks.push({
        symbol: this.instruments[s]!.symbol,
        t: this.curT[s]!,
        close: this.curC[s]!,
        volume: this.curV[s]!,
        session: this.curSession[s]!,
        lastOfSession: this.curLast[s] === 1,
        used: this.used[s]!,
      });
    }
    return { nextBrokerId: this.nextBrokerId, ledger: this.ledger.exportState(), orders, marks };
  }

  /**
   * Puts the broker back in `state` (replacing whatever it held). Every symbol the state names must
   * be one of this broker's instruments. Emits nothing.
   */
  restoreState(state: SimBrokerState): void {
    const indexOf = (symbol: string): number => {
      const s = this.symbolIndex.get(symbol);
      if (s === undefined) throw new Error(`the simulated broker's saved state names ${symbol}, which it does not trade`);
      return s;
    };
    this.nextBrokerId = state.nextBrokerId;
    this.ledger.restoreState(state.ledger);
    for (const list of this.working) list.length = 0;
    this.byId.clear();
    this.curT.fill(Number.NaN);
    this.curC.fill(Number.NaN);
    this.curV.fill(0);
    this.curSession.fill(Number.NaN);
    this.curLast.fill(0);
    this.used.fill(0);
    for (const mark of state.marks) {
      const s = indexOf(mark.symbol);
      this.curT[s] = mark.t;
      this.curC[s] = mark.close;
      this.curV[s] = mark.volume;
      this.curSession[s] = mark.session;
      this.curLast[s] = mark.lastOfSession ? 1 : 0;
      this.used[s] = mark.used;
    }
    const groups = new Map<string, SimGroup>();
    for (const saved of state.orders) {
      const s = indexOf(saved.symbol);
      const order: SimOrder = {
        clientOrderId: saved.clientOrderId,
        brokerOrderId: saved.brokerOrderId,
        s,
        side: saved.side,
        type: saved.type,
        tif: saved.tif,
        qty: saved.qty,
        filled: saved.filled,
        limit: nanIfNull(saved.limit),
        stop: nanIfNull(saved.stop),
        trailPrice: saved.trailPrice,
        trailPercent: saved.trailPercent,
        role: saved.role,
        orderClass: saved.orderClass,
        status: saved.status,
        group: null,
        submittedT: saved.submittedT,
        session: nanIfNull(saved.session),
        mark: nanIfNull(saved.mark),
        triggered: saved.triggered,
        activatedT: nanIfNull(saved.activatedT),
        activationPrice: nanIfNull(saved.activationPrice),
        evaluatedT: nanIfNull(saved.evaluatedT),
        seq: saved.seq,
        executions: saved.executions,
        value: saved.value,
        commission: saved.commission,
        avgPrice: nanIfNull(saved.avgPrice),
        updatedAt: saved.updatedAt,
      };
      if (saved.groupKey !== null) {
        let group = groups.get(saved.groupKey);
        if (!group) groups.set(saved.groupKey, (group = { entry: null, legs: [] }));
        if (saved.role === 'entry') group.entry = order;
        else group.legs.push(order);
        order.group = group;
      }
      this.byId.set(order.clientOrderId, order);
      if (!isTerminal(order.status)) this.working[s]!.push(order);
    }
  }

  private markLedger(): void {
    for (let s = 0; s < this.instruments.length; s++) if (!Number.isNaN(this.curC[s]!)) this.ledger.mark(s, this.curC[s]!);
  }

  /** Why the broker refuses an order outright (as Alpaca would), or null. */
  private refusal(order: Order, s: number): string | null {
    const instrument = this.instruments[s]!;
    if (!(order.qty > 0)) return `quantity ${order.qty} must be positive`;
    if (!isValidQuantity(instrument, order.qty)) return `quantity ${order.qty} is not a multiple of the lot size ${instrument.lotSize} of ${instrument.symbol}`;
    const opensShort = order.side === 'sell' && order.orderClass !== 'oco' && this.ledger.qtyAt(s) - order.qty < -1e-9;
    if (opensShort && !instrument.shortable) return `${instrument.symbol} is not shortable`;
    return null;
  }

  private create(order: Order, s: number): SimOrder {
    return {
      clientOrderId: order.clientOrderId,
      brokerOrderId: `${this.id}-${++this.nextBrokerId}`,
      s,
      side: order.side,
      type: order.type,
      tif: order.timeInForce,
      qty: order.qty,
      filled: 0,
      limit: order.limitPrice ?? Number.NaN,
      stop: order.stopPrice ?? Number.NaN,
      trailPrice: order.trailPrice,
      trailPercent: order.trailPercent,
      role: order.role,
      orderClass: order.orderClass,
      status: order.status === 'held' ? 'held' : 'accepted',
      group: null,
      submittedT: this.clock(),
      session: Number.NaN,
      mark: this.curC[s]!,
      triggered: false,
      activatedT: Number.NaN,
      activationPrice: Number.NaN,
      evaluatedT: Number.NaN,
      seq: 0,
      executions: 0,
      value: 0,
      commission: 0,
      avgPrice: Number.NaN,
      updatedAt: this.clock(),
    };
  }

  /** Time-in-force bookkeeping on a bar; true when the order expired (or must wait). */
  private expired(order: SimOrder, t: number, session: number, firstOfSession: boolean): boolean {
    switch (order.tif) {
      case 'day':
        if (Number.isNaN(order.session)) order.session = session;
        else if (session !== order.session) {
          this.finish(order, 'expired', t, 'day order: session ended');
          return true;
        }
        return false;
      case 'opg':
        return !firstOfSession;
      default:
        return false;
    }
  }

  /** With `marketFill: 'close'`, an order marketable at the current close fills there at once. */
  private tryAtClose(order: SimOrder): void {
    if (order.status === 'held' || isTerminal(order.status)) return;
    const s = order.s;
    const c = this.curC[s]!;
    if (Number.isNaN(c) || order.tif === 'opg') return;
    if (order.tif === 'cls' && this.curLast[s] !== 1) return;
    const t = this.clock();
    order.evaluatedT = t;
    this.work(order, t, c, c, c, c, this.curV[s]!, false, this.curLast[s] === 1);
    // A close fill happened after the bar: legs it activated trade from the next bar.
    if (order.group) for (const leg of order.group.legs) if (leg.activatedT === t) leg.activatedT = Number.NaN;
  }

  /** Raw fill price of `order` on a bar (NaN: no fill); remembers a stop-limit's trigger. */
  private rawPrice(order: SimOrder, o: number, h: number, l: number, c: number, firstOfSession: boolean, lastOfSession: boolean): number {
    if (order.tif === 'opg') {
      if (!firstOfSession) return Number.NaN;
      return order.type === 'market' ? o : limitFillPrice(order.side, order.limit, o, o, o);
    }
    if (order.tif === 'cls') {
      if (!lastOfSession) return Number.NaN;
      return order.type === 'market' ? c : limitFillPrice(order.side, order.limit, c, c, c);
    }
    switch (order.type) {
      case 'market':
        return o;
      case 'limit':
        return limitFillPrice(order.side, order.limit, o, h, l);
      case 'stop':
        return stopFillPrice(order.side, order.stop, o, h, l);
      case 'stop_limit': {
        const outcome = stopLimitFillPrice(order.side, order.stop, order.limit, o, h, l, order.triggered);
        order.triggered = outcome.triggered;
        return outcome.price;
      }
      case 'trailing_stop':
        return stopFillPrice(order.side, trailingStopLevel(order.side, order.mark, order.trailPrice, order.trailPercent), o, h, l);
    }
  }

  private work(order: SimOrder, t: number, o: number, h: number, l: number, c: number, v: number, firstOfSession: boolean, lastOfSession: boolean): void {
    order.evaluatedT = t;
    const raw = this.rawPrice(order, o, h, l, c, firstOfSession, lastOfSession);
    if (!Number.isNaN(raw)) this.execute(order, raw, t, v);
    this.afterAttempt(order, t, firstOfSession, lastOfSession);
  }

  /** Two live legs of one group on the same bar: at most one of them trades (one-cancels-other). */
  private workPair(a: SimOrder, b: SimOrder, t: number, o: number, h: number, l: number, c: number, v: number, firstOfSession: boolean, lastOfSession: boolean): void {
    a.evaluatedT = t;
    b.evaluatedT = t;
    const priceA = this.rawPrice(a, o, h, l, c, firstOfSession, lastOfSession);
    const priceB = this.rawPrice(b, o, h, l, c, firstOfSession, lastOfSession);
    let winner: SimOrder | null = null;
    let price = Number.NaN;
    if (!Number.isNaN(priceA) && !Number.isNaN(priceB)) {
      const stopLeg = a.role === 'stop_loss' ? a : b;
      const targetLeg = stopLeg === a ? b : a;
      const stopPrice = stopLeg === a ? priceA : priceB;
      const targetPrice = stopLeg === a ? priceB : priceA;
      if (stopPrice === o) winner = stopLeg;
      else if (targetPrice === o) winner = targetLeg;
      else winner = stopFillsFirst(this.model.ambiguousBar, o, targetLeg.limit, stopLeg.stop) ? stopLeg : targetLeg;
      price = winner === stopLeg ? stopPrice : targetPrice;
    } else if (!Number.isNaN(priceA)) {
      winner = a;
      price = priceA;
    } else if (!Number.isNaN(priceB)) {
      winner = b;
      price = priceB;
    }
    if (winner) this.execute(winner, price, t, v);
    this.afterAttempt(a, t, firstOfSession, lastOfSession);
    this.afterAttempt(b, t, firstOfSession, lastOfSession);
  }

  /** Ends what an order's time in force does not let it keep working. */
  private afterAttempt(order: SimOrder, t: number, firstOfSession: boolean, lastOfSession: boolean): void {
    if (isTerminal(order.status)) return;
    if (order.tif === 'ioc' || order.tif === 'fok') this.finish(order, 'canceled', t, `${order.tif}: unfilled quantity canceled`);
    else if (order.tif === 'opg' && firstOfSession) this.finish(order, 'expired', t, 'opening auction passed');
    else if (order.tif === 'cls' && lastOfSession) this.finish(order, 'expired', t, 'closing auction passed');
  }

  /** Fills as much of `order` as the bar allows at `raw` (before slippage). */
  private execute(order: SimOrder, raw: number, t: number, volume: number): void {
    const s = order.s;
    const instrument = this.instruments[s]!;
    const remaining = roundQuantity(order.qty - order.filled);
    let qty = remaining;
    if (this.model.maxVolumePct !== null) {
      const cap = floorToLot(instrument, (volume * this.model.maxVolumePct) / 100 - this.used[s]!);
      qty = Math.min(qty, cap);
    }
    if (!(qty > 0)) return;
    if (order.tif === 'fok' && qty < remaining) return;
    let price = slipPrice(this.model.slippage, order.side, raw, tickAt(instrument, raw));
    if (!Number.isNaN(order.limit) && order.type !== 'stop' && order.type !== 'trailing_stop') {
      price = order.side === 'buy' ? Math.min(price, order.limit) : Math.max(price, order.limit);
    }
    order.filled = roundQuantity(order.filled + qty);
    order.value += qty * price;
    order.avgPrice = order.value / order.filled;
    const total = orderCommission(this.model.commission, order.filled, order.value * instrument.multiplier);
    const commission = roundCents(total - order.commission);
    order.commission = total;
    this.used[s] = this.used[s]! + qty;
    const complete = order.filled >= order.qty - 1e-9;
    order.status = complete ? 'filled' : 'partially_filled';
    order.updatedAt = t;
    const fill = {
      executionId: `${order.brokerOrderId}.${++order.executions}`,
      clientOrderId: order.clientOrderId,
      brokerOrderId: order.brokerOrderId,
      symbol: instrument.symbol,
      side: order.side,
      qty,
      price,
      commission,
      t,
    };
    this.ledger.applyFill(fill);
    this.emitFor(order, { type: complete ? 'OrderFilled' : 'OrderPartiallyFilled', clientOrderId: order.clientOrderId, brokerOrderId: order.brokerOrderId, t, fill });
    if (order.group) this.react(order, t, raw);
  }

  private finish(order: SimOrder, status: 'canceled' | 'expired', t: number, reason: string): void {
    order.status = status;
    order.updatedAt = t;
    const base = { clientOrderId: order.clientOrderId, brokerOrderId: order.brokerOrderId, t };
    this.emitFor(order, status === 'canceled' ? { ...base, type: 'OrderCanceled', reason } : { ...base, type: 'OrderExpired' });
    if (order.group) this.react(order, t, Number.NaN);
  }

  /** Runs the group logic shared with the order manager (legs activate, the other leg cancels). */
  private react(changed: SimOrder, t: number, entryPrice: number): void {
    const group = changed.group!;
    const member = (o: SimOrder): GroupMember => ({ clientOrderId: o.clientOrderId, role: o.role, status: o.status, qty: o.qty, filledQty: o.filled });
    const actions = groupReactions(group.entry ? member(group.entry) : null, group.legs.map(member), changed.clientOrderId);
    for (const action of actions) {
      const leg = group.legs.find((o) => o.clientOrderId === action.clientOrderId);
      if (!leg || isTerminal(leg.status)) continue;
      if (action.kind === 'cancel') {
        this.finish(leg, 'canceled', t, action.reason);
        continue;
      }
      const resized = action.qty !== leg.qty;
      leg.qty = action.qty;
      leg.status = 'accepted';
      leg.submittedT = t;
      leg.mark = Number.isNaN(entryPrice) ? this.curC[leg.s]! : entryPrice;
      if (!Number.isNaN(entryPrice)) {
        leg.activatedT = t;
        leg.activationPrice = entryPrice;
      }
      const event: BrokerOrderEvent = resized
        ? { type: 'OrderAccepted', clientOrderId: leg.clientOrderId, brokerOrderId: leg.brokerOrderId, t, qty: action.qty }
        : { type: 'OrderAccepted', clientOrderId: leg.clientOrderId, brokerOrderId: leg.brokerOrderId, t };
      this.emitFor(leg, event);
    }
  }

  private activeSibling(order: SimOrder, t: number): SimOrder | null {
    const group = order.group;
    if (!group || order.role === 'entry' || order.role === null) return null;
    for (const leg of group.legs) {
      if (leg === order || isTerminal(leg.status) || leg.status === 'held' || leg.evaluatedT === t) continue;
      if (leg.submittedT < t || leg.activatedT === t) return leg;
    }
    return null;
  }

  /** Numbers the event in the order's sequence (the order manager ignores a sequence it has seen). */
  private emitFor(order: SimOrder, event: BrokerOrderEvent & { seq?: number }): void {
    (event as { seq?: number }).seq = ++order.seq;
    this.emit(event);
  }

  private emit(event: BrokerOrderEvent): void {
    this.sink(event);
  }

  private report(order: SimOrder): BrokerOrderReport {
    return {
      clientOrderId: order.clientOrderId,
      brokerOrderId: order.brokerOrderId,
      symbol: this.instruments[order.s]!.symbol,
      side: order.side,
      type: order.type,
      timeInForce: order.tif,
      qty: order.qty,
      filledQty: order.filled,
      avgFillPrice: order.filled > 0 ? order.avgPrice : null,
      limitPrice: Number.isNaN(order.limit) ? null : order.limit,
      stopPrice: Number.isNaN(order.stop) ? null : order.stop,
      status: order.status,
      orderClass: order.orderClass,
      updatedAt: order.updatedAt,
      legs: [],
    };
  }
}
