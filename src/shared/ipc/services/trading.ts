/**
 * The trading service over IPC: what the order ticket, the blotters, the account bar, the kill switch
 * and the connection indicator are built from.
 *
 * ## How a window uses it
 * - **Snapshot, then stream.** On open, a view asks for its snapshot (`trading.account`,
 *   `trading.positions`, `trading.orders`, `trading.fills`, `trading.state`, `trading.connection`) and
 *   subscribes to the matching stream. Stream items are complete rows (not diffs): a view replaces its
 *   row by key (`clientOrderId`, `executionId`, `symbol`) and never needs to refetch.
 * - **Coalescing.** `trading.orders`, `trading.positions`, `trading.account`, `trading.state` and
 *   `trading.connection` keep only the latest item per key within a batch (≈ one animation frame),
 *   so a burst of partial fills costs one row update. `trading.fills` keeps every fill, in order.
 * - **Blotters of thousands of rows** page with an opaque `cursor` (newest first): ask for the first
 *   page, then pass `nextCursor` back until it is null. Rows are stable: a virtualised list keys them
 *   by `clientOrderId` / `executionId`.
 * - **PAPER / LIVE badge**: `trading.state` → `mode` (`paper` | `live`) and `broker.kind`
 *   (`paper`: the offline simulated broker; `alpaca`: Alpaca's paper or live account). Show LIVE only
 *   when `mode === 'live'`.
 * - **Refusals are answers, not errors.** A submit that risk or validation refuses returns
 *   `status: 'rejected_by_risk' | 'invalid'` with every rule's verdict; IPC errors are for bad
 *   payloads (`invalid_payload`) and for a service that is not ready (`unavailable`).
 * Times are epoch milliseconds UTC. Money is in the account currency (USD).
 */
import { z } from 'zod';
import { RiskLimitsSchema } from '../../risk/risk-limits';
import { ClientOrderIdSchema, OrderTicketSchema } from '../../trading/order-ticket';
import { SignalOutcomeSchema } from '../../trading/signal-outcome';
import { SignalWireSchema } from '../../trading/signal-wire';
import { event, request } from '../define';

const Side = z.enum(['buy', 'sell']);
const OrderType = z.enum(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']);
const TimeInForce = z.enum(['day', 'gtc', 'opg', 'cls', 'ioc', 'fok']);
const OrderStatus = z.enum(['pending_new', 'held', 'accepted', 'partially_filled', 'pending_cancel', 'pending_replace', 'filled', 'canceled', 'rejected', 'expired', 'replaced']);
const TradingStateName = z.enum(['ACTIVE', 'REDUCING', 'HALTED']);
const SymbolText = z.string().trim().min(1).max(32).transform((s) => s.toUpperCase());

/** One order, as the orders blotter shows it. */
export const OrderView = z.object({
  clientOrderId: z.string(),
  brokerOrderId: z.string().nullable(),
  symbol: z.string(),
  side: Side,
  qty: z.number(),
  type: OrderType,
  timeInForce: TimeInForce,
  limitPrice: z.number().nullable(),
  stopPrice: z.number().nullable(),
  trailPrice: z.number().nullable(),
  trailPercent: z.number().nullable(),
  extendedHours: z.boolean(),
  orderClass: z.enum(['simple', 'bracket', 'oco', 'oto']),
  /** In a group: `entry`, `take_profit`, `stop_loss`. */
  role: z.enum(['entry', 'take_profit', 'stop_loss']).nullable(),
  parentId: z.string().nullable(),
  groupId: z.string().nullable(),
  legIds: z.array(z.string()),
  status: OrderStatus,
  /** Not terminal: can be canceled (unless pending_cancel / pending_replace) or replaced. */
  working: z.boolean(),
  filledQty: z.number(),
  avgFillPrice: z.number().nullable(),
  commission: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
  replaces: z.string().nullable(),
  replacedBy: z.string().nullable(),
  /** Why it was rejected / canceled (the broker's words, or the risk rules that failed). */
  reason: z.string().nullable(),
  /** Who asked: ticket, strategy, outside, cli, kill-switch, close, external (found at the broker). */
  source: z.string(),
  tag: z.string().nullable(),
});
export type OrderView = z.infer<typeof OrderView>;

export const FillView = z.object({
  executionId: z.string(),
  clientOrderId: z.string(),
  brokerOrderId: z.string().nullable(),
  symbol: z.string(),
  side: Side,
  qty: z.number(),
  price: z.number(),
  commission: z.number(),
  t: z.number(),
  /** Recovered by reconciliation (the stream never delivered it): the broker's average, not one execution. */
  synthetic: z.boolean(),
});
export type FillView = z.infer<typeof FillView>;

/** A position; `qty` 0 means it was just closed (the row can go). */
export const PositionView = z.object({
  symbol: z.string(),
  /** Signed: + long, − short. */
  qty: z.number(),
  avgEntryPrice: z.number(),
  lastPrice: z.number().nullable(),
  marketValue: z.number(),
  costBasis: z.number(),
  unrealizedPnl: z.number(),
  unrealizedPnlPct: z.number().nullable(),
  realizedPnl: z.number(),
  /** The stop protecting it (a working stop order), if any. */
  stopPrice: z.number().nullable(),
  t: z.number(),
});
export type PositionView = z.infer<typeof PositionView>;

export const AccountView = z.object({
  t: z.number(),
  /** `paper`, `alpaca-paper`, `alpaca-live`. */
  account: z.string(),
  mode: z.enum(['paper', 'live']),
  cash: z.number(),
  equity: z.number(),
  /** The broker's figure at the last reconciliation (null before the first). */
  buyingPower: z.number().nullable(),
  longMarketValue: z.number(),
  shortMarketValue: z.number(),
  /** Equity at the start of the session the daily-loss limit counts from. */
  sessionStartEquity: z.number().nullable(),
  dayPnl: z.number().nullable(),
  dayPnlPct: z.number().nullable(),
  realizedPnl: z.number(),
  unrealizedPnl: z.number(),
  /** When the broker's cash and positions were last taken over (null: not yet reconciled). */
  reconciledAt: z.number().nullable(),
});
export type AccountView = z.infer<typeof AccountView>;

export const RuleVerdictView = z.object({ rule: z.string(), passed: z.boolean(), detail: z.string() });
export const RiskDecisionView = z.object({
  approved: z.boolean(),
  /** Trading state when decided. */
  state: TradingStateName,
  /** The order only shrinks a position (allowed while HALTED / REDUCING). */
  reducing: z.boolean(),
  /** Every rule's verdict, in the order they ran (`trading_state` first). */
  rules: z.array(RuleVerdictView),
});
export type RiskDecisionView = z.infer<typeof RiskDecisionView>;

export const BrokerView = z.object({
  /** Account id: `paper`, `alpaca-paper`, `alpaca-live`. */
  id: z.string(),
  kind: z.enum(['paper', 'alpaca']),
  /** For the badge: PAPER unless real money is at stake. */
  label: z.string(),
});

export const ReplayStatus = z.object({
  running: z.boolean(),
  datasets: z.array(z.number()),
  symbols: z.array(z.string()),
  barsPerSecond: z.number(),
  /** Bars replayed so far and in total. */
  done: z.number(),
  total: z.number(),
  /** Time of the last replayed bar (the paper broker's clock while running). */
  t: z.number().nullable(),
  finished: z.boolean(),
});
export type ReplayStatus = z.infer<typeof ReplayStatus>;

export const TradingStateView = z.object({
  state: TradingStateName,
  /** Why (empty when ACTIVE). */
  reason: z.string(),
  /** What latched a halt: the daily-loss rule (lifts at the next session) or a person/kill switch (manual reset). */
  haltedBy: z.enum(['daily_loss', 'manual']).nullable(),
  since: z.number(),
  /** `live` only after the confirmed switch. */
  mode: z.enum(['paper', 'live']),
  broker: BrokerView,
  /** False until the first reconciliation with the broker: orders are refused until then. */
  ready: z.boolean(),
  reconciling: z.boolean(),
  lastReconciledAt: z.number().nullable(),
  /** Last kill-switch pull, if any. */
  killSwitchAt: z.number().nullable(),
  limits: RiskLimitsSchema,
  replay: ReplayStatus.nullable(),
});
export type TradingStateView = z.infer<typeof TradingStateView>;

/** One broker stream's connection (the indicator). Paper has none: it needs no connection. */
export const ConnectionView = z.object({
  stream: z.enum(['trading', 'market-data']),
  state: z.enum(['disconnected', 'connecting', 'connected', 'reconnecting', 'error']),
  since: z.number(),
  attempt: z.number(),
  reason: z.string().nullable(),
  retryInMs: z.number().nullable(),
  connection: z.number(),
});
export type ConnectionView = z.infer<typeof ConnectionView>;

/**
 * What became of a submit (ticket, close). `submitted`: journaled and handed to the broker;
 * later statuses arrive on `trading.orders`. `rejected_by_risk` / `invalid` carry every rule's
 * verdict or every problem. `skipped`: nothing to do (no position to close). Signals answer with
 * the signal outcome of src/shared/trading/signal-outcome.ts instead (the endpoint's shape).
 */
export const SubmitStatus = z.enum([
  'submitted', 'accepted', 'partially_filled', 'filled', 'canceled', 'expired',
  'rejected_by_risk', 'rejected_by_broker', 'invalid', 'unavailable', 'skipped', 'hold', 'disabled',
]);
export type SubmitStatus = z.infer<typeof SubmitStatus>;

export const SubmitResult = z.object({
  status: SubmitStatus,
  clientOrderId: z.string().nullable(),
  brokerOrderId: z.string().nullable(),
  /** The order and its bracket legs as they stand now. */
  orders: z.array(OrderView),
  risk: RiskDecisionView.nullable(),
  reason: z.string().nullable(),
  notes: z.array(z.string()),
});
export type SubmitResult = z.infer<typeof SubmitResult>;

export const OrderPreview = z.object({
  /** The order as it would be sent (quantity resolved from a notional, class from the legs). */
  order: z.object({
    symbol: z.string(), side: Side, qty: z.number(), type: OrderType, timeInForce: TimeInForce,
    limitPrice: z.number().nullable(), stopPrice: z.number().nullable(), orderClass: z.enum(['simple', 'bracket', 'oco', 'oto']),
  }).nullable(),
  /** Everything that makes it invalid (empty when valid). */
  problems: z.array(z.string()),
  risk: RiskDecisionView.nullable(),
  lastPrice: z.number().nullable(),
  /** When the last price was current (epoch ms), where prices carry their time (Alpaca); null otherwise. */
  lastPriceAt: z.number().nullable(),
  /** Value at the limit (else last) price. */
  estimatedValue: z.number().nullable(),
  notes: z.array(z.string()),
});
export type OrderPreview = z.infer<typeof OrderPreview>;

const Cursor = z.string().max(200);
const PageLimit = z.number().int().positive().max(1000).default(200);

export const OrdersPage = z.object({ items: z.array(OrderView), nextCursor: z.string().nullable() });
export const FillsPage = z.object({ items: z.array(FillView), nextCursor: z.string().nullable() });

export const CommandResult = z.object({ ok: z.boolean(), reason: z.string().nullable() });

export const ReplaceResult = z.object({
  ok: z.boolean(),
  reason: z.string().nullable(),
  replacement: OrderView.nullable(),
  risk: RiskDecisionView.nullable(),
});

export const KillSwitchReport = z.object({
  t: z.number(),
  /** Working orders when it was pulled (all asked to cancel, bracket legs with their entry). */
  canceled: z.number(),
  /** Orders still not canceled when flattening started (the broker had not confirmed). */
  unconfirmedCancels: z.array(z.string()),
  /** The market orders sent to flatten each position. */
  flatten: z.array(SubmitResult),
  state: TradingStateView,
});
export type KillSwitchReport = z.infer<typeof KillSwitchReport>;

export const ReconcileReport = z.object({
  reason: z.string(),
  startedAt: z.number(),
  finishedAt: z.number(),
  ok: z.boolean(),
  error: z.string().nullable(),
  /** Journaled orders compared with the broker. */
  ordersChecked: z.number(),
  /** Orders whose state changed to the broker's. */
  ordersUpdated: z.number(),
  /** Fills recovered (real executions where the broker gives them, else one synthetic fill). */
  fillsRecovered: z.number(),
  /** Journaled orders the broker never received (marked rejected, never re-sent). */
  neverReceived: z.array(z.string()),
  /** Working orders at the broker the journal did not know (placed elsewhere), now followed. */
  adopted: z.array(z.string()),
  /** Differences between the local book and the broker's positions and cash, now corrected. */
  positionDifferences: z.array(z.string()),
});
export type ReconcileReport = z.infer<typeof ReconcileReport>;

export const TradingStateChangeView = z.object({
  t: z.number(),
  kind: z.enum(['state', 'kill_switch']),
  from: TradingStateName,
  to: TradingStateName,
  cause: z.string().nullable(),
  actor: z.string(),
  reason: z.string(),
});

export const tradingRequests = {
  /** Cash, equity, buying power, day P&L (the account bar). */
  'trading.account': request(z.object({}).strict(), AccountView),
  /** Open positions, largest value first. */
  'trading.positions': request(z.object({}).strict(), z.array(PositionView)),
  /**
   * Orders, newest first. `scope`: `open` (working), `recent` (everything, paged), `today`.
   * Optional `symbol` filter. Page with `cursor` = the previous page's `nextCursor`.
   */
  'trading.orders': request(
    z.object({ scope: z.enum(['open', 'recent']).default('recent'), symbol: SymbolText.optional(), limit: PageLimit, cursor: Cursor.optional() }).strict(),
    OrdersPage,
  ),
  /** Fills, newest first, paged like orders. */
  'trading.fills': request(z.object({ symbol: SymbolText.optional(), limit: PageLimit, cursor: Cursor.optional() }).strict(), FillsPage),
  /** The risk decision recorded for an order (every rule's verdict), null when it had none. */
  'trading.orderRisk': request(z.object({ clientOrderId: z.string().min(1).max(128) }).strict(), RiskDecisionView.nullable()),
  /** Every rule's verdict on a ticket without sending anything (the ticket's preview). */
  'trading.previewOrder': request(z.object({ ticket: OrderTicketSchema }).strict(), OrderPreview),
  /** Journal, check and send an order from the ticket. */
  'trading.submitOrder': request(z.object({ ticket: OrderTicketSchema }).strict(), SubmitResult),
  /**
   * A signal from the order ticket, in the wire format (snake_case, as the local endpoint
   * and the CLI take it); a missing quantity is sized. It is stored with its outcome (`signal_id`).
   * `wait`: answer at once (`none`), after the broker's acknowledgement (`ack`, default) or the fill
   * (`fill`), within `timeoutMs`. The outcome is the same snake_case shape the endpoint answers.
   */
  'trading.submitSignal': request(
    z.object({ signal: SignalWireSchema, wait: z.enum(['none', 'ack', 'fill']).default('ack'), timeoutMs: z.number().int().positive().max(120_000).default(10_000) }).strict(),
    SignalOutcomeSchema.extend({ signal_id: z.number().int() }),
  ),
  'trading.cancelOrder': request(z.object({ clientOrderId: z.string().min(1).max(128) }).strict(), CommandResult),
  /** Cancels every working order; answers how many were asked. */
  'trading.cancelAll': request(z.object({}).strict(), z.object({ requested: z.number() })),
  /** Replaces a working order's quantity, prices or time in force (a new order id stands for it). */
  'trading.replaceOrder': request(
    z.object({
      clientOrderId: z.string().min(1).max(128),
      qty: z.number().positive().finite().optional(),
      limitPrice: z.number().positive().finite().optional(),
      stopPrice: z.number().positive().finite().optional(),
      trailPrice: z.number().positive().finite().optional(),
      trailPercent: z.number().positive().max(100).optional(),
      timeInForce: TimeInForce.optional(),
    }).strict(),
    ReplaceResult,
  ),
  /** Closes a position at market (all of it, or `qty`). */
  'trading.closePosition': request(z.object({ symbol: SymbolText, qty: z.number().positive().finite().optional() }).strict(), SubmitResult),
  'trading.closeAll': request(z.object({}).strict(), z.array(SubmitResult)),
  /** Kill switch: HALT, cancel every order, flatten every position. `confirm` must be true. */
  'trading.killSwitch': request(z.object({ confirm: z.literal(true), reason: z.string().max(500).optional() }).strict(), KillSwitchReport),
  /** Manual reset of a halt (daily loss or kill switch) or of REDUCING, back to ACTIVE. */
  'trading.resetHalt': request(z.object({ reason: z.string().max(500).optional() }).strict(), TradingStateView),
  /** Only reducing orders until a reset (e.g. before a news event). */
  'trading.reduceOnly': request(z.object({ reason: z.string().max(500).optional() }).strict(), TradingStateView),
  'trading.state': request(z.object({}).strict(), TradingStateView),
  /** Recent trading-state changes and kill-switch pulls, newest first. */
  'trading.stateHistory': request(z.object({ limit: z.number().int().positive().max(500).default(50) }).strict(), z.array(TradingStateChangeView)),
  /** The broker streams' connection states (empty for the offline paper broker). */
  'trading.connection': request(z.object({}).strict(), z.array(ConnectionView)),
  /** Reconcile with the broker now (also done at start-up and after every reconnect). */
  'trading.reconcile': request(z.object({}).strict(), ReconcileReport),
  /**
   * Paper only: replay stored bars of datasets into the paper broker at `barsPerSecond` (fills,
   * prices and the daily-loss clock follow the replayed time). One replay at a time.
   */
  'trading.replay.start': request(
    z.object({ datasets: z.array(z.number().int().positive()).min(1).max(50), barsPerSecond: z.number().positive().max(1_000_000).default(10), from: z.number().optional() }).strict(),
    ReplayStatus,
  ),
  /**
   * A fresh offline paper account with this starting cash (default 100,000), after the user
   * confirmed: the old account's orders and fills stay in the journal under its id; trading goes
   * on with the new one (its id in `trading.state` → `broker.id`). Paper broker only.
   */
  'trading.paper.reset': request(
    z.object({ confirm: z.literal(true), initialCash: z.number().positive().finite().max(1e10).default(100_000) }).strict(),
    z.object({ account: z.string(), previous: z.string(), initialCash: z.number() }),
  ),
  'trading.replay.stop': request(z.object({}).strict(), ReplayStatus.nullable()),
  'trading.replay.status': request(z.object({}).strict(), ReplayStatus.nullable()),
};

/** Client order ids a caller may choose (re-exported for the ticket). */
export { ClientOrderIdSchema };

export const tradingEvents = {
  /** Every change of an order (latest per order within a batch). */
  'trading.orders': event(OrderView, { keep: 'latest', key: (o) => o.clientOrderId }),
  /** Every fill, in order. */
  'trading.fills': event(FillView),
  /** A position changed (latest per symbol; qty 0 = closed). */
  'trading.positions': event(PositionView, { keep: 'latest', key: (p) => p.symbol }),
  'trading.account': event(AccountView, { keep: 'latest', key: () => 'account' }),
  /** Trading state, mode, broker, readiness, replay (latest). */
  'trading.state': event(TradingStateView, { keep: 'latest', key: () => 'state' }),
  /** Stream connection states (latest per stream). */
  'trading.connection': event(ConnectionView, { keep: 'latest', key: (c) => c.stream }),
};
