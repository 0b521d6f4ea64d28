/** How an order's status reads in the blotters, and what can still be done with it. */
import type { OrderView } from '../../../shared/ipc/services/trading';

export type StatusTone = 'ok' | 'bad' | 'warn' | 'muted' | 'working';

export function orderStatusTone(status: OrderView['status']): StatusTone {
  switch (status) {
    case 'filled':
      return 'ok';
    case 'rejected':
      return 'bad';
    case 'canceled':
    case 'expired':
    case 'replaced':
      return 'muted';
    case 'pending_cancel':
    case 'pending_replace':
    case 'pending_new':
      return 'warn';
    default:
      return 'working';
  }
}

export function orderStatusLabel(status: OrderView['status']): string {
  return status.replace(/_/g, ' ');
}

/** A cancel can be asked: working and no cancel or replace already on its way. */
export function canCancel(order: OrderView): boolean {
  return order.working && order.status !== 'pending_cancel' && order.status !== 'pending_replace';
}

/** A replace makes sense: a working order with a price or size left to change (not a market order). */
export function canReplace(order: OrderView): boolean {
  return canCancel(order) && order.type !== 'market' && order.status !== 'pending_new';
}

const TYPE_LABEL: Record<OrderView['type'], string> = { market: 'MKT', limit: 'LMT', stop: 'STP', stop_limit: 'STP LMT', trailing_stop: 'TRAIL' };

/** `LMT`, `STP LMT`, with its part in a group: `LMT · TP leg`. */
export function orderTypeLabel(order: OrderView): string {
  const type = TYPE_LABEL[order.type];
  if (order.role === 'take_profit') return `${type} · TP leg`;
  if (order.role === 'stop_loss') return `${type} · SL leg`;
  if (order.orderClass !== 'simple') return `${type} · ${order.orderClass}`;
  return type;
}

/** The order's price terms in one cell: `350.00`, `351.00 / 352.00` (stop / limit), `1.5%` (trail). */
export function orderPriceText(order: OrderView, price: (value: number | null) => string): string {
  if (order.type === 'trailing_stop') return order.trailPercent !== null ? `trail ${order.trailPercent}%` : `trail $${price(order.trailPrice)}`;
  if (order.type === 'stop_limit') return `${price(order.stopPrice)} / ${price(order.limitPrice)}`;
  if (order.type === 'stop') return price(order.stopPrice);
  if (order.type === 'limit') return price(order.limitPrice);
  return 'market';
}

/** The price the order is sorted by (its limit, else its stop). */
export function orderSortPrice(order: OrderView): number | null {
  return order.limitPrice ?? order.stopPrice ?? order.trailPrice ?? order.trailPercent ?? null;
}
