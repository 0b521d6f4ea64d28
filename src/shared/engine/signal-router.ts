import { roundQuantity } from '../domain/instrument';
import type { OrderRequest, OrderSide } from '../domain/order';
import type { Signal } from '../domain/signal';

/**
 * The orders a signal asks for, given the position it finds (filled position plus working orders,
 * so a repeated signal never doubles up) and a way to size a new position. The meaning of each
 * action is documented on `Signal`. Returns the orders (possibly none) and, when nothing is done,
 * why.
 */
export function signalToOrders(
  signal: Signal,
  effectivePosition: number,
  sizeNew: (side: OrderSide) => number,
): { orders: OrderRequest[]; skipped: string | null } {
  if (signal.action === 'HOLD') return { orders: [], skipped: 'HOLD' };
  const side: OrderSide = signal.action === 'BUY' ? 'buy' : 'sell';
  const direction = side === 'buy' ? 1 : -1;
  const opposite = Math.sign(effectivePosition) === -direction;
  let closeQty = 0;
  let openQty = 0;
  if (signal.quantity !== undefined) {
    if (!(signal.quantity > 0) || !Number.isFinite(signal.quantity)) return { orders: [], skipped: `quantity ${signal.quantity} is not a positive number` };
    closeQty = opposite ? Math.min(signal.quantity, Math.abs(effectivePosition)) : 0;
    openQty = roundQuantity(signal.quantity - closeQty);
  } else if (opposite) {
    closeQty = Math.abs(effectivePosition);
  } else if (effectivePosition === 0) {
    openQty = sizeNew(side);
    if (!(openQty > 0)) return { orders: [], skipped: `sizing gave no quantity for a new ${side === 'buy' ? 'long' : 'short'} in ${signal.symbol}` };
  } else {
    return { orders: [], skipped: `already ${direction > 0 ? 'long' : 'short'} ${signal.symbol}` };
  }
  const orders: OrderRequest[] = [];
  if (closeQty > 0) orders.push(signalOrder(signal, side, closeQty));
  if (openQty > 0) {
    const { takeProfit, stopLoss } = signal;
    if (takeProfit === undefined && stopLoss === undefined) orders.push(signalOrder(signal, side, openQty));
    else {
      orders.push({
        ...signalOrder(signal, side, openQty),
        orderClass: takeProfit !== undefined && stopLoss !== undefined ? 'bracket' : 'oto',
        ...(takeProfit !== undefined ? { takeProfit: { limitPrice: takeProfit } } : {}),
        ...(stopLoss !== undefined ? { stopLoss: { stopPrice: stopLoss } } : {}),
      });
    }
  }
  return { orders, skipped: null };
}

/** A day order for `qty`: a limit at the signal's price target, else a market order. */
function signalOrder(signal: Signal, side: OrderSide, qty: number): OrderRequest {
  if (signal.priceTarget === undefined) return { symbol: signal.symbol, side, qty: roundQuantity(qty), type: 'market', timeInForce: 'day', tag: signal.strategyId };
  return { symbol: signal.symbol, side, qty: roundQuantity(qty), type: 'limit', limitPrice: signal.priceTarget, timeInForce: 'day', tag: signal.strategyId };
}

export function isSignal(intent: Signal | OrderRequest): intent is Signal {
  return 'action' in intent;
}
