/**
 * Alpaca's native order groups (bracket, OTO, OCO) and the order manager's legs.
 *
 * The order manager names every member of a group (`legClientOrderId(entry, role)`); Alpaca takes
 * the client order id of the group's first order only and names the legs itself. So the legs are
 * mapped back by parent and role (broker.ts): a leg of a bracket or OTO whose type is `limit` is the
 * take-profit, a `stop`/`stop_limit` leg the stop-loss; an OCO is sent as its take-profit limit
 * order (the manager's own id) with the stop-loss as Alpaca's leg. A leg Sextant replaced carries
 * the client order id Sextant gave the replacement, and keeps it.
 */
import { legClientOrderId } from '../../../shared/oms/client-order-ids';
import type { Order } from '../../../shared/domain/order';
import type { AlpacaOrder } from './mapping';
import type { AlpacaOrderRequest } from './order-request';

export type LegRole = 'take_profit' | 'stop_loss';

export function legRoleOf(leg: Pick<AlpacaOrder, 'type'>): LegRole {
  return leg.type === 'limit' ? 'take_profit' : 'stop_loss';
}

/**
 * What Alpaca is sent for one of the manager's orders: a simple order, or with its `legs` a native
 * group (bracket, OTO: the entry with take_profit / stop_loss; OCO: the take-profit limit order
 * with the stop-loss leg).
 */
export function alpacaRequestOf(order: Order, legs: readonly Order[]): AlpacaOrderRequest {
  const base: AlpacaOrderRequest = {
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    qty: order.qty,
    limitPrice: order.limitPrice ?? undefined,
    stopPrice: order.stopPrice ?? undefined,
    trailPrice: order.trailPrice ?? undefined,
    trailPercent: order.trailPercent ?? undefined,
    extendedHours: order.extendedHours || undefined,
  };
  if (legs.length === 0) return base;
  const takeProfit = order.orderClass === 'oco' ? order : legs.find((leg) => leg.role === 'take_profit');
  const stopLoss = legs.find((leg) => leg.role === 'stop_loss');
  return {
    ...base,
    orderClass: order.orderClass === 'simple' ? undefined : order.orderClass,
    takeProfit: takeProfit?.limitPrice != null ? { limitPrice: takeProfit.limitPrice } : undefined,
    stopLoss:
      stopLoss?.stopPrice != null
        ? { stopPrice: stopLoss.stopPrice, ...(stopLoss.type === 'stop_limit' && stopLoss.limitPrice !== null ? { limitPrice: stopLoss.limitPrice } : {}) }
        : undefined,
  };
}

/** The manager's id of an order Alpaca lists: its own client order id, or for a leg Alpaca named, the one found from its parent and role. */
export class LegIds {
  private readonly omsIdOfLeg = new Map<string, string>();

  /** Learns the legs nested in `order` (an order answered or listed with `legs`). */
  learn(order: AlpacaOrder): void {
    const parentId = this.omsId(order);
    for (const leg of order.legs) {
      if (leg.replaces === null) this.omsIdOfLeg.set(leg.id, legClientOrderId(parentId, legRoleOf(leg)));
      this.learn(leg);
    }
  }

  /** Whether Alpaca's order `alpacaId` is a leg known here. */
  knows(alpacaId: string): boolean {
    return this.omsIdOfLeg.has(alpacaId);
  }

  omsId(order: Pick<AlpacaOrder, 'id' | 'clientOrderId'>): string {
    return this.omsIdOfLeg.get(order.id) ?? order.clientOrderId;
  }
}

/** The parent's id and the role of a leg id the manager gave (`<entry>-tp`, `<entry>-sl`), or null. */
export function parseLegClientOrderId(clientOrderId: string): { parentId: string; role: LegRole } | null {
  const match = /^(.+)-(tp|sl)$/.exec(clientOrderId);
  return match ? { parentId: match[1]!, role: match[2] === 'tp' ? 'take_profit' : 'stop_loss' } : null;
}
