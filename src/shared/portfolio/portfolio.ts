import { roundQuantity, type Instrument } from '../domain/instrument';
import type { Fill } from '../domain/fill';
import type { PortfolioSnapshot, Position } from '../domain/position';

/** One symbol's book entry, as saved and restored (a restart, a broker's view taken over). */
export interface HoldingState {
  readonly symbol: string;
  readonly qty: number;
  readonly avgEntryPrice: number;
  /** NaN or null when never marked. */
  readonly lastPrice: number | null;
  readonly realizedPnl: number;
  readonly commissions: number;
  readonly openedAt: number | null;
}

/** Everything a portfolio holds, as plain data (JSON-safe). */
export interface PortfolioState {
  readonly cash: number;
  readonly holdings: readonly HoldingState[];
}

/**
 * Cash, positions and P&L, kept in columns indexed by symbol so marking to market on every bar
 * allocates nothing. Short sales add their proceeds to cash and hold a negative market value, so
 * equity = cash + Σ qty × price × multiplier at every instant (the invariant tests check).
 */
export class Portfolio {
  readonly symbols: readonly string[];
  readonly initialCash: number;
  private readonly indexOf = new Map<string, number>();
  private readonly multipliers: Float64Array;
  private readonly qty: Float64Array;
  private readonly avg: Float64Array;
  private readonly last: Float64Array;
  private readonly realized: Float64Array;
  private readonly paid: Float64Array;
  private readonly opened: Float64Array;
  private cashBalance: number;

  constructor(initialCash: number, instruments: readonly Pick<Instrument, 'symbol' | 'multiplier'>[]) {
    this.initialCash = initialCash;
    this.cashBalance = initialCash;
    this.symbols = instruments.map((i) => i.symbol);
    const n = instruments.length;
    this.multipliers = new Float64Array(n);
    this.qty = new Float64Array(n);
    this.avg = new Float64Array(n);
    this.last = new Float64Array(n).fill(Number.NaN);
    this.realized = new Float64Array(n);
    this.paid = new Float64Array(n);
    this.opened = new Float64Array(n).fill(Number.NaN);
    instruments.forEach((instrument, i) => {
      this.indexOf.set(instrument.symbol, i);
      this.multipliers[i] = instrument.multiplier;
    });
  }

  get cash(): number {
    return this.cashBalance;
  }

  symbolIndex(symbol: string): number {
    const index = this.indexOf.get(symbol);
    if (index === undefined) throw new Error(`Portfolio has no symbol ${symbol}`);
    return index;
  }

  has(symbol: string): boolean {
    return this.indexOf.has(symbol);
  }

  /** Signed quantity held at `index`. */
  qtyAt(index: number): number {
    return this.qty[index]!;
  }

  positionQty(symbol: string): number {
    const index = this.indexOf.get(symbol);
    return index === undefined ? 0 : this.qty[index]!;
  }

  lastPriceAt(index: number): number {
    return this.last[index]!;
  }

  lastPrice(symbol: string): number {
    const index = this.indexOf.get(symbol);
    return index === undefined ? Number.NaN : this.last[index]!;
  }

  /** Values the position at `index` at `price` from now on. */
  mark(index: number, price: number): void {
    this.last[index] = price;
  }

  /** Values the position at `index` at `prices[at]` (the per-bar call: no number is boxed to pass it). */
  markAt(index: number, prices: Float64Array, at: number): void {
    this.last[index] = prices[at]!;
  }

  /** Results of the last `revalue()`: equity, Σ |position value|, Σ position value. */
  valuedEquity = 0;
  valuedGross = 0;
  valuedNet = 0;

  /** Computes equity and gross and net exposure in one pass (the per-bar call of a backtest). */
  revalue(): void {
    let net = 0;
    let gross = 0;
    const n = this.qty.length;
    for (let i = 0; i < n; i++) {
      const q = this.qty[i]!;
      if (q === 0) continue;
      const value = q * this.priceOf(i) * this.multipliers[i]!;
      net += value;
      gross += value < 0 ? -value : value;
    }
    this.valuedNet = net;
    this.valuedGross = gross;
    this.valuedEquity = this.cashBalance + net;
  }

  /** cash + Σ qty × last × multiplier. A position never marked is valued at its entry price. */
  equity(): number {
    let value = this.cashBalance;
    const n = this.qty.length;
    for (let i = 0; i < n; i++) {
      const q = this.qty[i]!;
      if (q !== 0) value += q * this.priceOf(i) * this.multipliers[i]!;
    }
    return value;
  }

  longMarketValue(): number {
    let value = 0;
    for (let i = 0; i < this.qty.length; i++) if (this.qty[i]! > 0) value += this.qty[i]! * this.priceOf(i) * this.multipliers[i]!;
    return value;
  }

  shortMarketValue(): number {
    let value = 0;
    for (let i = 0; i < this.qty.length; i++) if (this.qty[i]! < 0) value += this.qty[i]! * this.priceOf(i) * this.multipliers[i]!;
    return value;
  }

  /** Gross exposure: Σ |qty × price|. */
  grossExposure(): number {
    return this.longMarketValue() - this.shortMarketValue();
  }

  realizedPnl(): number {
    let total = 0;
    for (let i = 0; i < this.realized.length; i++) total += this.realized[i]!;
    return total;
  }

  unrealizedPnl(): number {
    let total = 0;
    for (let i = 0; i < this.qty.length; i++) {
      const q = this.qty[i]!;
      if (q !== 0) total += q * (this.priceOf(i) - this.avg[i]!) * this.multipliers[i]!;
    }
    return total;
  }

  commissions(): number {
    let total = 0;
    for (let i = 0; i < this.paid.length; i++) total += this.paid[i]!;
    return total;
  }

  /**
   * Books one execution: cash moves by the trade value and the commission; the position grows
   * (new average price) or shrinks (realised P&L against the average price), possibly through zero.
   * Returns the realised P&L of this fill before commission.
   */
  applyFill(fill: Fill): number {
    const i = this.symbolIndex(fill.symbol);
    const m = this.multipliers[i]!;
    const signed = fill.side === 'buy' ? fill.qty : -fill.qty;
    const before = this.qty[i]!;
    let realized = 0;
    if (before === 0 || Math.sign(before) === Math.sign(signed)) {
      const size = Math.abs(before) + fill.qty;
      this.avg[i] = (Math.abs(before) * this.avg[i]! + fill.qty * fill.price) / size;
      if (before === 0) this.opened[i] = fill.t;
    } else {
      const closing = Math.min(Math.abs(before), fill.qty);
      realized = closing * (fill.price - this.avg[i]!) * Math.sign(before) * m;
      this.realized[i] = this.realized[i]! + realized;
    }
    const after = roundQuantity(before + signed);
    this.qty[i] = after;
    if (after === 0) {
      this.avg[i] = 0;
      this.opened[i] = Number.NaN;
    } else if (Math.sign(after) !== Math.sign(before) && before !== 0) {
      this.avg[i] = fill.price;
      this.opened[i] = fill.t;
    }
    this.cashBalance -= signed * fill.price * m + fill.commission;
    this.paid[i] = this.paid[i]! + fill.commission;
    if (Number.isNaN(this.last[i]!)) this.last[i] = fill.price;
    return realized;
  }

  /**
   * Takes the broker's cash and positions as the truth (reconciliation at start-up and after a
   * reconnect): symbols not listed become flat. Realised P&L and commissions so far are kept.
   */
  restoreHoldings(cash: number, positions: ReadonlyArray<{ symbol: string; qty: number; avgEntryPrice: number; lastPrice: number; openedAt?: number | null }>, t: number): void {
    this.cashBalance = cash;
    this.qty.fill(0);
    this.avg.fill(0);
    this.opened.fill(Number.NaN);
    for (const position of positions) {
      const i = this.symbolIndex(position.symbol);
      this.qty[i] = position.qty;
      this.avg[i] = position.qty === 0 ? 0 : position.avgEntryPrice;
      this.last[i] = position.lastPrice;
      this.opened[i] = position.qty === 0 ? Number.NaN : (position.openedAt ?? t);
    }
  }

  position(symbol: string): Position {
    const i = this.symbolIndex(symbol);
    const qty = this.qty[i]!;
    const price = this.priceOf(i);
    const m = this.multipliers[i]!;
    const opened = this.opened[i]!;
    return {
      symbol,
      qty,
      avgEntryPrice: this.avg[i]!,
      openedAt: Number.isNaN(opened) ? null : opened,
      lastPrice: price,
      marketValue: qty * price * m,
      unrealizedPnl: qty === 0 ? 0 : qty * (price - this.avg[i]!) * m,
      realizedPnl: this.realized[i]!,
      commissions: this.paid[i]!,
    };
  }

  /** Positions with a non-zero quantity. */
  openPositions(): Position[] {
    const out: Position[] = [];
    for (let i = 0; i < this.qty.length; i++) if (this.qty[i] !== 0) out.push(this.position(this.symbols[i]!));
    return out;
  }

  /** How many symbols have a non-zero position. */
  openSymbolCount(): number {
    let count = 0;
    for (let i = 0; i < this.qty.length; i++) if (this.qty[i] !== 0) count++;
    return count;
  }

  openSymbols(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.qty.length; i++) if (this.qty[i] !== 0) out.push(this.symbols[i]!);
    return out;
  }

  snapshot(t: number): PortfolioSnapshot {
    return {
      t,
      cash: this.cashBalance,
      equity: this.equity(),
      longMarketValue: this.longMarketValue(),
      shortMarketValue: this.shortMarketValue(),
      realizedPnl: this.realizedPnl(),
      unrealizedPnl: this.unrealizedPnl(),
      commissions: this.commissions(),
      positions: this.openPositions(),
    };
  }

  /** The whole book as plain data: every symbol that was ever traded or marked. */
  exportState(): PortfolioState {
    const holdings: HoldingState[] = [];
    for (let i = 0; i < this.qty.length; i++) {
      const last = this.last[i]!;
      if (this.qty[i] === 0 && Number.isNaN(last) && this.realized[i] === 0 && this.paid[i] === 0) continue;
      const opened = this.opened[i]!;
      holdings.push({
        symbol: this.symbols[i]!,
        qty: this.qty[i]!,
        avgEntryPrice: this.avg[i]!,
        lastPrice: Number.isNaN(last) ? null : last,
        realizedPnl: this.realized[i]!,
        commissions: this.paid[i]!,
        openedAt: Number.isNaN(opened) ? null : opened,
      });
    }
    return { cash: this.cashBalance, holdings };
  }

  /**
   * Replaces the whole book by `state` (cash and every holding; symbols it does not name become
   * flat and unmarked). A holding for a symbol this portfolio does not trade is an error: build the
   * portfolio with every symbol first.
   */
  restoreState(state: PortfolioState): void {
    this.cashBalance = state.cash;
    this.qty.fill(0);
    this.avg.fill(0);
    this.last.fill(Number.NaN);
    this.realized.fill(0);
    this.paid.fill(0);
    this.opened.fill(Number.NaN);
    for (const holding of state.holdings) {
      const i = this.symbolIndex(holding.symbol);
      this.qty[i] = holding.qty;
      this.avg[i] = holding.qty === 0 ? 0 : holding.avgEntryPrice;
      this.last[i] = holding.lastPrice ?? Number.NaN;
      this.realized[i] = holding.realizedPnl;
      this.paid[i] = holding.commissions;
      this.opened[i] = holding.openedAt ?? Number.NaN;
    }
  }

  private priceOf(i: number): number {
    const price = this.last[i]!;
    return Number.isNaN(price) ? this.avg[i]! : price;
  }
}
