import type { Order, OrderRequest, OrderSide } from '../domain/order';
import type { OrderEvent } from '../domain/order-events';
import type { RegimeView } from '../domain/regime';
import type { Signal } from '../domain/signal';
import type { SeriesIndicator } from '../indicators/series';
import type { BarView } from './bar-view';

/** What `onBar` may return: nothing (most bars), a signal, an order, or several of them. */
export type StrategyIntent = Signal | OrderRequest;
export type StrategyOutput = void | null | undefined | StrategyIntent | readonly StrategyIntent[];

/**
 * A strategy: plain TypeScript with no platform imports. It runs unchanged in a backtest and live;
 * it never knows which, and it never touches the broker: it returns signals or orders, which go
 * through sizing, the risk manager and the order manager like any other.
 */
export interface Strategy {
  /** Strategy id written on its signals and orders (`sma-cross`, `pairs`...). */
  readonly id: string;
  /** Called once before the first bar: declare the indicators the engine should keep up to date. */
  init?(setup: StrategySetup): void;
  /**
   * Called once per time step after the new bars are in, the fills of the step applied and the
   * indicators updated. Live, a warm-up on stored history feeds the indicators and hooks but not
   * `onBar` (nothing is traded on history): keep state that must survive it in indicators or hooks.
   */
  onBar(context: StrategyContext): StrategyOutput;
  /** Every order event of this run (optional). Must not submit orders: return them from `onBar`. */
  onOrderEvent?(event: OrderEvent, order: Order): void;
}

export type BarField = 'open' | 'high' | 'low' | 'close' | 'volume';

export interface StrategySetup {
  readonly symbols: readonly string[];
  /** The view of a symbol's bars, to keep for `onBar` (the same object as `context.bars(symbol)`). */
  bars(symbol: string): BarView;
  /**
   * Keeps `indicator` updated with `field` of every new bar of `symbol`, before `onBar`.
   * Returns the indicator, whose `value` the strategy reads.
   */
  track<T extends SeriesIndicator>(symbol: string, field: BarField, indicator: T): T;
  /** Calls `update` with the symbol's view on every new bar of `symbol`, before `onBar` (for multi-input indicators). */
  onEachBar(symbol: string, update: (bars: BarView) => void): void;
}

/** Read-only account facts a strategy may use. */
export interface StrategyAccount {
  readonly cash: number;
  readonly equity: number;
  /** Filled position (signed). */
  positionQty(symbol: string): number;
  /** Average entry price of the position (0 when flat). */
  avgEntryPrice(symbol: string): number;
  /** Working buys minus working sells not yet filled. */
  workingQty(symbol: string): number;
}

/**
 * The strategy's view of the world at the current step. One object, reused from step to step
 * (a strategy must not keep it past `onBar`).
 */
export interface StrategyContext {
  /** Time of the current step (bar start, epoch ms). */
  readonly t: number;
  /** Step number from 0. */
  readonly step: number;
  readonly symbols: readonly string[];
  /** Bars of a symbol up to now (throws `LookAheadError` past the current bar). */
  bars(symbol: string): BarView;
  /** Whether `symbol` has a new bar at this step (multi-symbol runs: not every symbol trades at every time). */
  updated(symbol: string): boolean;
  readonly account: StrategyAccount;
  /** The regime of `symbol` at its current bar, when a regime column is available. */
  regime(symbol: string): RegimeView | undefined;
  /**
   * Quantity the run's sizer gives for a new position (whole lots, 0 = none), at `price`
   * (default: the last close) with an optional protective stop.
   */
  size(symbol: string, side: OrderSide, price?: number, stopPrice?: number): number;
  /** Records a note in the run's log (e.g. why a signal was skipped). */
  note(text: string): void;
}
