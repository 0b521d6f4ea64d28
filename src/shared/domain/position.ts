/** A holding in one symbol. Positive quantity is long, negative short. */
export interface Position {
  readonly symbol: string;
  /** Signed: + long, − short, 0 flat. */
  readonly qty: number;
  /** Average price of the open quantity (0 when flat). */
  readonly avgEntryPrice: number;
  /** Time of the fill that opened the current position (null when flat). */
  readonly openedAt: number | null;
  /** The last price the position was valued at. */
  readonly lastPrice: number;
  /** qty × lastPrice × multiplier: negative for a short. */
  readonly marketValue: number;
  readonly unrealizedPnl: number;
  /** Realised P&L of this symbol since the portfolio started, before commissions. */
  readonly realizedPnl: number;
  /** Commissions paid in this symbol since the portfolio started. */
  readonly commissions: number;
}

/** The whole account at one instant: cash + long market value + short market value = equity. */
export interface PortfolioSnapshot {
  readonly t: number;
  readonly cash: number;
  readonly equity: number;
  /** Sum of long positions' values (≥ 0). */
  readonly longMarketValue: number;
  /** Sum of short positions' values (≤ 0). */
  readonly shortMarketValue: number;
  /** Realised P&L before commissions. */
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  readonly commissions: number;
  readonly positions: readonly Position[];
}
