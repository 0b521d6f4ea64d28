import type { OrderClass, OrderSide, OrderType } from '../domain/order';
import type { RegimeView } from '../domain/regime';
import type { RiskLimits } from './risk-limits';

/**
 * ACTIVE: every order is checked by the rules. REDUCING: only orders that shrink a position pass
 * (set by hand, e.g. before a news event). HALTED: only reducing orders pass, latched: by the
 * max-daily-loss rule until the next session, by the kill switch or by hand until a manual reset.
 */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

/** An order as the risk manager sees it before it exists at the broker. */
export interface ProposedOrder {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly qty: number;
  readonly type: OrderType;
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly orderClass: OrderClass;
  /** The protective stop the order carries (bracket or OTO stop-loss leg). */
  readonly stopLossPrice: number | null;
  readonly takeProfitPrice: number | null;
  /** An OCO pair: exits only, never adds to a position. */
  readonly exitOnly: boolean;
  /** For a replacement, the unfilled quantity of the order it replaces (exposure already counted). */
  readonly replacesQty: number;
  readonly tag: string | null;
}

/** One rule's decision about one order. */
export interface RuleVerdict {
  readonly rule: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface RiskDecision {
  readonly clientOrderId: string;
  readonly t: number;
  readonly approved: boolean;
  readonly state: TradingState;
  /** The order only shrinks an existing position. */
  readonly reducing: boolean;
  /** Every rule's verdict, in the order they ran (the trading-state gate first). */
  readonly rules: readonly RuleVerdict[];
}

/** What the rules may read of the account. Implemented over the portfolio and the order manager. */
export interface RiskAccount {
  equity(): number;
  /** Signed position quantity (0 when flat). */
  positionQty(symbol: string): number;
  /** Last known price, NaN when none. */
  lastPrice(symbol: string): number;
  /**
   * When the last price was current (epoch ms; NaN when unknown). Given by hosts whose prices carry
   * a time (a live broker's trades and quotes): the rules then refuse a price older than
   * `maxPriceAgeSec` rather than pass on it. Left out in backtests and on the offline paper broker.
   */
  priceTime?(symbol: string): number;
  /** Unfilled quantity of working orders on `side` in `symbol` (legs waiting for their entry and orders being canceled excluded). */
  workingQty(symbol: string, side: OrderSide): number;
  /** Symbols with a non-zero position. */
  openSymbols(): readonly string[];
}

/**
 * Market context some rules need (issue 5): the stop protecting each position, the correlation of
 * returns between two symbols, the regime. Every member is optional: a rule whose input is missing
 * says so in its verdict.
 */
export interface RiskMarketContext {
  /** The stop price protecting the open position in `symbol`, if any. */
  stopPrice?(symbol: string): number | undefined;
  /** Correlation of daily returns of two symbols over the configured lookback, if known. */
  correlation?(a: string, b: string): number | undefined;
  regime?(symbol: string): RegimeView | undefined;
  /** Market time between two instants for price staleness (US equities: regular-session time); default wall time. */
  priceAgeMs?(from: number, to: number): number;
}

export interface RiskCheckInput {
  readonly order: ProposedOrder;
  readonly account: RiskAccount;
  readonly market: RiskMarketContext;
  readonly limits: RiskLimits;
  readonly state: TradingState;
  readonly reducing: boolean;
  readonly now: number;
  /** Equity at the start of the current session (NaN before the first observation). */
  readonly sessionStartEquity: number;
}

/** One pre-trade rule: a pure check of its input, well under a millisecond. */
export interface RiskRule {
  readonly name: string;
  check(input: RiskCheckInput): RuleVerdict;
  /** Called when an order passed every rule and is on its way (for rules that count orders). */
  approved?(input: RiskCheckInput): void;
}

/** What the order manager asks of risk: one decision per proposed order. */
export interface PreTradeRisk {
  check(order: ProposedOrder): RiskDecision;
}

export interface TradingStateChange {
  readonly t: number;
  readonly from: TradingState;
  readonly to: TradingState;
  readonly reason: string;
}
