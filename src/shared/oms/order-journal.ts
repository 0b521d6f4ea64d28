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

export interface JournalEntry {
  readonly kind: 'order' | 'event' | 'refusal';
  readonly clientOrderId: string;
  readonly order?: Order;
  readonly decision?: RiskDecision | null;
  readonly event?: OrderEvent;
  readonly refusal?: EventRefusal;
}

/** The journal of a backtest: kept in memory, in order. */
export class MemoryOrderJournal implements OrderJournal {
  readonly entries: JournalEntry[] = [];
  private readonly recorded = new Set<string>();

  recordOrder(order: Order, decision: RiskDecision | null): void {
    this.recorded.add(order.clientOrderId);
    this.entries.push({ kind: 'order', clientOrderId: order.clientOrderId, order: { ...order }, decision });
  }

  recordEvent(event: OrderEvent, order: Order): void {
    this.entries.push({ kind: 'event', clientOrderId: order.clientOrderId, event, order: { ...order } });
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
