/**
 * Orders as the adapter accepts them (Alpaca's vocabulary, camelCase, numbers) and their checked
 * translation into the SDK's request objects (decimal strings on the wire). Checks here are the
 * ones that are Alpaca's rules, caught before a round trip; the risk manager's rules live elsewhere.
 */
import type { trading } from '@alpacahq/alpaca-trade-api';
import { InputError } from '../../../shared/errors';
import { ORDER_SIDES, ORDER_TYPES, TIME_IN_FORCE, type OrderSide, type OrderType, type TimeInForce } from './types';

export interface AlpacaOrderRequest {
  /** Always set by Sextant (the OMS's id): it is how a lost answer is reconciled. ≤ 128 chars. */
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Exactly one of `qty` and `notional`. */
  readonly qty?: number;
  readonly notional?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly trailPrice?: number;
  readonly trailPercent?: number;
  readonly extendedHours?: boolean;
  readonly orderClass?: 'simple' | 'bracket' | 'oco' | 'oto';
  readonly takeProfit?: { readonly limitPrice: number };
  readonly stopLoss?: { readonly stopPrice: number; readonly limitPrice?: number };
}

export interface AlpacaReplaceRequest {
  readonly qty?: number;
  readonly timeInForce?: TimeInForce;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  /** New trail (price or percent, per the order) for a trailing stop. */
  readonly trail?: number;
  /** The replacement's own client_order_id (a new one: Alpaca refuses reuse). */
  readonly clientOrderId?: string;
}

const CLIENT_ORDER_ID_MAX = 128;

/**
 * A number as Alpaca wants it: a plain decimal string with at most 9 decimals (its limit for
 * quantities), without the float noise of binary arithmetic (0.1 + 0.2 → "0.3").
 */
export function toDecimalString(value: number, field: string): string {
  if (!Number.isFinite(value)) throw new InputError(`${field} must be a finite number, got ${value}`);
  const fixed = value.toFixed(9);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

function positive(value: number | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (!(value > 0)) throw new InputError(`${field} must be greater than 0, got ${value}`);
  return toDecimalString(value, field);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`${field} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

export function checkClientOrderId(id: string): string {
  if (typeof id !== 'string' || id.trim() === '') throw new InputError('clientOrderId is required: every order Sextant sends carries its own id');
  if (id.length > CLIENT_ORDER_ID_MAX) throw new InputError(`clientOrderId is ${id.length} characters; Alpaca accepts at most ${CLIENT_ORDER_ID_MAX}`);
  return id;
}

export function toPostOrderRequest(order: AlpacaOrderRequest): trading.PostOrderRequest {
  checkClientOrderId(order.clientOrderId);
  const symbol = order.symbol?.trim().toUpperCase();
  if (!symbol) throw new InputError('symbol is required');
  const side = oneOf(order.side, ORDER_SIDES, 'side');
  const type = oneOf(order.type, ORDER_TYPES, 'type');
  const timeInForce = oneOf(order.timeInForce, TIME_IN_FORCE, 'timeInForce');
  if ((order.qty === undefined) === (order.notional === undefined)) throw new InputError('give exactly one of qty and notional');
  if (order.notional !== undefined && (type !== 'market' || timeInForce !== 'day')) {
    throw new InputError('a notional (dollar amount) order must be a market order with time in force "day"');
  }
  if ((type === 'limit' || type === 'stop_limit') && order.limitPrice === undefined) throw new InputError(`a ${type} order needs limitPrice`);
  if ((type === 'stop' || type === 'stop_limit') && order.stopPrice === undefined) throw new InputError(`a ${type} order needs stopPrice`);
  if (type === 'trailing_stop' && (order.trailPrice === undefined) === (order.trailPercent === undefined)) {
    throw new InputError('a trailing_stop order needs exactly one of trailPrice and trailPercent');
  }
  const orderClass = order.orderClass ?? 'simple';
  if (orderClass === 'bracket' && (!order.takeProfit || !order.stopLoss)) throw new InputError('a bracket order needs both takeProfit and stopLoss');
  if (orderClass === 'bracket' && timeInForce !== 'day' && timeInForce !== 'gtc') throw new InputError('a bracket order\'s time in force must be "day" or "gtc"');

  return {
    clientOrderId: order.clientOrderId,
    symbol,
    side: side as trading.OrderSide,
    type: type as trading.OrderType,
    timeInForce: timeInForce as trading.TimeInForce,
    qty: positive(order.qty, 'qty'),
    notional: positive(order.notional, 'notional'),
    limitPrice: positive(order.limitPrice, 'limitPrice'),
    stopPrice: positive(order.stopPrice, 'stopPrice'),
    trailPrice: positive(order.trailPrice, 'trailPrice'),
    trailPercent: positive(order.trailPercent, 'trailPercent'),
    extendedHours: order.extendedHours,
    orderClass: orderClass === 'simple' ? undefined : (orderClass as trading.OrderClass),
    takeProfit: order.takeProfit ? { limitPrice: positive(order.takeProfit.limitPrice, 'takeProfit.limitPrice') } : undefined,
    stopLoss: order.stopLoss
      ? { stopPrice: positive(order.stopLoss.stopPrice, 'stopLoss.stopPrice'), limitPrice: positive(order.stopLoss.limitPrice, 'stopLoss.limitPrice') }
      : undefined,
  };
}

export function toPatchOrderRequest(change: AlpacaReplaceRequest): trading.PatchOrderRequest {
  if (change.clientOrderId !== undefined) checkClientOrderId(change.clientOrderId);
  const request: trading.PatchOrderRequest = {
    qty: positive(change.qty, 'qty'),
    timeInForce: change.timeInForce ? (oneOf(change.timeInForce, TIME_IN_FORCE, 'timeInForce') as trading.TimeInForce) : undefined,
    limitPrice: positive(change.limitPrice, 'limitPrice'),
    stopPrice: positive(change.stopPrice, 'stopPrice'),
    trail: positive(change.trail, 'trail'),
    clientOrderId: change.clientOrderId,
  };
  if (Object.values(request).every((value) => value === undefined)) throw new InputError('a replace must change at least one field');
  return request;
}
