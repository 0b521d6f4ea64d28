import type { BrokerOrderEvent, RefusalKind } from '../domain/order-events';
import type { OrderStatus } from '../domain/order';

/**
 * The order state machine. Rows are the current status, columns the broker event; a cell is the
 * next status, `fill` (the status follows from the quantities: `filled` when nothing remains,
 * otherwise the row's partial status) or `resume` (back to working: `partially_filled` when part is
 * filled, else `accepted`). A missing cell is a transition the order manager refuses and reports.
 *
 *   pending_new ──accepted──▶ accepted ──fill──▶ partially_filled ──fill──▶ filled
 *        │                      │  ▲                  │  ▲
 *        │                      ▼  │resume            ▼  │resume
 *        │                 pending_cancel / pending_replace
 *        └──▶ rejected   canceled · expired (from any working state); replaced (from pending_replace)
 *
 * Fills are facts: one reported after a cancel or an expiry (a race at the venue) is still
 * applied, and the order becomes `filled` if it completes, else keeps its terminal status.
 */
export type TransitionTarget = OrderStatus | 'fill' | 'resume' | 'keep';
export type TransitionEvent = Exclude<BrokerOrderEvent['type'], 'OrderPartiallyFilled'> | 'Fill';

type Row = Partial<Record<TransitionEvent, TransitionTarget>>;

const WORKING_ROW: Row = {
  Fill: 'fill',
  OrderPendingCancel: 'pending_cancel',
  OrderCanceled: 'canceled',
  OrderExpired: 'expired',
  OrderPendingReplace: 'pending_replace',
  OrderCancelRejected: 'keep',
  OrderReplaceRejected: 'keep',
};

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, Row>> = {
  pending_new: {
    OrderAccepted: 'accepted',
    OrderRejected: 'rejected',
    Fill: 'fill',
    OrderPendingCancel: 'pending_cancel',
    OrderCanceled: 'canceled',
    OrderExpired: 'expired',
  },
  held: {
    OrderAccepted: 'accepted',
    OrderRejected: 'rejected',
    OrderPendingCancel: 'pending_cancel',
    OrderCanceled: 'canceled',
    OrderExpired: 'expired',
    OrderPendingReplace: 'pending_replace',
  },
  accepted: { ...WORKING_ROW, OrderRejected: 'rejected' },
  partially_filled: WORKING_ROW,
  pending_cancel: {
    Fill: 'fill',
    OrderCanceled: 'canceled',
    OrderExpired: 'expired',
    OrderCancelRejected: 'resume',
  },
  pending_replace: {
    Fill: 'fill',
    OrderReplaced: 'replaced',
    OrderReplaceRejected: 'resume',
    OrderCanceled: 'canceled',
    OrderExpired: 'expired',
  },
  filled: {},
  canceled: { Fill: 'fill' },
  expired: { Fill: 'fill' },
  rejected: {},
  replaced: {},
};

export function transitionEventOf(type: BrokerOrderEvent['type']): TransitionEvent {
  return type === 'OrderPartiallyFilled' || type === 'OrderFilled' ? 'Fill' : type;
}

/**
 * The next status for `event` in `status`, or null when the table refuses it. For fills
 * `complete` says whether the fill leaves nothing to trade; `partlyFilled` whether any quantity
 * is filled (for `resume`).
 */
export function nextStatus(status: OrderStatus, event: TransitionEvent, complete: boolean, partlyFilled: boolean): OrderStatus | null {
  const target = ORDER_TRANSITIONS[status][event];
  if (target === undefined) return null;
  switch (target) {
    case 'keep':
      return status;
    case 'resume':
      return partlyFilled ? 'partially_filled' : 'accepted';
    case 'fill':
      if (complete) return 'filled';
      if (status === 'pending_new' || status === 'accepted') return 'partially_filled';
      return status;
    default:
      return target;
  }
}

/** How far along an order is: an event that would move it back is out of order, not illegal. */
const PROGRESS: Readonly<Record<OrderStatus, number>> = {
  pending_new: 0,
  held: 0,
  accepted: 1,
  partially_filled: 2,
  pending_cancel: 2,
  pending_replace: 2,
  filled: 3,
  canceled: 3,
  rejected: 3,
  expired: 3,
  replaced: 3,
};

const EVENT_TARGET: Partial<Record<TransitionEvent, OrderStatus>> = {
  OrderAccepted: 'accepted',
  OrderRejected: 'rejected',
  OrderPendingCancel: 'pending_cancel',
  OrderCanceled: 'canceled',
  OrderExpired: 'expired',
  OrderPendingReplace: 'pending_replace',
  OrderReplaced: 'replaced',
};

/** Why the table refused `event` in `status`. */
export function classifyRefusal(status: OrderStatus, event: TransitionEvent): RefusalKind {
  const target = EVENT_TARGET[event];
  if (target === status) return 'duplicate';
  if (target !== undefined && PROGRESS[target] < PROGRESS[status]) return 'out_of_order';
  if ((event === 'OrderCancelRejected' || event === 'OrderReplaceRejected') && PROGRESS[status] === 3) return 'out_of_order';
  return 'illegal';
}
