import type { Fill } from '../domain/fill';

/**
 * A round trip: a position from the fill that opened it to the fill that brought it back to zero.
 * Scaling in and out stays one trade: entry and exit prices are the averages of the opening and
 * closing fills. A fill that reverses a position closes one trade and opens the next with the
 * remainder (its commission split in proportion).
 */
export interface Trade {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  /** Total quantity opened (= total closed). */
  readonly qty: number;
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly exitTime: number;
  readonly exitPrice: number;
  /** (exit − entry) × qty × multiplier, signed for the side, before commissions. */
  readonly grossPnl: number;
  readonly commission: number;
  /** grossPnl − commission. */
  readonly pnl: number;
  /** pnl as a fraction of the entry value. */
  readonly returnPct: number;
}

interface OpenTrade {
  direction: 1 | -1;
  openedQty: number;
  openedValue: number;
  closedQty: number;
  closedValue: number;
  commission: number;
  entryTime: number;
  position: number;
}

export class TradeLedger {
  readonly trades: Trade[] = [];
  private readonly open = new Map<string, OpenTrade>();
  private readonly multiplierOf: (symbol: string) => number;

  constructor(multiplierOf: (symbol: string) => number = () => 1) {
    this.multiplierOf = multiplierOf;
  }

  /** The trade still open in `symbol` (entry side), if any. */
  openTrade(symbol: string): { side: 'long' | 'short'; qty: number; entryTime: number; entryPrice: number } | null {
    const trade = this.open.get(symbol);
    if (!trade) return null;
    return { side: trade.direction > 0 ? 'long' : 'short', qty: Math.abs(trade.position), entryTime: trade.entryTime, entryPrice: trade.openedValue / trade.openedQty };
  }

  record(fill: Fill): void {
    const direction = fill.side === 'buy' ? 1 : -1;
    let remaining = fill.qty;
    let trade = this.open.get(fill.symbol);
    if (trade && trade.direction !== direction) {
      const closing = Math.min(remaining, Math.abs(trade.position));
      trade.closedQty += closing;
      trade.closedValue += closing * fill.price;
      trade.commission += (fill.commission * closing) / fill.qty;
      trade.position = round(trade.position + direction * closing);
      remaining = round(remaining - closing);
      if (trade.position === 0) {
        this.close(fill.symbol, trade, fill.t);
        trade = undefined;
      }
    }
    if (remaining <= 0) return;
    if (!trade) {
      trade = { direction, openedQty: 0, openedValue: 0, closedQty: 0, closedValue: 0, commission: 0, entryTime: fill.t, position: 0 };
      this.open.set(fill.symbol, trade);
    }
    trade.openedQty += remaining;
    trade.openedValue += remaining * fill.price;
    trade.commission += (fill.commission * remaining) / fill.qty;
    trade.position = round(trade.position + direction * remaining);
  }

  private close(symbol: string, trade: OpenTrade, exitTime: number): void {
    this.open.delete(symbol);
    const entryPrice = trade.openedValue / trade.openedQty;
    const exitPrice = trade.closedValue / trade.closedQty;
    const grossPnl = (trade.closedValue - trade.openedValue) * trade.direction * this.multiplierOf(symbol);
    const pnl = grossPnl - trade.commission;
    this.trades.push({
      symbol,
      side: trade.direction > 0 ? 'long' : 'short',
      qty: trade.openedQty,
      entryTime: trade.entryTime,
      entryPrice,
      exitTime,
      exitPrice,
      grossPnl,
      commission: trade.commission,
      pnl,
      returnPct: pnl / (trade.openedValue * this.multiplierOf(symbol)),
    });
  }
}

function round(qty: number): number {
  return Math.round(qty * 1e9) / 1e9;
}
