/**
 * Alpaca's wire objects as zod schemas: what the trading REST API, the market-data REST API and
 * the two WebSocket streams send (field names and enums as in ../shared/specs/alpaca-api.md).
 *
 * The readers are tolerant where Alpaca's own documentation is: money and quantities are decimal
 * strings on the wire, but a number is accepted too; unknown keys pass through (Alpaca adds fields
 * without notice). Every schema is used by a parser in `mapping.ts`, which turns a wire object into
 * the adapter's camelCase, number-typed shape.
 */
import { z } from 'zod';

/** A decimal as Alpaca sends it: `"105.8988475"` (or, tolerated, a JSON number). */
export const wireDecimal = z.union([
  z.string().regex(/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/, 'a decimal string'),
  z.number().finite(),
]);
export const wireNullableDecimal = wireDecimal.nullable().optional();
/** An RFC-3339 timestamp string (`2022-04-19T17:45:05.024916716Z`, `2022-04-29T09:30:00-04:00`). */
export const wireTimestamp = z.string().min(10);
export const wireNullableTimestamp = wireTimestamp.nullable().optional();

export const ORDER_SIDES = ['buy', 'sell'] as const;
export const ORDER_TYPES = ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'] as const;
export const TIME_IN_FORCE = ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'] as const;
export const ORDER_CLASSES = ['simple', 'bracket', 'oco', 'oto', 'mleg', ''] as const;
export const ORDER_STATUSES = [
  'new', 'partially_filled', 'filled', 'done_for_day', 'canceled', 'expired', 'replaced',
  'pending_cancel', 'pending_replace', 'accepted', 'pending_new', 'accepted_for_bidding', 'stopped',
  'rejected', 'suspended', 'calculated', 'held',
] as const;
export const TRADE_UPDATE_EVENTS = [
  'new', 'fill', 'partial_fill', 'canceled', 'expired', 'done_for_day', 'replaced', 'rejected',
  'pending_new', 'stopped', 'pending_cancel', 'pending_replace', 'calculated', 'suspended',
  'order_replace_rejected', 'order_cancel_rejected', 'accepted', 'restated',
] as const;

export type OrderSide = (typeof ORDER_SIDES)[number];
export type OrderType = (typeof ORDER_TYPES)[number];
export type TimeInForce = (typeof TIME_IN_FORCE)[number];
export type OrderClass = (typeof ORDER_CLASSES)[number];
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type TradeUpdateEventName = (typeof TRADE_UPDATE_EVENTS)[number];

export interface WireOrder {
  id: string;
  client_order_id: string;
  created_at: string;
  updated_at?: string | null;
  submitted_at?: string | null;
  filled_at?: string | null;
  expired_at?: string | null;
  expires_at?: string | null;
  canceled_at?: string | null;
  failed_at?: string | null;
  replaced_at?: string | null;
  replaced_by?: string | null;
  replaces?: string | null;
  asset_id?: string | null;
  symbol: string;
  asset_class?: string | null;
  notional?: string | number | null;
  qty?: string | number | null;
  filled_qty: string | number;
  filled_avg_price?: string | number | null;
  order_class?: string | null;
  type: string;
  side: string;
  position_intent?: string | null;
  time_in_force: string;
  limit_price?: string | number | null;
  stop_price?: string | number | null;
  status: string;
  extended_hours?: boolean | null;
  legs?: WireOrder[] | null;
  trail_percent?: string | number | null;
  trail_price?: string | number | null;
  hwm?: string | number | null;
}

/** `side`, `type`, `time_in_force` and `status` stay open strings: a new enum value must not stop trading. */
export const wireOrderSchema: z.ZodType<WireOrder> = z.lazy(() =>
  z.looseObject({
    id: z.string().min(1),
    client_order_id: z.string(),
    created_at: wireTimestamp,
    updated_at: wireNullableTimestamp,
    submitted_at: wireNullableTimestamp,
    filled_at: wireNullableTimestamp,
    expired_at: wireNullableTimestamp,
    expires_at: wireNullableTimestamp,
    canceled_at: wireNullableTimestamp,
    failed_at: wireNullableTimestamp,
    replaced_at: wireNullableTimestamp,
    replaced_by: z.string().nullable().optional(),
    replaces: z.string().nullable().optional(),
    asset_id: z.string().nullable().optional(),
    symbol: z.string().min(1),
    asset_class: z.string().nullable().optional(),
    notional: wireNullableDecimal,
    qty: wireNullableDecimal,
    filled_qty: wireDecimal,
    filled_avg_price: wireNullableDecimal,
    order_class: z.string().nullable().optional(),
    type: z.string().min(1),
    side: z.string().min(1),
    position_intent: z.string().nullable().optional(),
    time_in_force: z.string().min(1),
    limit_price: wireNullableDecimal,
    stop_price: wireNullableDecimal,
    status: z.string().min(1),
    extended_hours: z.boolean().nullable().optional(),
    legs: z.array(wireOrderSchema).nullable().optional(),
    trail_percent: wireNullableDecimal,
    trail_price: wireNullableDecimal,
    hwm: wireNullableDecimal,
  }),
);

export const wirePositionSchema = z.looseObject({
  asset_id: z.string(),
  symbol: z.string().min(1),
  exchange: z.string().optional(),
  asset_class: z.string().optional(),
  asset_marginable: z.boolean().optional(),
  avg_entry_price: wireDecimal,
  qty: wireDecimal,
  qty_available: wireDecimal.optional(),
  side: z.enum(['long', 'short']),
  market_value: wireNullableDecimal,
  cost_basis: wireDecimal,
  unrealized_pl: wireNullableDecimal,
  unrealized_plpc: wireNullableDecimal,
  unrealized_intraday_pl: wireNullableDecimal,
  unrealized_intraday_plpc: wireNullableDecimal,
  current_price: wireNullableDecimal,
  lastday_price: wireNullableDecimal,
  change_today: wireNullableDecimal,
});
export type WirePosition = z.infer<typeof wirePositionSchema>;

/**
 * An account activity of type FILL (`GET /v2/account/activities?activity_types=FILL`): one
 * execution. Its `id` is `<transaction time>::<execution id>`, the execution id being the one the
 * trade_updates stream sent with the fill.
 */
export const wireFillActivitySchema = z.looseObject({
  id: z.string().min(1),
  activity_type: z.literal('FILL'),
  transaction_time: wireTimestamp,
  type: z.enum(['fill', 'partial_fill']),
  price: wireDecimal,
  qty: wireDecimal,
  side: z.enum(ORDER_SIDES),
  symbol: z.string().min(1),
  leaves_qty: wireDecimal,
  cum_qty: wireDecimal,
  order_id: z.string().min(1),
  order_status: z.string().optional(),
});
export type WireFillActivity = z.infer<typeof wireFillActivitySchema>;

export const wireAccountSchema = z.looseObject({
  id: z.string(),
  account_number: z.string().optional(),
  status: z.string(),
  currency: z.string().optional(),
  cash: wireDecimal,
  buying_power: wireDecimal,
  regt_buying_power: wireNullableDecimal,
  daytrading_buying_power: wireNullableDecimal,
  non_marginable_buying_power: wireNullableDecimal,
  equity: wireDecimal,
  last_equity: wireDecimal,
  portfolio_value: wireNullableDecimal,
  long_market_value: wireNullableDecimal,
  short_market_value: wireNullableDecimal,
  initial_margin: wireNullableDecimal,
  maintenance_margin: wireNullableDecimal,
  multiplier: wireNullableDecimal,
  shorting_enabled: z.boolean().optional(),
  trading_blocked: z.boolean(),
  transfers_blocked: z.boolean().optional(),
  account_blocked: z.boolean(),
  trade_suspended_by_user: z.boolean().optional(),
  pattern_day_trader: z.boolean().optional(),
  daytrade_count: z.number().optional(),
  created_at: wireNullableTimestamp,
});
export type WireAccount = z.infer<typeof wireAccountSchema>;

export const wireClockSchema = z.looseObject({
  timestamp: wireTimestamp,
  is_open: z.boolean(),
  next_open: wireTimestamp,
  next_close: wireTimestamp,
});
export type WireClock = z.infer<typeof wireClockSchema>;

export const wireCalendarDaySchema = z.looseObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  open: z.string().regex(/^\d{2}:\d{2}$/),
  close: z.string().regex(/^\d{2}:\d{2}$/),
  session_open: z.string().optional(),
  session_close: z.string().optional(),
  settlement_date: z.string().optional(),
});
export type WireCalendarDay = z.infer<typeof wireCalendarDaySchema>;

export const wireAssetSchema = z.looseObject({
  id: z.string(),
  class: z.string(),
  exchange: z.string(),
  symbol: z.string(),
  name: z.string().optional(),
  status: z.string(),
  tradable: z.boolean(),
  marginable: z.boolean().optional(),
  shortable: z.boolean().optional(),
  easy_to_borrow: z.boolean().optional(),
  fractionable: z.boolean().optional(),
});
export type WireAsset = z.infer<typeof wireAssetSchema>;

/** Alpaca's error envelope: `{code, message, ...context}`; gateway errors may lack `code`. */
export const wireErrorSchema = z.looseObject({
  code: z.union([z.number(), z.string()]).optional(),
  message: z.string(),
});
export type WireError = z.infer<typeof wireErrorSchema>;

/** One entry of a 207 multi-status from `DELETE /v2/orders`. */
export const wireCancelResultSchema = z.looseObject({
  id: z.string(),
  status: z.number(),
  body: z.unknown().optional(),
});
/** One entry of a 207 multi-status from `DELETE /v2/positions`. */
export const wireCloseResultSchema = z.looseObject({
  symbol: z.string(),
  status: z.number(),
  order_id: z.string().optional(),
  body: z.unknown().optional(),
});

// --- Market data --------------------------------------------------------------------------------

export const wireBarSchema = z.looseObject({
  t: wireTimestamp,
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
  n: z.number().optional(),
  vw: z.number().optional(),
});
export type WireBar = z.infer<typeof wireBarSchema>;

export const wireBarsPageSchema = z.looseObject({
  bars: z.array(wireBarSchema).nullable(),
  symbol: z.string(),
  next_page_token: z.string().nullable().optional(),
});
export type WireBarsPage = z.infer<typeof wireBarsPageSchema>;

export const wireTradeSchema = z.looseObject({
  t: wireTimestamp,
  p: z.number(),
  s: z.number(),
  x: z.string().optional(),
  i: z.union([z.number(), z.string()]).optional(),
  c: z.array(z.string()).optional(),
  z: z.string().optional(),
});
export const wireQuoteSchema = z.looseObject({
  t: wireTimestamp,
  ap: z.number(),
  as: z.number(),
  bp: z.number(),
  bs: z.number(),
  ax: z.string().optional(),
  bx: z.string().optional(),
  c: z.array(z.string()).optional(),
  z: z.string().optional(),
});
export const wireLatestTradeSchema = z.looseObject({ symbol: z.string(), trade: wireTradeSchema });
export const wireLatestQuoteSchema = z.looseObject({ symbol: z.string(), quote: wireQuoteSchema });

// --- Trading stream -----------------------------------------------------------------------------

/** `data` of a `trade_updates` message. `price`/`qty`/`position_qty` only on fill and partial_fill. */
export const wireTradeUpdateSchema = z.looseObject({
  event: z.string().min(1),
  execution_id: z.string().optional(),
  order: wireOrderSchema,
  timestamp: wireNullableTimestamp,
  price: wireNullableDecimal,
  qty: wireNullableDecimal,
  position_qty: wireNullableDecimal,
});
export type WireTradeUpdate = z.infer<typeof wireTradeUpdateSchema>;

export const tradingFrameSchema = z.looseObject({
  stream: z.string().optional(),
  action: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
