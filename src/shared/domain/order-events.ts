import type { Fill } from './fill';
import type { OrderStatus } from './order';

/**
 * Every change in an order's life is one of these named events. Brokers report the broker events;
 * the order manager adds `OrderSubmitted` (journaled and handed to the broker) and `OrderDenied`
 * (refused before it reached the broker: invalid, by the risk manager, or the journal failed).
 */
interface OrderEventBase {
  readonly clientOrderId: string;
  /** Event time, epoch ms (the broker's time for broker events). */
  readonly t: number;
  readonly brokerOrderId?: string | null;
  /**
   * The broker's sequence number for this order's events when it has one (the simulated broker
   * numbers them). An event at or below the last applied sequence is a duplicate and changes nothing.
   */
  readonly seq?: number;
}

export interface OrderSubmitted extends OrderEventBase {
  readonly type: 'OrderSubmitted';
}
export interface OrderDenied extends OrderEventBase {
  readonly type: 'OrderDenied';
  readonly source: 'validation' | 'risk' | 'journal';
  readonly reason: string;
}
export interface OrderAccepted extends OrderEventBase {
  readonly type: 'OrderAccepted';
  /**
   * The quantity the broker accepted, when it differs from the order's: a bracket leg activated
   * for the part of its entry that filled before the entry was canceled.
   */
  readonly qty?: number;
}
export interface OrderRejected extends OrderEventBase {
  readonly type: 'OrderRejected';
  readonly reason: string;
}
/** Brokers may label an execution either way; the order manager decides from the quantities. */
export interface OrderPartiallyFilled extends OrderEventBase {
  readonly type: 'OrderPartiallyFilled';
  readonly fill: Fill;
}
export interface OrderFilled extends OrderEventBase {
  readonly type: 'OrderFilled';
  readonly fill: Fill;
}
export interface OrderPendingCancel extends OrderEventBase {
  readonly type: 'OrderPendingCancel';
}
export interface OrderCanceled extends OrderEventBase {
  readonly type: 'OrderCanceled';
  readonly reason?: string;
}
export interface OrderCancelRejected extends OrderEventBase {
  readonly type: 'OrderCancelRejected';
  readonly reason: string;
}
export interface OrderPendingReplace extends OrderEventBase {
  readonly type: 'OrderPendingReplace';
}
/** The order was replaced by `replacedBy` (a new order that carries the changed fields). */
export interface OrderReplaced extends OrderEventBase {
  readonly type: 'OrderReplaced';
  readonly replacedBy: string;
  readonly replacementBrokerOrderId?: string | null;
}
export interface OrderReplaceRejected extends OrderEventBase {
  readonly type: 'OrderReplaceRejected';
  readonly reason: string;
}
export interface OrderExpired extends OrderEventBase {
  readonly type: 'OrderExpired';
}

/** What a broker reports about an order. */
export type BrokerOrderEvent =
  | OrderAccepted
  | OrderRejected
  | OrderPartiallyFilled
  | OrderFilled
  | OrderPendingCancel
  | OrderCanceled
  | OrderCancelRejected
  | OrderPendingReplace
  | OrderReplaced
  | OrderReplaceRejected
  | OrderExpired;

export type OrderEvent = OrderSubmitted | OrderDenied | BrokerOrderEvent;
export type OrderEventType = OrderEvent['type'];

export function isFillEvent(event: OrderEvent): event is OrderFilled | OrderPartiallyFilled {
  return event.type === 'OrderFilled' || event.type === 'OrderPartiallyFilled';
}

/** Why the order manager did not apply a broker event. */
export type RefusalKind =
  /** Seen already (same execution id, same sequence, or the order is already in that state). */
  | 'duplicate'
  /** Arrived after a later state was applied (e.g. accepted after filled): stale, ignored. */
  | 'out_of_order'
  /** Not allowed from the current state by the transition table. */
  | 'illegal'
  /** No order with that client id. */
  | 'unknown_order'
  /** A fill that does not fit the order (wrong symbol or side, more than its quantity). */
  | 'inconsistent';

export interface EventRefusal {
  readonly kind: RefusalKind;
  readonly event: OrderEvent;
  readonly status: OrderStatus | null;
  readonly detail: string;
}
