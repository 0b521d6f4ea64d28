import type { OrderSide } from './order';

/** One execution reported by the broker. `executionId` is unique per broker and keys idempotency. */
export interface Fill {
  readonly executionId: string;
  readonly clientOrderId: string;
  readonly brokerOrderId: string | null;
  readonly symbol: string;
  readonly side: OrderSide;
  /** Always positive; `side` gives the direction. */
  readonly qty: number;
  readonly price: number;
  /** Commission charged for this execution (never negative). */
  readonly commission: number;
  /** Execution time, epoch ms. */
  readonly t: number;
  /**
   * The order's filled quantity at the broker right after this execution, when the broker says
   * (Alpaca: the event's order, an activity's `cum_qty`). It names the execution whatever id it
   * comes under, so the order manager also refuses a repeat reported under another id.
   */
  readonly brokerCumQty?: number;
}
