import type { BrokerOrderEvent } from '../domain/order-events';
import type { Order, OrderClass, OrderSide, OrderStatus, OrderType, TimeInForce } from '../domain/order';

/**
 * The one door to a broker. The simulated broker (backtests and offline paper trading) and the
 * Alpaca adapter (live and paper, in the main process) both implement it; the order manager is the
 * only caller, so strategies, risk and the portfolio never know which one they run against.
 *
 * ## Contract
 *
 * **Commands are fire-and-forget.** `submit`, `cancel` and `replace` return nothing and never
 * wait. Their outcome comes back only as events through the sink given to `connect`:
 * - The simulated broker calls the sink synchronously, from inside the command or from
 *   `processBar` (no promise per bar, which is what lets a backtest run millions of bars a second).
 * - Alpaca calls it later, from its trade-updates stream and from the HTTP responses.
 * The order manager stores and journals an order before calling `submit`, so a synchronous sink
 * call from inside `submit` is safe.
 *
 * **Every event names the order by the client order id the order manager assigned**
 * (`Order.clientOrderId`), and carries the broker's own id in `brokerOrderId` once known. Alpaca
 * gives bracket legs ids of its own: the adapter maps them back to the leg orders it was handed
 * (by parent and role: the take-profit leg is the limit leg, the stop-loss leg the stop leg).
 *
 * **Fills carry a unique `executionId`** (Alpaca's `execution_id`). The order manager applies a
 * fill once per execution id, so replaying events after a reconnect is harmless. Status events
 * may be repeated or arrive late: the order manager ignores those that do not move the order
 * forward. `seq`, when the broker has one, is a per-order increasing number.
 *
 * **Refusals are events, not exceptions.** A broker that refuses an order reports
 * `OrderRejected` with its reason in words (Alpaca's `message`). A command must not throw for a
 * business reason. After a transport failure whose outcome is unknown (a POST that timed out),
 * report nothing yet: look the order up by client order id (`fetchOrder`) and report what the
 * broker says, or `OrderRejected` if the broker never received it. Never resend under a new id.
 *
 * **Order classes.** When `capabilities.orderClasses` includes a class, `submit` receives the
 * entry with its legs and the broker runs the group (legs `held` until the entry fills, then
 * active; one leg's fill cancels the other), reporting every leg's events. For a class it does
 * not list, the order manager emulates the group with simple orders.
 *
 * **Queries are for reconciliation** at start-up and after every reconnect: the broker's view
 * wins. They are optional for a broker whose state lives in the same process.
 */
export interface Broker {
  /** `sim`, `paper`, `alpaca-paper`, `alpaca-live`: shown in the UI and written in the journal. */
  readonly id: string;
  readonly capabilities: BrokerCapabilities;

  /** Registers the order manager's sink. Called once, before the first command. */
  connect(sink: BrokerEventSink): void;

  /**
   * Sends `order`. For a bracket or OTO, `legs` are its take-profit / stop-loss legs (status
   * `held`); for an OCO, `order` is the take-profit leg and `legs` holds the stop-loss leg.
   */
  submit(order: Order, legs: readonly Order[]): void;

  /** Asks to cancel a working order. Reports `OrderCanceled`, or `OrderCancelRejected` with a reason. */
  cancel(order: Order): void;

  /**
   * Asks to replace `order` by `replacement` (a new client order id carrying the changed quantity,
   * prices or time in force). Reports `OrderReplaced` on the old order (naming the replacement)
   * followed by `OrderAccepted` on the replacement, or `OrderReplaceRejected` with a reason.
   */
  replace(order: Order, replacement: Order): void;

  /** Working orders at the broker (Alpaca: GET /v2/orders?status=open&nested=true). */
  fetchOpenOrders?(): Promise<BrokerOrderReport[]>;
  /** One order by client order id, or null when the broker never received it. */
  fetchOrder?(clientOrderId: string): Promise<BrokerOrderReport | null>;
  /** Positions at the broker (Alpaca: GET /v2/positions). */
  fetchPositions?(): Promise<BrokerPosition[]>;
  /** Cash, equity and buying power (Alpaca: GET /v2/account). */
  fetchAccount?(): Promise<BrokerAccount>;
}

export type BrokerEventSink = (event: BrokerOrderEvent) => void;

export interface BrokerCapabilities {
  readonly orderTypes: readonly OrderType[];
  readonly timeInForce: readonly TimeInForce[];
  /** Order classes the broker runs itself. */
  readonly orderClasses: readonly OrderClass[];
  /** Whether `replace` is supported (else the order manager cancels and resubmits). */
  readonly replace: boolean;
  /** Whether quantities may be fractional. */
  readonly fractional: boolean;
}

/** An order as the broker reports it when asked (reconciliation). */
export interface BrokerOrderReport {
  readonly clientOrderId: string;
  readonly brokerOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly qty: number;
  readonly filledQty: number;
  readonly avgFillPrice: number | null;
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly status: OrderStatus;
  readonly orderClass: OrderClass;
  readonly updatedAt: number;
  readonly legs: readonly BrokerOrderReport[];
}

export interface BrokerPosition {
  readonly symbol: string;
  /** Signed: + long, − short. */
  readonly qty: number;
  readonly avgEntryPrice: number;
  readonly marketValue: number;
  readonly lastPrice: number;
}

export interface BrokerAccount {
  readonly cash: number;
  readonly equity: number;
  readonly buyingPower: number;
  readonly longMarketValue: number;
  readonly shortMarketValue: number;
  readonly tradingBlocked: boolean;
  readonly shortingEnabled: boolean;
}
