import type { Order } from '../domain/order';

/**
 * The stop protecting a position: among the working stop orders that trade against it (a long's
 * sell stops, a short's buy stops), the nearest to the price, i.e. the one that limits the loss
 * most. A bracket leg still waiting for its entry protects nothing yet and is not counted.
 * Undefined when the position has no stop.
 */
export function protectiveStop(workingOrders: readonly Order[], positionQty: number): number | undefined {
  if (positionQty === 0) return undefined;
  const exitSide = positionQty > 0 ? 'sell' : 'buy';
  let best: number | undefined;
  for (const order of workingOrders) {
    if (order.side !== exitSide || order.status === 'held' || order.stopPrice === null) continue;
    if (order.type !== 'stop' && order.type !== 'stop_limit' && order.type !== 'trailing_stop') continue;
    if (best === undefined || (positionQty > 0 ? order.stopPrice > best : order.stopPrice < best)) best = order.stopPrice;
  }
  return best;
}
