import type { Broker, BrokerAccount, BrokerCapabilities, BrokerEventSink, BrokerOrderReport, BrokerPosition } from '../broker';
import { floorToLot, isValidQuantity, roundQuantity, tickAt, type Instrument } from '../../domain/instrument';
import type { BrokerOrderEvent } from '../../domain/order-events';
import { isTerminal, type Order, type OrderRole, type OrderSide, type OrderStatus, type OrderType, type TimeInForce } from '../../domain/order';
import type { BarSeries } from '../../engine/bar-series';
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
  /**
   * Keep finished orders so `fetchOrder` can report them (default true, as a broker does). A
   * backtest that never asks turns this off to keep its memory small.
   */
  readonly retainClosedOrders?: boolean;
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

/** Where a symbol's current bar is in its attached series, and the volume already filled in it. */
export interface SimMarkState {
  readonly symbol: string;
  readonly index: number;
  readonly used: number;
}

/**
 * The simulated broker's state as plain JSON-safe data: its ledger, its working orders (and the
 * members of their groups) and each symbol's current bar. The bars themselves belong to the owner,
 * which attaches series holding them again before `restoreState` (offline paper trading saves this
 * after every change, so a restart finds the broker where it was).
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
  /** Finished orders by client id (when retained); working ones are found in `working`. */
  private readonly closed = new Map<string, SimOrder>();
  private readonly retainClosed: boolean;
  private readonly ledger: Portfolio;
  private series: readonly BarSeries[] = [];
  private newestEndsSession: (s: number, i: number) => boolean = () => true;
  /** Index of each symbol's current bar in its series (−1 before the first). */
  private readonly curIndex: Int32Array;
  /** Volume already filled in each symbol's current bar (participation cap). */
  private readonly used: Float64Array;
  private nextBrokerId = 0;

  constructor(options: SimulatedBrokerOptions) {
    this.id = options.id ?? 'sim';
    this.retainClosed = options.retainClosedOrders ?? true;
    this.clock = options.clock;
    this.model = { ...DEFAULT_FILL_MODEL, ...options.fillModel };
    this.instruments = options.instruments;
    const n = options.instruments.length;
    options.instruments.forEach((instrument, i) => this.symbolIndex.set(instrument.symbol, i));
    this.working = Array.from({ length: n }, () => []);
    this.ledger = new Portfolio(options.initialCash, options.instruments);
    this.curIndex = new Int32Array(n).fill(-1);
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
    if (legs.length === 0) {
      this.register(main);
      if (this.model.marketFill === 'close') this.tryAtClose(main);
      return;
    }
    const members = [main, ...legs.map((leg) => this.create(leg, s))];
    const oco = order.orderClass === 'oco';
    const group: SimGroup = { entry: oco ? null : main, legs: oco ? members : members.slice(1) };
    for (const member of members) {
      member.group = group;
      this.register(member);
    }
    if (this.model.marketFill === 'close') for (const member of members) this.tryAtClose(member);
  }

  /** A working order (or one finished since the last bar, still in its list) by client id. */
  private find(order: Order): SimOrder | undefined {
    const s = this.symbolIndex.get(order.symbol);
    const list = s === undefined ? undefined : this.working[s];
    return list?.find((o) => o.clientOrderId === order.clientOrderId) ?? this.closed.get(order.clientOrderId);
  }

  /** Books a new order as working and acknowledges it (a held leg stays silent until activated). */
  private register(order: SimOrder): void {
    this.working[order.s]!.push(order);
    if (order.status !== 'held') this.emitFor(order, { type: 'OrderAccepted', clientOrderId: order.clientOrderId, brokerOrderId: order.brokerOrderId, t: this.clock() });
  }

  cancel(order: Order): void {
    const sim = this.find(order);
    const t = this.clock();
    if (!sim || isTerminal(sim.status)) {
      const why = sim ? `order is ${sim.status}` : 'order not found';
      this.emit({ type: 'OrderCancelRejected', clientOrderId: order.clientOrderId, t, reason: why });
      return;
    }
    this.finish(sim, 'canceled', t, 'canceled by request');
  }

  replace(order: Order, replacement: Order): void {
    const old = this.find(order);
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
    this.emitFor(old, { type: 'OrderReplaced', clientOrderId: old.clientOrderId, brokerOrderId: old.brokerOrderId, t, replacedBy: next.clientOrderId, replacementBrokerOrderId: next.brokerOrderId });
    if (next.status === 'accepted') this.emitFor(next, { type: 'OrderAccepted', clientOrderId: next.clientOrderId, brokerOrderId: next.brokerOrderId, t });
    if (this.model.marketFill === 'close') this.tryAtClose(next);
  }

  /**
   * The bars the engine steps through, one series per instrument, in instrument order.
   * `newestEndsSession` says whether a series' newest bar closes its session, when no later bar
   * shows it: always in a backtest (the data ends); live, what the market calendar says.
   */
  attachSeries(series: readonly BarSeries[], newestEndsSession: (s: number, i: number) => boolean): void {
    if (series.length !== this.instruments.length || series.some((one, s) => one.symbol !== this.instruments[s]!.symbol)) {
      throw new Error('the simulated broker needs one bar series per instrument, in the same order');
    }
    this.series = series;
    this.newestEndsSession = newestEndsSession;
  }

  /** Bar `i` of symbol `s` has arrived: works every order that was working before it. */
  processBar(s: number, i: number): void {
    this.curIndex[s] = i;
    this.used[s] = 0;
    const list = this.working[s]!;
    if (list.length === 0) return;
    const bars = this.series[s]!;
    const t = bars.t[i]!;
    const o = bars.o[i]!;
    const h = bars.h[i]!;
    const l = bars.l[i]!;
    const c = bars.c[i]!;
    const v = bars.v[i]!;
    const session = bars.sessionAt(i);
    const firstOfSession = i === 0 || bars.sessionAt(i - 1) !== session;
    const lastOfSession = this.endsSession(s, i);
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
        if (this.retainClosed) this.closed.set(order.clientOrderId, order);
        continue;
      }
      if (order.type === 'trailing_stop' && order.status !== 'held' && order.submittedT < t) order.mark = nextTrailingMark(order.side, order.mark, h, l);
      list[keep++] = order;
    }
    list.length = keep;
  }

  /** The last close seen for `symbol` (NaN before its first bar). */
  lastPrice(symbol: string): number {
    const s = this.symbolIndex.get(symbol);
    return s === undefined ? Number.NaN : this.closeOf(s);
  }

  private closeOf(s: number): number {
    const i = this.curIndex[s]!;
    return i < 0 ? Number.NaN : this.series[s]!.c[i]!;
  }

  /** Whether bar `i` of symbol `s` is the last of its session. */
  private endsSession(s: number, i: number): boolean {
    const bars = this.series[s]!;
    return i + 1 < bars.length ? bars.sessionAt(i + 1) !== bars.sessionAt(i) : this.newestEndsSession(s, i);
  }

  fetchOpenOrders(): Promise<BrokerOrderReport[]> {
    const reports: BrokerOrderReport[] = [];
    for (const list of this.working) for (const order of list) if (!isTerminal(order.status)) reports.push(this.report(order));
    return Promise.resolve(reports);
  }

  fetchOrder(clientOrderId: string): Promise<BrokerOrderReport | null> {
    return Promise.resolve(this.orderReport(clientOrderId));
  }

  /** What the broker knows of an order now (finished orders only while retained). */
  orderReport(clientOrderId: string): BrokerOrderReport | null {
    let order = this.closed.get(clientOrderId);
    for (const list of this.working) order ??= list.find((o) => o.clientOrderId === clientOrderId);
    return order ? this.report(order) : null;
  }

  /**
   * Takes finished orders out of the working lists now rather than at the next bar (`processBar`
   * does the same): a broker filling at the close between bars (offline paper trading) would
   * otherwise keep every order in its lists.
   */
  compact(): void {
    for (const list of this.working) {
      let keep = 0;
      for (let k = 0; k < list.length; k++) {
        const order = list[k]!;
        if (!isTerminal(order.status)) list[keep++] = order;
        else if (this.retainClosed) this.closed.set(order.clientOrderId, order);
      }
      list.length = keep;
    }
  }

  /** The broker's state as plain data (see `SimBrokerState`). */
  exportState(): SimBrokerState {
    this.markLedger();
    const chosen = new Set<SimOrder>();
    for (const list of this.working) {
      for (const order of list) {
        chosen.add(order);
        if (!order.group) continue;
        if (order.group.entry) chosen.add(order.group.entry);
        for (const leg of order.group.legs) chosen.add(leg);
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
        clientOrderId: order.clientOrderId, brokerOrderId: order.brokerOrderId, symbol: this.instruments[order.s]!.symbol, side: order.side,
        type: order.type, tif: order.tif, qty: order.qty, filled: order.filled, limit: nullIfNaN(order.limit), stop: nullIfNaN(order.stop),
        trailPrice: order.trailPrice, trailPercent: order.trailPercent, role: order.role, orderClass: order.orderClass, status: order.status,
        groupKey, submittedT: order.submittedT, session: nullIfNaN(order.session), mark: nullIfNaN(order.mark), triggered: order.triggered,
        activatedT: nullIfNaN(order.activatedT), activationPrice: nullIfNaN(order.activationPrice), evaluatedT: nullIfNaN(order.evaluatedT),
        seq: order.seq, executions: order.executions, value: order.value, commission: order.commission, avgPrice: nullIfNaN(order.avgPrice),
        updatedAt: order.updatedAt,
      });
    }
    const marks: SimMarkState[] = [];
    for (let s = 0; s < this.instruments.length; s++) {
      if (this.curIndex[s]! >= 0) marks.push({ symbol: this.instruments[s]!.symbol, index: this.curIndex[s]!, used: this.used[s]! });
    }
    return { nextBrokerId: this.nextBrokerId, ledger: this.ledger.exportState(), orders, marks };
  }

  /**
   * Puts the broker back in `state`, replacing what it held. Every symbol the state names must be
   * one of its instruments, and each mark's bar must be in the attached series. Emits nothing.
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
    this.closed.clear();
    this.curIndex.fill(-1);
    this.used.fill(0);
    for (const mark of state.marks) {
      const s = indexOf(mark.symbol);
      if (!(mark.index < (this.series[s]?.length ?? 0))) throw new Error(`the saved bar ${mark.index} of ${mark.symbol} is not in the attached series`);
      this.curIndex[s] = mark.index;
      this.used[s] = mark.used;
    }
    const groups = new Map<string, SimGroup>();
    for (const saved of state.orders) {
      const s = indexOf(saved.symbol);
      const order: SimOrder = {
        clientOrderId: saved.clientOrderId, brokerOrderId: saved.brokerOrderId, s, side: saved.side, type: saved.type, tif: saved.tif,
        qty: saved.qty, filled: saved.filled, limit: nanIfNull(saved.limit), stop: nanIfNull(saved.stop), trailPrice: saved.trailPrice,
        trailPercent: saved.trailPercent, role: saved.role, orderClass: saved.orderClass, status: saved.status, group: null,
        submittedT: saved.submittedT, session: nanIfNull(saved.session), mark: nanIfNull(saved.mark), triggered: saved.triggered,
        activatedT: nanIfNull(saved.activatedT), activationPrice: nanIfNull(saved.activationPrice), evaluatedT: nanIfNull(saved.evaluatedT),
        seq: saved.seq, executions: saved.executions, value: saved.value, commission: saved.commission, avgPrice: nanIfNull(saved.avgPrice),
        updatedAt: saved.updatedAt,
      };
      if (saved.groupKey !== null) {
        let group = groups.get(saved.groupKey);
        if (!group) groups.set(saved.groupKey, (group = { entry: null, legs: [] }));
        if (saved.role === 'entry') group.entry = order;
        else group.legs.push(order);
        order.group = group;
      }
      if (!isTerminal(order.status)) this.working[s]!.push(order);
      else if (this.retainClosed) this.closed.set(order.clientOrderId, order);
    }
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

  private markLedger(): void {
    for (let s = 0; s < this.instruments.length; s++) if (this.curIndex[s]! >= 0) this.ledger.mark(s, this.closeOf(s));
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
      mark: this.closeOf(s),
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
    const i = this.curIndex[s]!;
    if (i < 0 || order.tif === 'opg') return;
    const c = this.series[s]!.c[i]!;
    const last = this.endsSession(s, i);
    if (order.tif === 'cls' && !last) return;
    const t = this.clock();
    order.evaluatedT = t;
    this.work(order, t, c, c, c, c, this.series[s]!.v[i]!, false, last);
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
      leg.mark = Number.isNaN(entryPrice) ? this.closeOf(leg.s) : entryPrice;
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
