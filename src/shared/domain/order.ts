import { isOnTick, isValidQuantity, type Instrument } from './instrument';

/** Order vocabulary as Alpaca spells it on the wire, so the live adapter maps it one to one. */
export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';
/**
 * How long an order works: `day` until the end of the session it first trades in, `gtc` until
 * filled or canceled, `opg` only in the opening auction, `cls` only in the closing auction,
 * `ioc` fill what can be filled at once and cancel the rest, `fok` fill all at once or nothing.
 */
export type TimeInForce = 'day' | 'gtc' | 'opg' | 'cls' | 'ioc' | 'fok';
/**
 * `simple` one order; `bracket` an entry whose take-profit and stop-loss legs activate when it
 * fills and cancel each other; `oco` the two exit legs alone; `oto` an entry and one exit leg.
 */
export type OrderClass = 'simple' | 'bracket' | 'oco' | 'oto';
/** The part an order plays in its group. */
export type OrderRole = 'entry' | 'take_profit' | 'stop_loss';

/**
 * Where an order is in its life. `held`: a bracket/OTO leg waiting for its entry to fill.
 * Terminal: filled, canceled, rejected, expired, replaced.
 */
export type OrderStatus =
  | 'pending_new'
  | 'held'
  | 'accepted'
  | 'partially_filled'
  | 'pending_cancel'
  | 'pending_replace'
  | 'filled'
  | 'canceled'
  | 'rejected'
  | 'expired'
  | 'replaced';

export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'rejected', 'expired', 'replaced']);

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** Still able to trade (or to become able to, for a held leg). */
export function isWorking(status: OrderStatus): boolean {
  return !TERMINAL_STATUSES.has(status);
}

export interface TakeProfitSpec {
  readonly limitPrice: number;
}

export interface StopLossSpec {
  readonly stopPrice: number;
  /** Present: the stop leg is a stop-limit. */
  readonly limitPrice?: number;
}

/** What a strategy, the order ticket or a signal asks for. The OMS turns it into an `Order`. */
export interface OrderRequest {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly qty: number;
  readonly type: OrderType;
  /** Default `day`, as at Alpaca. */
  readonly timeInForce?: TimeInForce;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  /** Trailing stop distance in price units (exactly one of trailPrice / trailPercent). */
  readonly trailPrice?: number;
  /** Trailing stop distance in percent of the high-water mark (1.5 means 1.5 %). */
  readonly trailPercent?: number;
  /** Default `simple`. For `oco`, `side` is the side of both exit legs and `type` must be `limit`. */
  readonly orderClass?: OrderClass;
  readonly takeProfit?: TakeProfitSpec;
  readonly stopLoss?: StopLossSpec;
  readonly extendedHours?: boolean;
  /** Supplied by a caller that must be idempotent across restarts; otherwise the OMS assigns one. */
  readonly clientOrderId?: string;
  /** Who asked: a strategy id, `ticket`, `signal:<id>`, `kill-switch`. */
  readonly tag?: string;
}

/** An order as the order manager knows it. Prices that do not apply are null. */
export interface Order {
  readonly clientOrderId: string;
  readonly brokerOrderId: string | null;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly qty: number;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly trailPrice: number | null;
  readonly trailPercent: number | null;
  readonly extendedHours: boolean;
  readonly orderClass: OrderClass;
  readonly role: OrderRole | null;
  /** The entry order of a bracket/OTO, for its legs. */
  readonly parentId: string | null;
  /** Every order of one bracket/OCO/OTO shares the group id (the first order's client id). */
  readonly groupId: string | null;
  /** Client ids of this order's legs (an entry) or of its sibling legs (an OCO leg). */
  readonly legIds: readonly string[];
  readonly status: OrderStatus;
  readonly filledQty: number;
  /** Volume-weighted average price of the fills; null before the first fill. */
  readonly avgFillPrice: number | null;
  readonly commission: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Replace chain: the order this one replaced, and the one that replaced it. */
  readonly replaces: string | null;
  readonly replacedBy: string | null;
  readonly reason: string | null;
  readonly tag: string | null;
}

export function remainingQty(order: Pick<Order, 'qty' | 'filledQty'>): number {
  return Math.max(0, Math.round((order.qty - order.filledQty) * 1e9) / 1e9);
}

export function sideSign(side: OrderSide): 1 | -1 {
  return side === 'buy' ? 1 : -1;
}

export function oppositeSide(side: OrderSide): OrderSide {
  return side === 'buy' ? 'sell' : 'buy';
}

function positive(value: number | undefined): boolean {
  return value !== undefined && Number.isFinite(value) && value > 0;
}

/**
 * Everything wrong with a request, in words a trader understands (empty when it is valid).
 * Mirrors the checks Alpaca makes, so a backtest never relies on an order the broker would refuse.
 */
export function orderRequestProblems(request: OrderRequest, instrument: Instrument): string[] {
  const problems: string[] = [];
  const tif = request.timeInForce ?? 'day';
  const orderClass = request.orderClass ?? 'simple';
  const { type } = request;
  if (request.symbol !== instrument.symbol) problems.push(`symbol ${request.symbol} does not match instrument ${instrument.symbol}`);
  if (request.side !== 'buy' && request.side !== 'sell') problems.push(`side must be buy or sell, got ${String(request.side)}`);
  if (!isValidQuantity(instrument, request.qty)) {
    problems.push(`quantity ${request.qty} is not a positive multiple of the lot size ${instrument.lotSize} (minimum ${instrument.minQty})`);
  }
  // An OCO's limit is its take-profit's price; its own limit price may be left out.
  const needsLimit = (type === 'limit' && orderClass !== 'oco') || type === 'stop_limit';
  const needsStop = type === 'stop' || type === 'stop_limit';
  if (needsLimit && !positive(request.limitPrice)) problems.push(`a ${type} order needs a positive limit price`);
  if (!needsLimit && request.limitPrice !== undefined && type !== 'limit') problems.push(`a ${type} order takes no limit price`);
  if (needsStop && !positive(request.stopPrice)) problems.push(`a ${type} order needs a positive stop price`);
  if (!needsStop && request.stopPrice !== undefined) problems.push(`a ${type} order takes no stop price`);
  if (type === 'trailing_stop') {
    const hasPrice = request.trailPrice !== undefined;
    const hasPercent = request.trailPercent !== undefined;
    if (hasPrice === hasPercent) problems.push('a trailing stop needs exactly one of trail price and trail percent');
    if (hasPrice && !positive(request.trailPrice)) problems.push('trail price must be positive');
    if (hasPercent && !(positive(request.trailPercent) && request.trailPercent! < 100)) problems.push('trail percent must be between 0 and 100');
    if (tif !== 'day' && tif !== 'gtc') problems.push('a trailing stop must be day or gtc');
  } else if (request.trailPrice !== undefined || request.trailPercent !== undefined) {
    problems.push(`a ${type} order takes no trail`);
  }
  if (positive(request.limitPrice) && !isOnTick(instrument, request.limitPrice!)) problems.push(`limit price ${request.limitPrice} is not a multiple of the tick ${instrument.tickSize} (sub-penny prices are refused)`);
  if (positive(request.stopPrice) && !isOnTick(instrument, request.stopPrice!)) problems.push(`stop price ${request.stopPrice} is not a multiple of the tick ${instrument.tickSize} (sub-penny prices are refused)`);
  if ((tif === 'opg' || tif === 'cls') && type !== 'market' && type !== 'limit') problems.push(`time in force ${tif} applies to market and limit orders only`);
  if (request.extendedHours && !(type === 'limit' && (tif === 'day' || tif === 'gtc'))) problems.push('extended hours needs a day or gtc limit order');
  if (orderClass !== 'simple' || request.takeProfit || request.stopLoss) problems.push(...groupProblems(request, orderClass, tif, instrument));
  return problems;
}

function groupProblems(request: OrderRequest, orderClass: OrderClass, tif: TimeInForce, instrument: Instrument): string[] {
  const problems: string[] = [];
  const tp = request.takeProfit;
  const sl = request.stopLoss;
  if (orderClass === 'simple') {
    if (tp || sl) problems.push('take-profit and stop-loss legs need order class bracket, oco or oto');
    return problems;
  }
  if (request.extendedHours) problems.push(`a ${orderClass} order cannot trade in extended hours`);
  if (tif !== 'day' && tif !== 'gtc') problems.push(`a ${orderClass} order must be day or gtc`);
  if (tp && !positive(tp.limitPrice)) problems.push('take-profit needs a positive limit price');
  if (sl && !positive(sl.stopPrice)) problems.push('stop-loss needs a positive stop price');
  if (sl?.limitPrice !== undefined && !positive(sl.limitPrice)) problems.push('stop-loss limit price must be positive');
  for (const [name, price] of [['take-profit limit', tp?.limitPrice], ['stop-loss stop', sl?.stopPrice], ['stop-loss limit', sl?.limitPrice]] as const) {
    if (positive(price) && !isOnTick(instrument, price!)) problems.push(`${name} price ${price} is not a multiple of the tick ${instrument.tickSize}`);
  }
  if (orderClass === 'bracket' || orderClass === 'oco') {
    if (!tp || !sl) problems.push(`a ${orderClass} order needs both a take-profit and a stop-loss`);
  }
  if (orderClass === 'oto' && (tp ? 1 : 0) + (sl ? 1 : 0) !== 1) problems.push('an oto order needs exactly one of take-profit and stop-loss');
  if (orderClass === 'oco' && request.type !== 'limit') problems.push('an oco order is given as type limit (its take-profit leg)');
  if (orderClass === 'oco' && request.limitPrice !== undefined && tp && request.limitPrice !== tp.limitPrice) problems.push('an oco order\'s limit price is its take-profit price');
  if (tp && sl && positive(tp.limitPrice) && positive(sl.stopPrice)) {
    // For a bracket the legs exit the entry's side; for an OCO `side` is already the exit side.
    const exitSide = orderClass === 'oco' ? request.side : request.side === 'buy' ? 'sell' : 'buy';
    if (exitSide === 'sell' && !(tp.limitPrice > sl.stopPrice)) problems.push(`take-profit ${tp.limitPrice} must be above stop-loss ${sl.stopPrice} when exiting a long`);
    if (exitSide === 'buy' && !(tp.limitPrice < sl.stopPrice)) problems.push(`take-profit ${tp.limitPrice} must be below stop-loss ${sl.stopPrice} when exiting a short`);
  }
  if (orderClass !== 'oco' && request.type === 'limit' && positive(request.limitPrice)) {
    const entry = request.limitPrice!;
    const long = request.side === 'buy';
    if (tp && positive(tp.limitPrice) && (long ? tp.limitPrice <= entry : tp.limitPrice >= entry)) problems.push(`take-profit ${tp.limitPrice} must be ${long ? 'above' : 'below'} the entry limit ${entry}`);
    if (sl && positive(sl.stopPrice) && (long ? sl.stopPrice >= entry : sl.stopPrice <= entry)) problems.push(`stop-loss ${sl.stopPrice} must be ${long ? 'below' : 'above'} the entry limit ${entry}`);
  }
  return problems;
}
