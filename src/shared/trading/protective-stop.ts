import type { Order } from '../domain/order';

/**
 * The stop protecting a position of `positionQty`: the nearest working stop on the exit side (a
 * stop or stop-limit order, or a trailing stop at its trail from `lastPrice`), i.e. the one that
 * limits the loss most. A bracket leg still waiting for its entry, or an order being canceled,
 * protects nothing. Undefined when the position has no stop (or is flat).
 */
export function protectiveStop(workingOrders: readonly Order[], positionQty: number, lastPrice: number): number | undefined {
  if (positionQty === 0) return undefined;
  const exit = positionQty > 0 ? 'sell' : 'buy';
  let best: number | undefined;
  for (const order of workingOrders) {
    if (order.side !== exit || order.status === 'held' || order.status === 'pending_cancel') continue;
    let stop: number | null = null;
    if (order.type === 'stop' || order.type === 'stop_limit') stop = order.stopPrice;
    else if (order.type === 'trailing_stop' && lastPrice > 0) {
      const trail = order.trailPrice ?? (lastPrice * (order.trailPercent ?? 0)) / 100;
      stop = exit === 'sell' ? lastPrice - trail : lastPrice + trail;
    }
    if (stop === null) continue;
    if (best === undefined || (exit === 'sell' ? stop > best : stop < best)) best = stop;
  }
  return best;
}
