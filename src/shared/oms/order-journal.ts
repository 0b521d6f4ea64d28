import type { EventRefusal, OrderEvent } from '../domain/order-events';
import type { Order } from '../domain/order';
import type { RiskDecision } from '../risk/risk-types';

/**
 * Where the order manager writes down every order and every event. The SQLite journal (main)
 * makes `recordOrder` durable before returning; the order manager calls it *before* the order
 * reaches the broker, and does not send an order whose `recordOrder` threw. After a crash the
 * journal is how the app knows what it sent, so no order is sent twice and none is forgotten.
 *
 * The `order` objects passed are live: a journal that keeps them must copy what it needs.
 */
export interface OrderJournal {
  /** A new order (and the risk decision about it), before it is sent. Denied orders too. */
  recordOrder(order: Order, decision: RiskDecision | null): void;
  /** An event, after it was applied; `order` is the state it led to. */
  recordEvent(event: OrderEvent, order: Order): void;
  /** A broker event the order manager refused (duplicate, out of order, illegal). */
  recordRefusal(refusal: EventRefusal): void;
}

export type JournalEntry =
  | { readonly kind: 'order'; readonly clientOrderId: string; readonly order: Order; readonly decision: RiskDecision | null }
  /** `status` is the order's status once the event was applied. */
  | { readonly kind: 'event'; readonly clientOrderId: string; readonly event: OrderEvent; readonly status: Order['status'] }
  | { readonly kind: 'refusal'; readonly clientOrderId: string; readonly refusal: EventRefusal };

/**
 * The journal of a backtest, kept in memory in order: a snapshot of each order as it was sent,
 * then each event with the status it led to (events are immutable, so they are kept as they are).
 */
export class MemoryOrderJournal implements OrderJournal {
  readonly entries: JournalEntry[] = [];
  private readonly recorded = new Set<string>();

  recordOrder(order: Order, decision: RiskDecision | null): void {
    this.recorded.add(order.clientOrderId);
    this.entries.push({ kind: 'order', clientOrderId: order.clientOrderId, order: { ...order }, decision });
  }

  recordEvent(event: OrderEvent, order: Order): void {
    this.entries.push({ kind: 'event', clientOrderId: order.clientOrderId, event, status: order.status });
  }

  recordRefusal(refusal: EventRefusal): void {
    this.entries.push({ kind: 'refusal', clientOrderId: refusal.event.clientOrderId, refusal });
  }

  has(clientOrderId: string): boolean {
    return this.recorded.has(clientOrderId);
  }
}

/** A journal that keeps nothing: for benchmarks and optimiser sweeps that only need metrics. */
export const NULL_ORDER_JOURNAL: OrderJournal = {
  recordOrder() {},
  recordEvent() {},
  recordRefusal() {},
};
