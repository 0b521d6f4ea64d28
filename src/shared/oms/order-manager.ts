import type { Broker, BrokerOrderReport } from '../broker/broker';
import type { Fill } from '../domain/fill';
import { roundQuantity, type Instrument } from '../domain/instrument';
import type { BrokerOrderEvent, EventRefusal, OrderDenied, OrderEvent, OrderFilled, OrderPartiallyFilled } from '../domain/order-events';
import {
  isTerminal,
  oppositeSide,
  orderRequestProblems,
  remainingQty,
  type Order,
  type OrderClass,
  type OrderRequest,
  type OrderRole,
  type OrderSide,
  type TimeInForce,
} from '../domain/order';
import type { PreTradeRisk, ProposedOrder, RiskDecision } from '../risk/risk-types';
import { legClientOrderId, type ClientOrderIds } from './client-order-ids';
import { groupReactions, type GroupAction } from './order-groups';
import type { OrderJournal } from './order-journal';
import { classifyRefusal, nextStatus, transitionEventOf } from './order-state-machine';

export interface OrderManagerOptions {
  readonly broker: Broker;
  readonly journal: OrderJournal;
  readonly instrument: (symbol: string) => Instrument | undefined;
  readonly clock: () => number;
  readonly ids: ClientOrderIds;
  /** Pre-trade checks; null only in tests of the order manager itself. */
  readonly risk: PreTradeRisk | null;
}

export interface SubmitResult {
  /** The entry order (for an OCO, its take-profit leg). */
  readonly order: Order;
  readonly legs: readonly Order[];
  /** Handed to the broker; false when validation, risk or the journal refused it. */
  readonly sent: boolean;
  readonly decision: RiskDecision | null;
  /** Why it was not sent. */
  readonly reason: string | null;
}

export interface CommandResult {
  readonly ok: boolean;
  readonly reason: string | null;
}

export interface ReplaceChanges {
  /** The replacement's quantity (default: what remains of the old order). */
  readonly qty?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly trailPrice?: number;
  readonly trailPercent?: number;
  readonly timeInForce?: TimeInForce;
}

export interface ReplaceResult {
  readonly ok: boolean;
  readonly reason: string | null;
  /** The new order standing for the old one (also when it was denied, with status rejected). */
  readonly replacement: Order | null;
  readonly decision: RiskDecision | null;
}

export type ApplyOutcome = { readonly applied: true; readonly order: Order } | { readonly applied: false; readonly refusal: EventRefusal };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface OrderRecord extends Mutable<Order> {
  /** Never mutated in place (replaced whole), so orders without legs can share one empty list. */
  legIds: readonly string[];
  lastSeq: number;
  /** Handed to the broker (a leg the order manager emulates stays local until activated). */
  sent: boolean;
  /** A held leg asked to cancel or replace goes back to held if the broker refuses. */
  heldBeforePending: boolean;
}

type EventListener = (event: OrderEvent, order: Order) => void;
type RefusalListener = (refusal: EventRefusal) => void;

const QTY_EPSILON = 1e-9;
const NO_LEGS: OrderRecord[] = [];
const NO_LEG_IDS: readonly string[] = Object.freeze([]);

/**
 * The order manager: the one path every order takes, in backtests and live.
 *
 * submit: validate → assign a client order id → pre-trade risk → journal (durable) → broker.
 * Broker events come back through `apply` (the broker's sink), pass the state machine, are
 * journaled, and are published to listeners (the portfolio, the strategy host, the UI).
 * Event application is idempotent: fills are keyed by execution id, status events by the state
 * machine (a repeated or stale status changes nothing), and a broker sequence number when given.
 */
export class OrderManager {
  private readonly broker: Broker;
  private readonly journal: OrderJournal;
  private readonly instrumentOf: (symbol: string) => Instrument | undefined;
  private readonly clock: () => number;
  private readonly ids: ClientOrderIds;
  private readonly risk: PreTradeRisk | null;
  private readonly records = new Map<string, OrderRecord>();
  private readonly sequence: OrderRecord[] = [];
  private readonly workingBySymbol = new Map<string, OrderRecord[]>();
  private readonly executions = new Set<string>();
  /**
   * Per order, the broker's cumulative filled quantity after each execution applied (when the
   * broker says it), and the cumulative quantity a synthetic reconciliation fill made up to: the
   * same execution reported under another id, or one the synthetic fill already counted, is a
   * duplicate (see `sameExecution`).
   */
  private readonly brokerCumulatives = new Map<string, Map<number, { executionId: string; qty: number }>>();
  private readonly reconciledThrough = new Map<string, number>();
  private readonly eventListeners: EventListener[] = [];
  private readonly refusalListeners: RefusalListener[] = [];
  private readonly nativeClasses: ReadonlySet<OrderClass>;

  constructor(options: OrderManagerOptions) {
    this.broker = options.broker;
    this.journal = options.journal;
    this.instrumentOf = options.instrument;
    this.clock = options.clock;
    this.ids = options.ids;
    this.risk = options.risk;
    this.nativeClasses = new Set<OrderClass>(['simple', ...options.broker.capabilities.orderClasses]);
    this.broker.connect((event) => {
      this.apply(event);
    });
  }

  onEvent(listener: EventListener): () => void {
    this.eventListeners.push(listener);
    return () => this.eventListeners.splice(this.eventListeners.indexOf(listener), 1);
  }

  onRefusal(listener: RefusalListener): () => void {
    this.refusalListeners.push(listener);
    return () => this.refusalListeners.splice(this.refusalListeners.indexOf(listener), 1);
  }

  order(clientOrderId: string): Order | undefined {
    return this.records.get(clientOrderId);
  }

  /** Every order in creation order. */
  orders(): readonly Order[] {
    return this.sequence;
  }

  /** Orders not yet in a terminal state, optionally for one symbol. */
  workingOrders(symbol?: string): Order[] {
    if (symbol !== undefined) return [...(this.workingBySymbol.get(symbol) ?? [])];
    const all: Order[] = [];
    for (const list of this.workingBySymbol.values()) all.push(...list);
    return all;
  }

  hasWorkingOrders(symbol: string): boolean {
    const list = this.workingBySymbol.get(symbol);
    return list !== undefined && list.length > 0;
  }

  /**
   * Unfilled quantity that can still trade on `side` in `symbol`: working orders, except legs
   * waiting for their entry, orders being canceled, and orders being replaced (their replacement
   * stands for them).
   */
  workingQty(symbol: string, side: OrderSide): number {
    const list = this.workingBySymbol.get(symbol);
    if (!list) return 0;
    let qty = 0;
    for (const order of list) {
      if (order.side !== side || order.status === 'held' || order.status === 'pending_cancel' || order.status === 'pending_replace') continue;
      qty += order.qty - order.filledQty;
    }
    return roundQuantity(qty);
  }

  /** Working buys minus working sells in `symbol` (same exclusions as `workingQty`). */
  netWorkingQty(symbol: string): number {
    return roundQuantity(this.workingQty(symbol, 'buy') - this.workingQty(symbol, 'sell'));
  }

  submit(request: OrderRequest): SubmitResult {
    const now = this.clock();
    const clientOrderId = request.clientOrderId ?? this.ids.next();
    const instrument = this.instrumentOf(request.symbol);
    const orderClass = request.orderClass ?? 'simple';
    const built = this.build(request, clientOrderId, orderClass, now);
    if (this.records.has(clientOrderId) || (built.legs.length > 0 && built.legs.some((leg) => this.records.has(leg.clientOrderId)))) {
      return this.deny(built, 'validation', `client order id ${clientOrderId} is already used`, null);
    }
    if (!instrument) return this.deny(built, 'validation', `unknown instrument ${request.symbol}`, null);
    const problems = orderRequestProblems(request, instrument);
    if (problems.length > 0) return this.deny(built, 'validation', problems.join('; '), null);
    let decision: RiskDecision | null = null;
    if (this.risk) {
      decision = this.risk.check(proposedOrder(request, clientOrderId, orderClass, 0));
      if (!decision.approved) {
        const failed = decision.rules.filter((r) => !r.passed).map((r) => `${r.rule}: ${r.detail}`);
        return this.deny(built, 'risk', failed.join('; '), decision);
      }
    }
    const { order, legs } = built;
    try {
      this.journal.recordOrder(order, decision);
      for (const leg of legs) this.journal.recordOrder(leg, decision);
    } catch (error) {
      return this.deny(built, 'journal', `journal write failed: ${error instanceof Error ? error.message : String(error)}`, decision);
    }
    this.store(order);
    for (const leg of legs) this.store(leg);
    this.publish({ type: 'OrderSubmitted', clientOrderId: order.clientOrderId, t: now }, order);
    for (const leg of legs) this.publish({ type: 'OrderSubmitted', clientOrderId: leg.clientOrderId, t: now }, leg);
    this.send(order, legs, orderClass);
    return { order, legs, sent: true, decision, reason: null };
  }

  /** Asks the broker to cancel a working order. */
  cancel(clientOrderId: string, reason = 'canceled by request'): CommandResult {
    const order = this.records.get(clientOrderId);
    if (!order) return { ok: false, reason: `no order ${clientOrderId}` };
    if (isTerminal(order.status)) return { ok: false, reason: `order ${clientOrderId} is already ${order.status}` };
    if (order.status === 'pending_cancel') return { ok: false, reason: `order ${clientOrderId} is already being canceled` };
    if (order.status === 'pending_replace') return { ok: false, reason: `order ${clientOrderId} is being replaced; cancel its replacement` };
    const t = this.clock();
    if (!order.sent) {
      this.applyEvent({ type: 'OrderCanceled', clientOrderId, t, reason }, true);
      return { ok: true, reason: null };
    }
    this.applyEvent({ type: 'OrderPendingCancel', clientOrderId, t }, true);
    this.broker.cancel(order);
    return { ok: true, reason: null };
  }

  /** Cancels every working order (legs go with their entry). Returns how many were asked. */
  cancelAll(reason = 'cancel all'): number {
    let count = 0;
    for (const order of this.workingOrders()) {
      if (order.status === 'held' || order.status === 'pending_cancel' || order.status === 'pending_replace') continue;
      if (this.cancel(order.clientOrderId, reason).ok) count++;
    }
    for (const order of this.workingOrders()) {
      if (order.status === 'held' && this.cancel(order.clientOrderId, reason).ok) count++;
    }
    return count;
  }

  /**
   * Replaces a working order by a new one (new client order id) with the changed fields. The
   * replacement is validated, risk-checked (its exposure net of the old order's) and journaled
   * before the broker sees it.
   */
  replace(clientOrderId: string, changes: ReplaceChanges): ReplaceResult {
    const old = this.records.get(clientOrderId);
    const refused = (reason: string): ReplaceResult => ({ ok: false, reason, replacement: null, decision: null });
    if (!old) return refused(`no order ${clientOrderId}`);
    if (isTerminal(old.status) || old.status === 'pending_cancel' || old.status === 'pending_replace') {
      return refused(`order ${clientOrderId} is ${old.status} and cannot be replaced`);
    }
    if (!this.broker.capabilities.replace) return refused(`broker ${this.broker.id} cannot replace orders; cancel and submit a new one`);
    const instrument = this.instrumentOf(old.symbol);
    const oldRemaining = old.status === 'held' ? old.qty : remainingQty(old);
    const request: OrderRequest = {
      symbol: old.symbol,
      side: old.side,
      qty: changes.qty ?? oldRemaining,
      type: old.type,
      timeInForce: changes.timeInForce ?? old.timeInForce,
      ...priceField('limitPrice', changes.limitPrice, old.limitPrice),
      ...priceField('stopPrice', changes.stopPrice, old.stopPrice),
      ...(old.type === 'trailing_stop' ? trailFields(changes, old) : {}),
      extendedHours: old.extendedHours,
      tag: old.tag ?? undefined,
    };
    const now = this.clock();
    const replacement = this.newRecord(request, this.ids.next(), old.orderClass, old.role, now);
    replacement.parentId = old.parentId;
    replacement.groupId = old.groupId;
    replacement.legIds = [...old.legIds];
    replacement.replaces = old.clientOrderId;
    replacement.status = old.status === 'held' ? 'held' : 'pending_new';
    const built = { order: replacement, legs: [] as OrderRecord[] };
    const denied = (source: OrderDenied['source'], reason: string, decision: RiskDecision | null): ReplaceResult => {
      this.deny(built, source, reason, decision);
      return { ok: false, reason, replacement, decision };
    };
    const problems = instrument ? orderRequestProblems(request, instrument) : [`unknown instrument ${old.symbol}`];
    if (problems.length > 0) return denied('validation', problems.join('; '), null);
    let decision: RiskDecision | null = null;
    if (this.risk && old.role !== 'take_profit' && old.role !== 'stop_loss') {
      decision = this.risk.check(proposedOrder(request, replacement.clientOrderId, 'simple', oldRemaining));
      if (!decision.approved) {
        const failed = decision.rules.filter((r) => !r.passed).map((r) => `${r.rule}: ${r.detail}`);
        return denied('risk', failed.join('; '), decision);
      }
    }
    try {
      this.journal.recordOrder(replacement, decision);
    } catch (error) {
      return denied('journal', `journal write failed: ${error instanceof Error ? error.message : String(error)}`, decision);
    }
    this.store(replacement);
    replacement.sent = old.sent;
    this.publish({ type: 'OrderSubmitted', clientOrderId: replacement.clientOrderId, t: now }, replacement);
    this.applyEvent({ type: 'OrderPendingReplace', clientOrderId: old.clientOrderId, t: now }, true);
    if (!old.sent) {
      this.applyEvent({ type: 'OrderReplaced', clientOrderId: old.clientOrderId, t: now, replacedBy: replacement.clientOrderId }, true);
      return { ok: true, reason: null, replacement, decision };
    }
    this.broker.replace(old, replacement);
    return { ok: true, reason: null, replacement, decision };
  }

  /** The broker's sink: applies one broker event (idempotently). */
  apply(event: BrokerOrderEvent): ApplyOutcome {
    return this.applyEvent(event, false);
  }

  /**
   * Rebuilds the order book after a restart from the journal: orders in their last journaled
   * state and the execution ids already applied.
   */
  restore(orders: readonly Order[], executionIds: Iterable<string>): void {
    for (const order of orders) {
      const record: OrderRecord = {
        ...order,
        legIds: [...order.legIds],
        lastSeq: -1,
        sent: order.status !== 'held' || this.nativeClasses.has(order.orderClass),
        heldBeforePending: false,
      };
      this.records.set(record.clientOrderId, record);
      this.sequence.push(record);
      if (!isTerminal(record.status)) this.addWorking(record);
    }
    const byBrokerId = new Map(orders.filter((o) => o.brokerOrderId !== null).map((o) => [o.brokerOrderId!, o.clientOrderId]));
    for (const id of executionIds) {
      this.executions.add(id);
      const synthetic = parseSyntheticExecution(id);
      const owner = synthetic ? byBrokerId.get(synthetic.brokerOrderId) : undefined;
      if (synthetic && owner !== undefined) this.reconciledThrough.set(owner, Math.max(this.reconciledThrough.get(owner) ?? 0, synthetic.through));
    }
  }

  /**
   * Brings a local order to the state the broker reports (the broker wins): a fill the stream
   * missed becomes a synthetic fill for the difference (execution id `reconcile:<broker id>:<filled>`,
   * priced so the average matches the broker's), then the status follows. A broker that can list
   * its executions has them applied first (the reconciler), so this only makes up what it could
   * not list; a real execution reported later within the quantity made up is refused as a duplicate.
   * Returns the events applied.
   */
  reconcile(report: BrokerOrderReport, t: number): OrderEvent[] {
    const order = this.records.get(report.clientOrderId);
    if (!order) return [];
    // The broker has it: it was sent, whatever the journal knew (an emulated leg activated just
    // before a crash). Cancels and replaces must now go to the broker, and it is never sent again.
    order.sent = true;
    if (order.brokerOrderId === null) order.brokerOrderId = report.brokerOrderId;
    const applied: OrderEvent[] = [];
    const missing = roundQuantity(report.filledQty - order.filledQty);
    if (missing > QTY_EPSILON && report.avgFillPrice !== null) {
      const localValue = order.avgFillPrice === null ? 0 : order.avgFillPrice * order.filledQty;
      const price = (report.avgFillPrice * report.filledQty - localValue) / missing;
      const fillEvent: OrderFilled = {
        type: 'OrderFilled',
        clientOrderId: order.clientOrderId,
        brokerOrderId: report.brokerOrderId,
        t,
        fill: {
          executionId: `reconcile:${report.brokerOrderId}:${report.filledQty}`,
          clientOrderId: order.clientOrderId,
          brokerOrderId: report.brokerOrderId,
          symbol: order.symbol,
          side: order.side,
          qty: missing,
          price,
          commission: 0,
          t,
        },
      };
      if (this.applyEvent(fillEvent, false).applied) {
        applied.push(fillEvent);
        this.reconciledThrough.set(order.clientOrderId, report.filledQty);
      }
    }
    const statusEvent = statusEventFor(report, t);
    if (statusEvent && order.status !== report.status && this.applyEvent(statusEvent, false).applied) applied.push(statusEvent);
    return applied;
  }

  private applyEvent(event: BrokerOrderEvent, local: boolean): ApplyOutcome {
    const record = this.records.get(event.clientOrderId);
    if (!record) return this.refuse('unknown_order', event, null, `no order with client id ${event.clientOrderId}`);
    if (!local && event.seq !== undefined && event.seq <= record.lastSeq) {
      return this.refuse('duplicate', event, record.status, `sequence ${event.seq} already applied (last ${record.lastSeq})`);
    }
    let published: OrderEvent = event;
    if (event.type === 'OrderFilled' || event.type === 'OrderPartiallyFilled') {
      const outcome = this.applyFill(record, event);
      if (outcome !== null) return outcome;
      published = record.status === 'filled' ? (event.type === 'OrderFilled' ? event : { ...event, type: 'OrderFilled' }) : event.type === 'OrderPartiallyFilled' ? event : { ...event, type: 'OrderPartiallyFilled' };
    } else {
      const transition = transitionEventOf(event.type);
      let next = nextStatus(record.status, transition, false, record.filledQty > 0);
      if (next === null) return this.refuse(classifyRefusal(record.status, transition), event, record.status, `${event.type} is not allowed when the order is ${record.status}`);
      if (next === 'pending_cancel' || next === 'pending_replace') record.heldBeforePending = record.status === 'held';
      if (next === 'accepted' && (transition === 'OrderCancelRejected' || transition === 'OrderReplaceRejected') && record.heldBeforePending) next = 'held';
      if (event.type === 'OrderReplaced') {
        const outcome = this.applyReplaced(record, event.replacedBy, event.replacementBrokerOrderId ?? null);
        if (outcome !== null) return outcome;
      }
      if (event.type === 'OrderReplaceRejected') this.rejectReplacement(record, event.reason, event.t);
      if (event.type === 'OrderAccepted' && event.qty !== undefined && record.status === 'held') record.qty = event.qty;
      record.status = next;
      if ('reason' in event && event.reason !== undefined) record.reason = event.reason;
    }
    if (event.brokerOrderId) record.brokerOrderId = event.brokerOrderId;
    if (event.seq !== undefined && event.seq > record.lastSeq) record.lastSeq = event.seq;
    record.updatedAt = event.t;
    if (isTerminal(record.status)) this.removeWorking(record);
    this.journal.recordEvent(published, record);
    for (const listener of this.eventListeners) listener(published, record);
    if (record.groupId !== null && !this.nativeClasses.has(record.orderClass)) this.emulateGroup(record);
    return { applied: true, order: record };
  }

  /** Applies a fill to the record; returns a refusal, or null when applied. */
  private applyFill(record: OrderRecord, event: OrderFilled | OrderPartiallyFilled): ApplyOutcome | null {
    const { fill } = event;
    if (this.executions.has(fill.executionId)) return this.refuse('duplicate', event, record.status, `execution ${fill.executionId} already applied`);
    const counted = this.sameExecution(record.clientOrderId, fill);
    if (counted !== null) return this.refuse('duplicate', event, record.status, counted);
    if (fill.symbol !== record.symbol || fill.side !== record.side) {
      return this.refuse('inconsistent', event, record.status, `fill ${fill.executionId} is ${fill.side} ${fill.symbol}, order is ${record.side} ${record.symbol}`);
    }
    if (!(fill.qty > 0) || !(fill.price > 0) || !Number.isFinite(fill.price) || !(fill.commission >= 0)) {
      return this.refuse('inconsistent', event, record.status, `fill ${fill.executionId} has qty ${fill.qty}, price ${fill.price}, commission ${fill.commission}`);
    }
    const filled = roundQuantity(record.filledQty + fill.qty);
    if (filled > record.qty + QTY_EPSILON) {
      return this.refuse('inconsistent', event, record.status, `fill ${fill.executionId} of ${fill.qty} would fill ${filled} of ${record.qty}`);
    }
    const next = nextStatus(record.status, 'Fill', filled >= record.qty - QTY_EPSILON, true);
    if (next === null) return this.refuse(classifyRefusal(record.status, 'Fill'), event, record.status, `a fill is not allowed when the order is ${record.status}`);
    this.executions.add(fill.executionId);
    if (fill.brokerCumQty !== undefined) {
      let seen = this.brokerCumulatives.get(record.clientOrderId);
      if (!seen) this.brokerCumulatives.set(record.clientOrderId, (seen = new Map()));
      seen.set(roundQuantity(fill.brokerCumQty), { executionId: fill.executionId, qty: fill.qty });
    }
    const value = (record.avgFillPrice ?? 0) * record.filledQty + fill.price * fill.qty;
    record.filledQty = filled;
    record.avgFillPrice = value / filled;
    record.commission += fill.commission;
    record.status = next;
    return null;
  }

  /**
   * Whether a fill under a new execution id was counted already: the broker's cumulative quantity
   * after an execution is unique to it (it only grows), so a fill of the same quantity at a
   * cumulative quantity already applied is that execution again, and one at or below what a
   * synthetic reconciliation fill made up is inside that fill. Null when it is new (or the broker
   * gives no cumulative quantity).
   */
  private sameExecution(clientOrderId: string, fill: Fill): string | null {
    if (fill.brokerCumQty === undefined) return null;
    const cumulative = roundQuantity(fill.brokerCumQty);
    const through = this.reconciledThrough.get(clientOrderId);
    if (through !== undefined && cumulative <= through + QTY_EPSILON) {
      return `execution ${fill.executionId} (filled ${cumulative} at the broker) is within the ${through} reconciliation already made up`;
    }
    const earlier = this.brokerCumulatives.get(clientOrderId)?.get(cumulative);
    if (earlier === undefined || Math.abs(earlier.qty - fill.qty) > QTY_EPSILON) return null;
    return `execution ${fill.executionId} is execution ${earlier.executionId} again (${fill.qty}, filled ${cumulative} at the broker)`;
  }

  private applyReplaced(record: OrderRecord, replacedBy: string, brokerOrderId: string | null): ApplyOutcome | null {
    const replacement = this.records.get(replacedBy);
    if (!replacement || replacement.replaces !== record.clientOrderId) {
      return this.refuse('inconsistent', { type: 'OrderReplaced', clientOrderId: record.clientOrderId, t: this.clock(), replacedBy }, record.status, `replacement ${replacedBy} was not requested for ${record.clientOrderId}`);
    }
    record.replacedBy = replacedBy;
    if (brokerOrderId) replacement.brokerOrderId = brokerOrderId;
    // The group now points at the replacement: the entry's legs, the legs' parent, an OCO's sibling.
    for (const legId of record.legIds) {
      const leg = this.records.get(legId);
      if (!leg) continue;
      if (leg.parentId === record.clientOrderId) leg.parentId = replacedBy;
      leg.legIds = leg.legIds.map((id) => (id === record.clientOrderId ? replacedBy : id));
    }
    if (record.parentId !== null) {
      const parent = this.records.get(record.parentId);
      if (parent) parent.legIds = parent.legIds.map((id) => (id === record.clientOrderId ? replacedBy : id));
    }
    return null;
  }

  private rejectReplacement(record: OrderRecord, reason: string, t: number): void {
    const pending = this.sequence.find((o) => o.replaces === record.clientOrderId && !isTerminal(o.status));
    if (pending) this.applyEvent({ type: 'OrderRejected', clientOrderId: pending.clientOrderId, t, reason: `replace rejected: ${reason}` }, true);
  }

  private refuse(kind: EventRefusal['kind'], event: OrderEvent, status: Order['status'] | null, detail: string): ApplyOutcome {
    const refusal: EventRefusal = { kind, event, status, detail };
    this.journal.recordRefusal(refusal);
    for (const listener of this.refusalListeners) listener(refusal);
    return { applied: false, refusal };
  }

  /** Runs a group the broker cannot run itself: activates legs, cancels the other leg. */
  private emulateGroup(changed: OrderRecord): void {
    const members = this.sequence.filter((o) => o.groupId === changed.groupId && o.replacedBy === null);
    const entry = members.find((o) => o.role === 'entry') ?? null;
    const legs = members.filter((o) => o.role !== 'entry');
    for (const action of groupReactions(entry, legs, changed.clientOrderId)) this.runGroupAction(action);
  }

  private runGroupAction(action: GroupAction): void {
    const leg = this.records.get(action.clientOrderId);
    if (!leg) return;
    if (action.kind === 'cancel') {
      this.cancel(leg.clientOrderId, action.reason);
      return;
    }
    if (leg.sent) return;
    leg.qty = action.qty;
    leg.sent = true;
    this.broker.submit(leg, []);
  }

  private send(order: OrderRecord, legs: OrderRecord[], orderClass: OrderClass): void {
    if (this.nativeClasses.has(orderClass)) {
      order.sent = true;
      for (const leg of legs) leg.sent = true;
      this.broker.submit(order, legs);
      return;
    }
    order.sent = true;
    this.broker.submit(order, []);
    // Emulated OCO: both exits go out at once as simple orders.
    for (const leg of legs) {
      if (leg.status !== 'held' && !leg.sent) {
        leg.sent = true;
        this.broker.submit(leg, []);
      }
    }
  }

  private deny(built: { order: OrderRecord; legs: OrderRecord[] }, source: OrderDenied['source'], reason: string, decision: RiskDecision | null): SubmitResult {
    const t = this.clock();
    const members = [built.order, ...built.legs];
    for (const member of members) {
      member.status = 'rejected';
      member.reason = reason;
      if (this.records.has(member.clientOrderId)) continue;
      if (source !== 'journal') {
        try {
          this.journal.recordOrder(member, decision);
        } catch {
          // The denial is still published; the order was never sent.
        }
      }
      this.records.set(member.clientOrderId, member);
      this.sequence.push(member);
      const event: OrderDenied = { type: 'OrderDenied', clientOrderId: member.clientOrderId, t, source, reason };
      this.publish(event, member);
    }
    return { order: built.order, legs: built.legs, sent: false, decision, reason };
  }

  private publish(event: OrderEvent, order: OrderRecord): void {
    try {
      this.journal.recordEvent(event, order);
    } catch {
      // Recording the event failed after the order itself was journaled; listeners still learn of it.
    }
    for (const listener of this.eventListeners) listener(event, order);
  }

  private store(record: OrderRecord): void {
    this.records.set(record.clientOrderId, record);
    this.sequence.push(record);
    this.addWorking(record);
  }

  private addWorking(record: OrderRecord): void {
    let list = this.workingBySymbol.get(record.symbol);
    if (!list) this.workingBySymbol.set(record.symbol, (list = []));
    list.push(record);
  }

  private removeWorking(record: OrderRecord): void {
    const list = this.workingBySymbol.get(record.symbol);
    if (!list) return;
    const index = list.indexOf(record);
    if (index >= 0) list.splice(index, 1);
  }

  private build(request: OrderRequest, clientOrderId: string, orderClass: OrderClass, now: number): { order: OrderRecord; legs: OrderRecord[] } {
    const tif = request.timeInForce ?? 'day';
    if (orderClass === 'oco') {
      const takeProfit = this.legRecord(request, clientOrderId, 'take_profit', request.side, tif, now, 'pending_new', null);
      const stopLoss = this.legRecord(request, legClientOrderId(clientOrderId, 'stop_loss'), 'stop_loss', request.side, tif, now, 'pending_new', null);
      takeProfit.groupId = stopLoss.groupId = clientOrderId;
      takeProfit.legIds = [stopLoss.clientOrderId];
      stopLoss.legIds = [takeProfit.clientOrderId];
      return { order: takeProfit, legs: [stopLoss] };
    }
    const entry = this.newRecord(request, clientOrderId, orderClass, orderClass === 'simple' ? null : 'entry', now);
    if (orderClass === 'simple') return { order: entry, legs: NO_LEGS };
    entry.groupId = clientOrderId;
    const exitSide = oppositeSide(request.side);
    const legs: OrderRecord[] = [];
    if (request.takeProfit) legs.push(this.legRecord(request, legClientOrderId(clientOrderId, 'take_profit'), 'take_profit', exitSide, tif, now, 'held', clientOrderId));
    if (request.stopLoss) legs.push(this.legRecord(request, legClientOrderId(clientOrderId, 'stop_loss'), 'stop_loss', exitSide, tif, now, 'held', clientOrderId));
    entry.legIds = legs.map((leg) => leg.clientOrderId);
    return { order: entry, legs };
  }

  private legRecord(request: OrderRequest, clientOrderId: string, role: 'take_profit' | 'stop_loss', side: OrderSide, tif: TimeInForce, now: number, status: 'held' | 'pending_new', parentId: string | null): OrderRecord {
    const orderClass = request.orderClass ?? 'simple';
    const stopLoss = request.stopLoss;
    const legRequest: OrderRequest =
      role === 'take_profit'
        ? { symbol: request.symbol, side, qty: request.qty, type: 'limit', ...(request.takeProfit ? { limitPrice: request.takeProfit.limitPrice } : {}), timeInForce: tif, tag: request.tag }
        : {
            symbol: request.symbol,
            side,
            qty: request.qty,
            type: stopLoss?.limitPrice !== undefined ? 'stop_limit' : 'stop',
            ...(stopLoss ? { stopPrice: stopLoss.stopPrice } : {}),
            ...(stopLoss?.limitPrice !== undefined ? { limitPrice: stopLoss.limitPrice } : {}),
            timeInForce: tif,
            tag: request.tag,
          };
    const leg = this.newRecord(legRequest, clientOrderId, orderClass, role, now);
    leg.status = status;
    leg.parentId = parentId;
    leg.groupId = parentId ?? clientOrderId;
    return leg;
  }

  private newRecord(request: OrderRequest, clientOrderId: string, orderClass: OrderClass, role: OrderRole | null, now: number): OrderRecord {
    return {
      clientOrderId,
      brokerOrderId: null,
      symbol: request.symbol,
      side: request.side,
      qty: request.qty,
      type: request.type,
      timeInForce: request.timeInForce ?? 'day',
      limitPrice: request.limitPrice ?? null,
      stopPrice: request.stopPrice ?? null,
      trailPrice: request.trailPrice ?? null,
      trailPercent: request.trailPercent ?? null,
      extendedHours: request.extendedHours ?? false,
      orderClass,
      role,
      parentId: null,
      groupId: null,
      legIds: NO_LEG_IDS,
      status: 'pending_new',
      filledQty: 0,
      avgFillPrice: null,
      commission: 0,
      createdAt: now,
      updatedAt: now,
      replaces: null,
      replacedBy: null,
      reason: null,
      tag: request.tag ?? null,
      lastSeq: -1,
      sent: false,
      heldBeforePending: false,
    };
  }

}

/**
 * A request as the risk manager sees it before it exists (for a replacement, `replacesQty` is the
 * unfilled quantity of the order it replaces: exposure already counted). An OCO's limit is its
 * take-profit's, and it only exits.
 */
export function proposedOrder(request: OrderRequest, clientOrderId: string, orderClass: OrderClass, replacesQty: number): ProposedOrder {
  const oco = orderClass === 'oco';
  return {
    clientOrderId,
    symbol: request.symbol,
    side: request.side,
    qty: request.qty,
    type: request.type,
    limitPrice: request.limitPrice ?? (oco ? (request.takeProfit?.limitPrice ?? null) : null),
    stopPrice: request.stopPrice ?? null,
    orderClass,
    stopLossPrice: request.stopLoss?.stopPrice ?? null,
    takeProfitPrice: request.takeProfit?.limitPrice ?? null,
    exitOnly: oco,
    replacesQty,
    tag: request.tag ?? null,
  };
}

function priceField<K extends 'limitPrice' | 'stopPrice'>(key: K, changed: number | undefined, old: number | null): Partial<Record<K, number>> {
  const value = changed ?? old;
  return value === null ? {} : ({ [key]: value } as Partial<Record<K, number>>);
}

function trailFields(changes: ReplaceChanges, old: Order): Pick<OrderRequest, 'trailPrice' | 'trailPercent'> {
  if (changes.trailPrice !== undefined) return { trailPrice: changes.trailPrice };
  if (changes.trailPercent !== undefined) return { trailPercent: changes.trailPercent };
  return old.trailPrice !== null ? { trailPrice: old.trailPrice } : { trailPercent: old.trailPercent ?? undefined };
}

function statusEventFor(report: BrokerOrderReport, t: number): BrokerOrderEvent | null {
  const base = { clientOrderId: report.clientOrderId, brokerOrderId: report.brokerOrderId, t };
  switch (report.status) {
    case 'accepted':
    case 'partially_filled':
      return { ...base, type: 'OrderAccepted' };
    case 'canceled':
      return { ...base, type: 'OrderCanceled', reason: 'reconciled with the broker' };
    case 'expired':
      return { ...base, type: 'OrderExpired' };
    case 'rejected':
      return { ...base, type: 'OrderRejected', reason: 'reconciled with the broker' };
    default:
      return null;
  }
}

/** The broker order and the filled quantity a synthetic reconciliation fill (`reconcile:<broker id>:<filled>`) made up to. */
function parseSyntheticExecution(executionId: string): { brokerOrderId: string; through: number } | null {
  if (!executionId.startsWith('reconcile:')) return null;
  const cut = executionId.lastIndexOf(':');
  const through = Number(executionId.slice(cut + 1));
  return cut > 'reconcile:'.length && Number.isFinite(through) ? { brokerOrderId: executionId.slice('reconcile:'.length, cut), through } : null;
}
