/**
 * Wire objects (types.ts) → the adapter's shapes: camelCase, numbers instead of decimal strings,
 * epoch milliseconds (UTC) instead of timestamp strings, as `Bar.t` is everywhere in Sextant.
 * These are still Alpaca's concepts (Alpaca's statuses and events); the OMS maps them to its own.
 */
import type { z } from 'zod';
import {
  wireAccountSchema, wireAssetSchema, wireCalendarDaySchema, wireClockSchema, wireFillActivitySchema, wireOrderSchema,
  wirePositionSchema, wireTradeUpdateSchema,
  type WireAccount, type WireAsset, type WireCalendarDay, type WireClock, type WireFillActivity, type WireOrder,
  type WirePosition, type WireTradeUpdate,
} from './types';
import { AlpacaProtocolError } from './errors';

export interface AlpacaOrder {
  readonly id: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly assetClass: string | null;
  readonly side: string;
  readonly type: string;
  readonly timeInForce: string;
  readonly orderClass: string;
  readonly status: string;
  readonly qty: number | null;
  readonly notional: number | null;
  readonly filledQty: number;
  readonly filledAvgPrice: number | null;
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly trailPrice: number | null;
  readonly trailPercent: number | null;
  readonly hwm: number | null;
  readonly extendedHours: boolean;
  readonly createdAt: number;
  readonly updatedAt: number | null;
  readonly submittedAt: number | null;
  readonly filledAt: number | null;
  readonly canceledAt: number | null;
  readonly expiredAt: number | null;
  readonly failedAt: number | null;
  readonly replacedAt: number | null;
  readonly replacedBy: string | null;
  readonly replaces: string | null;
  readonly legs: readonly AlpacaOrder[];
}

export interface AlpacaPosition {
  readonly symbol: string;
  readonly assetId: string;
  readonly side: 'long' | 'short';
  /** Signed: negative for a short position, as Alpaca sends it. */
  readonly qty: number;
  readonly qtyAvailable: number | null;
  readonly avgEntryPrice: number;
  readonly costBasis: number;
  readonly marketValue: number | null;
  readonly currentPrice: number | null;
  readonly lastdayPrice: number | null;
  readonly unrealizedPl: number | null;
  readonly unrealizedIntradayPl: number | null;
}

export interface AlpacaAccount {
  readonly id: string;
  readonly accountNumber: string | null;
  readonly status: string;
  readonly currency: string;
  readonly cash: number;
  readonly buyingPower: number;
  readonly equity: number;
  readonly lastEquity: number;
  readonly longMarketValue: number | null;
  readonly shortMarketValue: number | null;
  readonly multiplier: number | null;
  readonly tradingBlocked: boolean;
  readonly accountBlocked: boolean;
  readonly shortingEnabled: boolean;
}

export interface AlpacaClock {
  readonly timestamp: number;
  readonly isOpen: boolean;
  readonly nextOpen: number;
  readonly nextClose: number;
}

/** A trading day; times are Eastern wall-clock `HH:MM` as Alpaca gives them, the date `YYYY-MM-DD`. */
export interface AlpacaCalendarDay {
  readonly date: string;
  readonly open: string;
  readonly close: string;
}

export interface AlpacaAsset {
  readonly id: string;
  readonly symbol: string;
  readonly assetClass: string;
  readonly exchange: string;
  readonly name: string | null;
  readonly status: string;
  readonly tradable: boolean;
  readonly shortable: boolean;
  readonly fractionable: boolean;
}

/**
 * One `trade_updates` event as received. `seq` counts every update this adapter received since
 * it started (across reconnects) in arrival order; `connection` is the stream connection that
 * carried it (1, 2, … one per successful connect). Duplicates and out-of-order events are
 * delivered as received: the OMS deduplicates on (`order.id`, `executionId` or `event` +
 * `order.updatedAt`) and orders by `order.filledQty` / `order.updatedAt`, not by `seq`.
 */
export interface AlpacaTradeUpdate {
  readonly seq: number;
  readonly connection: number;
  readonly receivedAt: number;
  readonly event: string;
  readonly executionId: string | null;
  readonly timestamp: number | null;
  /** Fill price and quantity of this execution (fill / partial_fill only). */
  readonly price: number | null;
  readonly qty: number | null;
  readonly positionQty: number | null;
  readonly order: AlpacaOrder;
}

/** One execution from the account activities (FILL). */
export interface AlpacaFillActivity {
  readonly activityId: string;
  /** The execution id, as the trade_updates stream sent it (the part of the activity id after `::`). */
  readonly executionId: string;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly price: number;
  /** The order's filled quantity after this execution, and what was left. */
  readonly cumQty: number;
  readonly leavesQty: number;
  readonly transactionTime: number;
  readonly type: 'fill' | 'partial_fill';
}

export function decimal(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new AlpacaProtocolError(`not a decimal: ${JSON.stringify(value)}`);
  return n;
}

export function optionalDecimal(value: string | number | null | undefined): number | null {
  return value === null || value === undefined || value === '' ? null : decimal(value);
}

export function timestampMs(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new AlpacaProtocolError(`not a timestamp: ${JSON.stringify(value)}`);
  return ms;
}

export function optionalTimestampMs(value: string | null | undefined): number | null {
  return value === null || value === undefined || value === '' ? null : timestampMs(value);
}

/** Validate `raw` against `schema`, or throw an AlpacaProtocolError that says what and where. */
export function parseWire<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new AlpacaProtocolError(`Alpaca sent a malformed ${what}${where}: ${issue?.message ?? 'invalid'}`);
}

export function orderFromWire(wire: WireOrder): AlpacaOrder {
  return {
    id: wire.id,
    clientOrderId: wire.client_order_id,
    symbol: wire.symbol,
    assetClass: wire.asset_class ?? null,
    side: wire.side,
    type: wire.type,
    timeInForce: wire.time_in_force,
    orderClass: wire.order_class || 'simple',
    status: wire.status,
    qty: optionalDecimal(wire.qty),
    notional: optionalDecimal(wire.notional),
    filledQty: decimal(wire.filled_qty),
    filledAvgPrice: optionalDecimal(wire.filled_avg_price),
    limitPrice: optionalDecimal(wire.limit_price),
    stopPrice: optionalDecimal(wire.stop_price),
    trailPrice: optionalDecimal(wire.trail_price),
    trailPercent: optionalDecimal(wire.trail_percent),
    hwm: optionalDecimal(wire.hwm),
    extendedHours: wire.extended_hours ?? false,
    createdAt: timestampMs(wire.created_at),
    updatedAt: optionalTimestampMs(wire.updated_at),
    submittedAt: optionalTimestampMs(wire.submitted_at),
    filledAt: optionalTimestampMs(wire.filled_at),
    canceledAt: optionalTimestampMs(wire.canceled_at),
    expiredAt: optionalTimestampMs(wire.expired_at),
    failedAt: optionalTimestampMs(wire.failed_at),
    replacedAt: optionalTimestampMs(wire.replaced_at),
    replacedBy: wire.replaced_by ?? null,
    replaces: wire.replaces ?? null,
    legs: (wire.legs ?? []).map(orderFromWire),
  };
}

export function positionFromWire(wire: WirePosition): AlpacaPosition {
  return {
    symbol: wire.symbol,
    assetId: wire.asset_id,
    side: wire.side,
    qty: decimal(wire.qty),
    qtyAvailable: optionalDecimal(wire.qty_available),
    avgEntryPrice: decimal(wire.avg_entry_price),
    costBasis: decimal(wire.cost_basis),
    marketValue: optionalDecimal(wire.market_value),
    currentPrice: optionalDecimal(wire.current_price),
    lastdayPrice: optionalDecimal(wire.lastday_price),
    unrealizedPl: optionalDecimal(wire.unrealized_pl),
    unrealizedIntradayPl: optionalDecimal(wire.unrealized_intraday_pl),
  };
}

export function accountFromWire(wire: WireAccount): AlpacaAccount {
  return {
    id: wire.id,
    accountNumber: wire.account_number ?? null,
    status: wire.status,
    currency: wire.currency ?? 'USD',
    cash: decimal(wire.cash),
    buyingPower: decimal(wire.buying_power),
    equity: decimal(wire.equity),
    lastEquity: decimal(wire.last_equity),
    longMarketValue: optionalDecimal(wire.long_market_value),
    shortMarketValue: optionalDecimal(wire.short_market_value),
    multiplier: optionalDecimal(wire.multiplier),
    tradingBlocked: wire.trading_blocked,
    accountBlocked: wire.account_blocked,
    shortingEnabled: wire.shorting_enabled ?? false,
  };
}

export function clockFromWire(wire: WireClock): AlpacaClock {
  return {
    timestamp: timestampMs(wire.timestamp),
    isOpen: wire.is_open,
    nextOpen: timestampMs(wire.next_open),
    nextClose: timestampMs(wire.next_close),
  };
}

export function calendarDayFromWire(wire: WireCalendarDay): AlpacaCalendarDay {
  return { date: wire.date, open: wire.open, close: wire.close };
}

export function assetFromWire(wire: WireAsset): AlpacaAsset {
  return {
    id: wire.id,
    symbol: wire.symbol,
    assetClass: wire.class,
    exchange: wire.exchange,
    name: wire.name ?? null,
    status: wire.status,
    tradable: wire.tradable,
    shortable: wire.shortable ?? false,
    fractionable: wire.fractionable ?? false,
  };
}

export function tradeUpdateFromWire(
  wire: WireTradeUpdate,
  receipt: { seq: number; connection: number; receivedAt: number },
): AlpacaTradeUpdate {
  return {
    seq: receipt.seq,
    connection: receipt.connection,
    receivedAt: receipt.receivedAt,
    event: wire.event,
    executionId: wire.execution_id ?? null,
    timestamp: optionalTimestampMs(wire.timestamp),
    price: optionalDecimal(wire.price),
    qty: optionalDecimal(wire.qty),
    positionQty: optionalDecimal(wire.position_qty),
    order: orderFromWire(wire.order),
  };
}

export function fillActivityFromWire(wire: WireFillActivity): AlpacaFillActivity {
  const separator = wire.id.indexOf('::');
  return {
    activityId: wire.id,
    executionId: separator >= 0 ? wire.id.slice(separator + 2) : wire.id,
    orderId: wire.order_id,
    symbol: wire.symbol,
    side: wire.side,
    qty: decimal(wire.qty),
    price: decimal(wire.price),
    cumQty: decimal(wire.cum_qty),
    leavesQty: decimal(wire.leaves_qty),
    transactionTime: timestampMs(wire.transaction_time),
    type: wire.type,
  };
}

export const parseOrder = (raw: unknown): AlpacaOrder => orderFromWire(parseWire(wireOrderSchema, raw, 'order'));
export const parsePosition = (raw: unknown): AlpacaPosition => positionFromWire(parseWire(wirePositionSchema, raw, 'position'));
export const parseAccount = (raw: unknown): AlpacaAccount => accountFromWire(parseWire(wireAccountSchema, raw, 'account'));
export const parseClock = (raw: unknown): AlpacaClock => clockFromWire(parseWire(wireClockSchema, raw, 'clock'));
export const parseCalendarDay = (raw: unknown): AlpacaCalendarDay => calendarDayFromWire(parseWire(wireCalendarDaySchema, raw, 'calendar day'));
export const parseAsset = (raw: unknown): AlpacaAsset => assetFromWire(parseWire(wireAssetSchema, raw, 'asset'));
export const parseFillActivity = (raw: unknown): AlpacaFillActivity => fillActivityFromWire(parseWire(wireFillActivitySchema, raw, 'fill activity'));
export const parseTradeUpdateData = (raw: unknown): WireTradeUpdate => parseWire(wireTradeUpdateSchema, raw, 'trade update');

export function parseList<T>(raw: unknown, what: string, parse: (item: unknown) => T): T[] {
  if (!Array.isArray(raw)) throw new AlpacaProtocolError(`Alpaca sent ${what}: expected a list, got ${typeof raw}`);
  return raw.map(parse);
}
