/**
 * The shared `Broker` (src/shared/broker/broker.ts) on top of the Alpaca adapter: the order
 * manager's commands become REST calls, Alpaca's answers and `trade_updates` become
 * `BrokerOrderEvent`s named by the order manager's client order ids.
 *
 * - Commands never throw and never wait: each runs in the background and reports through the sink.
 * - A refusal is an `OrderRejected` / `OrderCancelRejected` / `OrderReplaceRejected` carrying
 *   Alpaca's reason ("rejected by broker: insufficient buying power (40310000)").
 * - After a failure whose outcome is unknown (network, timeout, 5xx), nothing is reported until
 *   the order has been looked up by client order id: what Alpaca has is reported, or
 *   `OrderRejected` when Alpaca confirms it never received it. The same client order id is never
 *   sent under another id.
 * - Fills carry Alpaca's `execution_id` and the order's filled quantity after them, so duplicates
 *   after a reconnect are harmless. Alpaca has no per-order sequence number, so `seq` is left out.
 * - Reconciliation recovers missed fills from the account activities (FILL), each with its own
 *   execution id (`fetchFills`), so a stream event arriving after reconciliation already counted it
 *   is a duplicate by id; the order manager's synthetic fill only makes up what the activities do
 *   not list yet.
 * - Bracket, OTO and OCO orders go to Alpaca natively (one request with `order_class`,
 *   `take_profit`, `stop_loss`; Alpaca holds the legs until the entry fills and cancels one leg
 *   when the other executes). Alpaca names the legs itself: they are mapped back to the order
 *   manager's legs by parent and role (group-legs.ts), in events, answers, reconciliation and
 *   recovered fills. `nativeOrderClasses: false` leaves groups to the order manager's emulation.
 */
import type { Broker, BrokerAccount, BrokerCapabilities, BrokerEventSink, BrokerOrderReport, BrokerPosition } from '../../../shared/broker/broker';
import type { Fill } from '../../../shared/domain/fill';
import type { BrokerOrderEvent } from '../../../shared/domain/order-events';
import type { Order, OrderClass, OrderSide, OrderStatus, OrderType, TimeInForce } from '../../../shared/domain/order';
import type { Logger } from '../../log';
import type { AlpacaAdapter } from './adapter';
import { AlpacaApiError } from './errors';
import { alpacaRequestOf, LegIds, parseLegClientOrderId } from './group-legs';
import type { AlpacaFillActivity, AlpacaOrder, AlpacaTradeUpdate } from './mapping';
import { sleep as realSleep } from './retry';

export const ALPACA_CAPABILITIES: BrokerCapabilities = {
  orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
  timeInForce: ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'],
  orderClasses: ['bracket', 'oco', 'oto'],
  replace: true,
  fractional: true,
};

export interface AlpacaBrokerOptions {
  readonly adapter: AlpacaAdapter;
  readonly log: Logger;
  /** Lookups after an ambiguous submit: attempts and the pause between them. */
  readonly lookupAttempts?: number;
  readonly lookupPauseMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** Send bracket, OTO and OCO orders as Alpaca's own (default); false: the order manager emulates them. */
  readonly nativeOrderClasses?: boolean;
}

const SCOPE = 'alpaca broker';
const GROUP_CLASSES = new Set(['bracket', 'oco', 'oto']);

/** Alpaca's order status in the OMS's vocabulary. */
export function orderStatusOf(order: Pick<AlpacaOrder, 'status' | 'filledQty'>): OrderStatus {
  switch (order.status) {
    case 'pending_new':
      return 'pending_new';
    case 'held':
      return 'held';
    case 'partially_filled':
      return 'partially_filled';
    case 'filled':
      return 'filled';
    case 'canceled':
      return 'canceled';
    case 'expired':
      return 'expired';
    case 'replaced':
      return 'replaced';
    case 'rejected':
      return 'rejected';
    case 'pending_cancel':
      return 'pending_cancel';
    case 'pending_replace':
      return 'pending_replace';
    default:
      // new, accepted, accepted_for_bidding, calculated, stopped, suspended, done_for_day
      return order.filledQty > 0 ? 'partially_filled' : 'accepted';
  }
}

export function orderReportOf(order: AlpacaOrder): BrokerOrderReport {
  return {
    clientOrderId: order.clientOrderId,
    brokerOrderId: order.id,
    symbol: order.symbol,
    side: order.side as OrderSide,
    type: order.type as OrderType,
    timeInForce: order.timeInForce as TimeInForce,
    qty: order.qty ?? order.filledQty,
    filledQty: order.filledQty,
    avgFillPrice: order.filledAvgPrice,
    limitPrice: order.limitPrice,
    stopPrice: order.stopPrice,
    status: orderStatusOf(order),
    orderClass: (order.orderClass === 'mleg' ? 'simple' : order.orderClass) as OrderClass,
    updatedAt: order.updatedAt ?? order.createdAt,
    legs: order.legs.map(orderReportOf),
  };
}

export class AlpacaBroker implements Broker {
  readonly id: string;
  readonly capabilities: BrokerCapabilities;
  private sink: BrokerEventSink | null = null;
  private readonly adapter: AlpacaAdapter;
  private readonly log: Logger;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly lookupAttempts: number;
  private readonly lookupPauseMs: number;
  /** Alpaca order id → the OMS's client order id (learned from answers and events). */
  private readonly clientIdOf = new Map<string, string>();
  /** The OMS's client order id → Alpaca's order id and creation time (what `fetchFills` looks up by). */
  private readonly alpacaOrderOf = new Map<string, { id: string; createdAt: number }>();
  private readonly legs = new LegIds();
  /** Events of group orders not learned yet (a leg's event before its parent's answer), replayed once known. */
  private readonly unknownUpdates: AlpacaTradeUpdate[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private resolving: Promise<void> | null = null;
  private stopUpdates: (() => void) | null = null;

  constructor(options: AlpacaBrokerOptions) {
    this.adapter = options.adapter;
    this.log = options.log;
    this.id = `alpaca-${options.adapter.mode}`;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.lookupAttempts = options.lookupAttempts ?? 5;
    this.lookupPauseMs = options.lookupPauseMs ?? 2_000;
    this.capabilities = options.nativeOrderClasses === false ? { ...ALPACA_CAPABILITIES, orderClasses: [] } : ALPACA_CAPABILITIES;
  }

  connect(sink: BrokerEventSink): void {
    if (this.sink) throw new Error('AlpacaBroker.connect was called twice');
    this.sink = sink;
    this.stopUpdates = this.adapter.onTradeUpdate((update) => this.onTradeUpdate(update));
  }

  disconnect(): void {
    this.stopUpdates?.();
    this.stopUpdates = null;
  }

  submit(order: Order, legs: readonly Order[]): void {
    // With native classes off, the order manager emulates groups: each member comes here alone.
    if (legs.length > 0 && !this.capabilities.orderClasses.includes(order.orderClass)) {
      this.report({ type: 'OrderRejected', clientOrderId: order.clientOrderId, t: this.now(), reason: `order class ${order.orderClass} is not sent natively to Alpaca here; the order manager emulates it` });
      return;
    }
    const run = this.runSubmit(order, legs);
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  cancel(order: Order): void {
    void this.runCancel(order);
  }

  replace(order: Order, replacement: Order): void {
    void this.runReplace(order, replacement);
  }

  async fetchOpenOrders(): Promise<BrokerOrderReport[]> {
    const orders = await this.adapter.rest.listOrdersSince(0, 'open');
    for (const order of orders) this.learn(order);
    return orders.map((order) => this.reportOf(order));
  }

  async fetchOrder(clientOrderId: string): Promise<BrokerOrderReport | null> {
    const order = await this.lookup(clientOrderId);
    return order ? this.reportOf(order) : null;
  }

  /**
   * An order by the manager's client order id: Alpaca's, or a leg Alpaca named, found under its
   * parent (`<entry>-tp`, `<entry>-sl`). Null when Alpaca has neither.
   */
  private async lookup(clientOrderId: string): Promise<AlpacaOrder | null> {
    const direct = await this.adapter.getOrderByClientOrderId(clientOrderId);
    if (direct) {
      this.learn(direct);
      return direct;
    }
    const leg = parseLegClientOrderId(clientOrderId);
    const parent = leg ? await this.adapter.getOrderByClientOrderId(leg.parentId) : null;
    if (!parent) return null;
    this.learn(parent);
    return parent.legs.find((candidate) => this.legs.omsId(candidate) === clientOrderId) ?? null;
  }

  /** Alpaca's id of one of the manager's orders (null: Alpaca does not know it). */
  private async alpacaIdOf(order: Order): Promise<string | null> {
    return order.brokerOrderId ?? this.alpacaOrderOf.get(order.clientOrderId)?.id ?? (await this.lookup(order.clientOrderId))?.id ?? null;
  }

  /** An order as reconciliation reads it, under the manager's ids (legs included). */
  private reportOf(order: AlpacaOrder): BrokerOrderReport {
    return { ...orderReportOf(order), clientOrderId: this.legs.omsId(order), legs: order.legs.map((leg) => this.reportOf(leg)) };
  }

  /**
   * The executions of an order, from the account activities (FILL) since it was created, each with
   * the execution id the trade stream sends and the order's filled quantity after it.
   */
  async fetchFills(clientOrderId: string): Promise<Fill[]> {
    let known = this.alpacaOrderOf.get(clientOrderId);
    if (!known) {
      if (!(await this.lookup(clientOrderId))) return [];
      known = this.alpacaOrderOf.get(clientOrderId);
      if (!known) return [];
    }
    const { id } = known;
    // Activity times are when the executions happened: none can be before the order was created.
    const activities = await this.adapter.rest.listFillActivities(known.createdAt - 1_000);
    return activities.filter((a) => a.orderId === id).map((a) => fillOfActivity(a, clientOrderId));
  }

  async fetchPositions(): Promise<BrokerPosition[]> {
    const positions = await this.adapter.listPositions();
    return positions.map((p) => ({
      symbol: p.symbol,
      qty: p.qty,
      avgEntryPrice: p.avgEntryPrice,
      marketValue: p.marketValue ?? p.qty * (p.currentPrice ?? p.avgEntryPrice),
      lastPrice: p.currentPrice ?? p.avgEntryPrice,
    }));
  }

  async fetchAccount(): Promise<BrokerAccount> {
    const account = await this.adapter.getAccount();
    return {
      cash: account.cash,
      equity: account.equity,
      buyingPower: account.buyingPower,
      longMarketValue: account.longMarketValue ?? 0,
      shortMarketValue: account.shortMarketValue ?? 0,
      tradingBlocked: account.tradingBlocked || account.accountBlocked,
      shortingEnabled: account.shortingEnabled,
    };
  }

  // --- Commands --------------------------------------------------------------------------------

  private async runSubmit(order: Order, legs: readonly Order[]): Promise<void> {
    const request = alpacaRequestOf(order, legs);
    try {
      const placed = await this.adapter.submitOrder(request);
      this.reportOrderState(placed);
    } catch (error) {
      if (error instanceof AlpacaApiError && !error.definitelyNotApplied) {
        await this.resolveAmbiguousSubmit(order, error);
        return;
      }
      this.report({ type: 'OrderRejected', clientOrderId: order.clientOrderId, t: this.now(), reason: reasonOf(error) });
    }
  }

  /** The submit's outcome is unknown: ask Alpaca until it says, then report what it says. */
  private async resolveAmbiguousSubmit(order: Order, failure: AlpacaApiError): Promise<void> {
    for (let attempt = 1; attempt <= this.lookupAttempts; attempt++) {
      try {
        const found = await this.adapter.getOrderByClientOrderId(order.clientOrderId);
        if (found) {
          this.reportOrderState(found);
        } else {
          this.report({ type: 'OrderRejected', clientOrderId: order.clientOrderId, t: this.now(), reason: `Alpaca never received the order: ${failure.message}` });
        }
        return;
      } catch (error) {
        this.log.warn(SCOPE, `looking up ${order.clientOrderId} after an ambiguous submit failed (attempt ${attempt}): ${reasonOf(error)}`);
        await this.sleep(this.lookupPauseMs);
      }
    }
    this.log.error(SCOPE, `the outcome of order ${order.clientOrderId} is unknown (${failure.message}); it stays pending until reconciliation`);
  }

  private async runCancel(order: Order): Promise<void> {
    const t = this.now();
    try {
      const brokerId = await this.alpacaIdOf(order);
      if (!brokerId) {
        this.report({ type: 'OrderCancelRejected', clientOrderId: order.clientOrderId, t, reason: 'Alpaca does not know this order' });
        return;
      }
      await this.adapter.cancelOrder(brokerId);
      this.report({ type: 'OrderPendingCancel', clientOrderId: order.clientOrderId, brokerOrderId: brokerId, t });
    } catch (error) {
      this.report({ type: 'OrderCancelRejected', clientOrderId: order.clientOrderId, t, reason: reasonOf(error) });
    }
  }

  private async runReplace(order: Order, replacement: Order): Promise<void> {
    const t = this.now();
    try {
      const brokerId = await this.alpacaIdOf(order);
      if (!brokerId) {
        this.report({ type: 'OrderReplaceRejected', clientOrderId: order.clientOrderId, t, reason: 'Alpaca does not know this order' });
        return;
      }
      const trail = replacement.trailPrice ?? replacement.trailPercent;
      const placed = await this.adapter.replaceOrder(brokerId, {
        clientOrderId: replacement.clientOrderId,
        qty: replacement.qty !== order.qty ? replacement.qty : undefined,
        timeInForce: replacement.timeInForce !== order.timeInForce ? replacement.timeInForce : undefined,
        limitPrice: replacement.limitPrice ?? undefined,
        stopPrice: replacement.stopPrice ?? undefined,
        trail: trail ?? undefined,
      });
      this.learn(placed);
      this.report({ type: 'OrderReplaced', clientOrderId: order.clientOrderId, brokerOrderId: brokerId, t, replacedBy: replacement.clientOrderId, replacementBrokerOrderId: placed.id });
      this.reportOrderState(placed);
    } catch (error) {
      this.report({ type: 'OrderReplaceRejected', clientOrderId: order.clientOrderId, t, reason: reasonOf(error) });
    }
  }

  // --- Events ----------------------------------------------------------------------------------

  /** What a REST answer tells about an order and its legs (accepted, or already further along). */
  private reportOrderState(order: AlpacaOrder): void {
    this.learn(order);
    const t = order.updatedAt ?? order.createdAt;
    const base = { clientOrderId: this.legs.omsId(order), brokerOrderId: order.id, t };
    const status = orderStatusOf(order);
    if (status === 'pending_new' || status === 'held') return;
    if (status === 'rejected') {
      this.report({ ...base, type: 'OrderRejected', reason: 'rejected by broker' });
      return;
    }
    // Fills are reported by the stream (with their execution ids) or by reconciliation.
    this.report({ ...base, type: 'OrderAccepted' });
    // An OCO's stop leg is live with it; a bracket's legs are held until the entry fills.
    for (const leg of order.legs) this.reportOrderState(leg);
    this.replayUnknown();
  }

  private onTradeUpdate(update: AlpacaTradeUpdate): void {
    const order = update.order;
    if (GROUP_CLASSES.has(order.orderClass) && !this.clientIdOf.has(order.id) && !this.legs.knows(order.id)) {
      // Possibly a leg Alpaca named whose parent's answer has not been read yet: wait for it.
      this.unknownUpdates.push(update);
      this.resolveUnknown();
      return;
    }
    this.learn(order);
    const t = update.timestamp ?? order.updatedAt ?? update.receivedAt;
    const base = { clientOrderId: this.legs.omsId(order), brokerOrderId: order.id, t };
    switch (update.event) {
      case 'new':
      case 'accepted':
        this.report({ ...base, type: 'OrderAccepted' });
        return;
      case 'partial_fill':
      case 'fill': {
        const fill = this.fillOf(update, t);
        if (!fill) return;
        this.report(update.event === 'fill' ? { ...base, type: 'OrderFilled', fill } : { ...base, type: 'OrderPartiallyFilled', fill });
        return;
      }
      case 'canceled':
        this.report({ ...base, type: 'OrderCanceled' });
        return;
      case 'expired':
        this.report({ ...base, type: 'OrderExpired' });
        return;
      case 'rejected':
        this.report({ ...base, type: 'OrderRejected', reason: 'rejected by broker after acceptance' });
        return;
      case 'pending_cancel':
        this.report({ ...base, type: 'OrderPendingCancel' });
        return;
      case 'pending_replace':
        this.report({ ...base, type: 'OrderPendingReplace' });
        return;
      case 'order_cancel_rejected':
        this.report({ ...base, type: 'OrderCancelRejected', reason: 'Alpaca refused the cancel' });
        return;
      case 'order_replace_rejected':
        this.report({ ...base, type: 'OrderReplaceRejected', reason: 'Alpaca refused the replace' });
        return;
      case 'replaced': {
        const replacedBy = order.replacedBy ? this.clientIdOf.get(order.replacedBy) : undefined;
        // Unknown replacement: the PATCH answer (which names it) reports the replace instead.
        if (replacedBy) this.report({ ...base, type: 'OrderReplaced', replacedBy, replacementBrokerOrderId: order.replacedBy });
        return;
      }
      default:
        this.log.debug(SCOPE, `no order event for Alpaca's ${update.event} on ${order.clientOrderId}`);
    }
  }

  private fillOf(update: AlpacaTradeUpdate, t: number): Fill | null {
    const order = update.order;
    if (update.qty === null || update.price === null) {
      this.log.warn(SCOPE, `a ${update.event} of ${order.clientOrderId} came without price or quantity; reconciliation will recover it`);
      return null;
    }
    return {
      executionId: update.executionId ?? `alpaca:${order.id}:${order.filledQty}`,
      clientOrderId: this.legs.omsId(order),
      brokerOrderId: order.id,
      symbol: order.symbol,
      side: order.side as OrderSide,
      qty: update.qty,
      price: update.price,
      commission: 0,
      t,
      brokerCumQty: order.filledQty,
    };
  }

  private learn(order: AlpacaOrder): void {
    this.legs.learn(order);
    const omsId = this.legs.omsId(order);
    this.clientIdOf.set(order.id, omsId);
    this.alpacaOrderOf.set(omsId, { id: order.id, createdAt: order.createdAt });
    for (const leg of order.legs) this.learn(leg);
  }

  /** Replays held-back events whose orders are known now. */
  private replayUnknown(): void {
    if (this.unknownUpdates.length === 0) return;
    const waiting = this.unknownUpdates.splice(0);
    for (const update of waiting) this.onTradeUpdate(update);
  }

  /**
   * Events of group orders not known yet: once the submits in flight have their answers, and
   * failing that the open orders (with their legs) have been read, they are delivered; one still
   * unknown then goes on as it is (the order manager refuses it; reconciliation settles the order).
   */
  private resolveUnknown(): void {
    if (this.resolving) return;
    this.resolving = (async () => {
      await Promise.allSettled([...this.inFlight]);
      this.replayUnknown();
      if (this.unknownUpdates.length > 0) {
        try {
          await this.fetchOpenOrders();
        } catch (error) {
          this.log.warn(SCOPE, `could not read the open orders to place an event of an unknown order: ${reasonOf(error)}`);
        }
      }
      const waiting = this.unknownUpdates.splice(0);
      for (const update of waiting) {
        if (!this.clientIdOf.has(update.order.id) && !this.legs.knows(update.order.id)) this.log.warn(SCOPE, `a ${update.event} of order ${update.order.id} (${update.order.orderClass}) Sextant does not know`);
        this.learn(update.order);
        this.onTradeUpdate(update);
      }
    })().finally(() => {
      this.resolving = null;
    });
  }

  private report(event: BrokerOrderEvent): void {
    if (!this.sink) {
      this.log.error(SCOPE, `an order event for ${event.clientOrderId} arrived before connect; dropped`);
      return;
    }
    try {
      this.sink(event);
    } catch (error) {
      this.log.error(SCOPE, `the order manager threw on ${event.type} for ${event.clientOrderId}: ${reasonOf(error)}`);
    }
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One FILL activity as the order manager's fill: the same execution id as the stream's event. */
function fillOfActivity(activity: AlpacaFillActivity, clientOrderId: string): Fill {
  return {
    executionId: activity.executionId,
    clientOrderId,
    brokerOrderId: activity.orderId,
    symbol: activity.symbol,
    side: activity.side,
    qty: activity.qty,
    price: activity.price,
    commission: 0,
    t: activity.transactionTime,
    brokerCumQty: activity.cumQty,
  };
}
