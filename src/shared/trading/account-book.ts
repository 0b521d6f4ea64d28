import type { Fill } from '../domain/fill';
import type { Instrument } from '../domain/instrument';
import type { Position } from '../domain/position';
import { Portfolio, type HoldingState } from '../portfolio/portfolio';

/** A position as a broker reports it (reconciliation): the broker's view wins. */
export interface ReportedPosition {
  readonly symbol: string;
  readonly qty: number;
  readonly avgEntryPrice: number;
  readonly lastPrice: number;
}

/**
 * The live account as the trading service keeps it between reconciliations: cash and positions
 * moved by every fill, marked by every price, and replaced by the broker's own figures at each
 * reconciliation. It is the backtester's `Portfolio` (the same fill arithmetic), over a universe of
 * symbols that grows as symbols are traded or priced: a new symbol rebuilds the portfolio from its
 * saved state.
 */
export class AccountBook {
  private portfolio: Portfolio;
  private instruments: Instrument[] = [];
  private readonly known = new Set<string>();

  constructor(
    cash: number,
    private readonly instrumentOf: (symbol: string) => Instrument,
  ) {
    this.portfolio = new Portfolio(cash, []);
  }

  get cash(): number {
    return this.portfolio.cash;
  }

  equity(): number {
    return this.portfolio.equity();
  }

  longMarketValue(): number {
    return this.portfolio.longMarketValue();
  }

  shortMarketValue(): number {
    return this.portfolio.shortMarketValue();
  }

  realizedPnl(): number {
    return this.portfolio.realizedPnl();
  }

  unrealizedPnl(): number {
    return this.portfolio.unrealizedPnl();
  }

  positionQty(symbol: string): number {
    return this.portfolio.positionQty(symbol);
  }

  /** NaN when never priced. */
  lastPrice(symbol: string): number {
    return this.portfolio.lastPrice(symbol);
  }

  has(symbol: string): boolean {
    return this.known.has(symbol);
  }

  openSymbols(): string[] {
    return this.portfolio.openSymbols();
  }

  openPositions(): Position[] {
    return this.portfolio.openPositions();
  }

  /** The position in `symbol` (flat when never traded). */
  position(symbol: string): Position {
    this.ensure(symbol);
    return this.portfolio.position(symbol);
  }

  /** Books one execution. Returns its realised P&L before commission. */
  applyFill(fill: Fill): number {
    this.ensure(fill.symbol);
    return this.portfolio.applyFill(fill);
  }

  mark(symbol: string, price: number): void {
    if (!(price > 0) || !Number.isFinite(price)) return;
    // ensure() may replace the portfolio: take the index before reading this.portfolio.
    const index = this.ensure(symbol);
    this.portfolio.mark(index, price);
  }

  /**
   * Takes over the broker's cash and positions: symbols the broker does not list become flat.
   * Realised P&L and commissions per symbol are kept (the broker does not report them per position).
   * Returns the differences found, in words, for the log.
   */
  adopt(cash: number, positions: readonly ReportedPosition[]): string[] {
    for (const position of positions) this.ensure(position.symbol);
    const differences: string[] = [];
    const reported = new Map(positions.map((p) => [p.symbol, p]));
    const before = this.portfolio.exportState();
    const holdings: HoldingState[] = [];
    for (const held of before.holdings) {
      const broker = reported.get(held.symbol);
      const qty = broker?.qty ?? 0;
      if (Math.abs(qty - held.qty) > 1e-9) differences.push(`${held.symbol}: local ${held.qty}, broker ${qty}`);
      holdings.push({
        ...held,
        qty,
        avgEntryPrice: broker?.avgEntryPrice ?? 0,
        lastPrice: broker && broker.lastPrice > 0 ? broker.lastPrice : held.lastPrice,
        openedAt: qty === 0 ? null : held.qty !== 0 && Math.sign(held.qty) === Math.sign(qty) ? held.openedAt : null,
      });
      reported.delete(held.symbol);
    }
    for (const broker of reported.values()) {
      if (broker.qty !== 0) differences.push(`${broker.symbol}: local 0, broker ${broker.qty}`);
      holdings.push({
        symbol: broker.symbol,
        qty: broker.qty,
        avgEntryPrice: broker.avgEntryPrice,
        lastPrice: broker.lastPrice > 0 ? broker.lastPrice : null,
        realizedPnl: 0,
        commissions: 0,
        openedAt: null,
      });
    }
    if (Math.abs(before.cash - cash) > 0.005) differences.push(`cash: local ${before.cash.toFixed(2)}, broker ${cash.toFixed(2)}`);
    this.portfolio.restoreState({ cash, holdings });
    return differences;
  }

  private ensure(symbol: string): number {
    if (!this.known.has(symbol)) {
      const state = this.portfolio.exportState();
      this.instruments = [...this.instruments, this.instrumentOf(symbol)];
      this.known.add(symbol);
      this.portfolio = new Portfolio(state.cash, this.instruments);
      this.portfolio.restoreState(state);
    }
    return this.portfolio.symbolIndex(symbol);
  }
}
