import { finiteOrNull } from './returns';

/** What the metrics need of a closed (round-trip) trade. */
export interface ClosedTrade {
  /** Realised profit or loss in account currency, after costs. */
  readonly pnl: number;
  /** Return on the capital the trade committed, as a fraction (0.05 = +5%), after costs. */
  readonly returnFraction: number;
  readonly entryTime: number;
  readonly exitTime: number;
}

export interface TradeStatistics {
  readonly tradeCount: number;
  readonly winners: number;
  readonly losers: number;
  /** Winners (P&L > 0) over all trades; a break-even trade is not a win. Null without trades. */
  readonly winRate: number | null;
  /** Gross profit / gross loss. Null without trades, and when nothing was lost (no division by zero). */
  readonly profitFactor: number | null;
  /** Mean P&L per trade in account currency (= winRate·avgWin + lossRate·avgLoss). */
  readonly expectancy: number | null;
  /** Mean return per trade, as a fraction. */
  readonly expectancyReturn: number | null;
  readonly averageWin: number | null;
  /** Mean P&L of the losing trades (a negative number). */
  readonly averageLoss: number | null;
  readonly grossProfit: number;
  readonly grossLoss: number;
  /** Mean holding time in calendar days. */
  readonly averageHoldingDays: number | null;
}

export function tradeStatistics(trades: readonly ClosedTrade[]): TradeStatistics {
  let winners = 0;
  let losers = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let sumReturn = 0;
  let sumHoldingMs = 0;
  for (const trade of trades) {
    if (trade.pnl > 0) {
      winners++;
      grossProfit += trade.pnl;
    } else if (trade.pnl < 0) {
      losers++;
      grossLoss -= trade.pnl;
    }
    sumReturn += trade.returnFraction;
    sumHoldingMs += trade.exitTime - trade.entryTime;
  }
  const count = trades.length;
  const none = count === 0;
  return {
    tradeCount: count,
    winners,
    losers,
    winRate: none ? null : winners / count,
    profitFactor: none || grossLoss === 0 ? null : grossProfit / grossLoss,
    expectancy: none ? null : finiteOrNull((grossProfit - grossLoss) / count),
    expectancyReturn: none ? null : finiteOrNull(sumReturn / count),
    averageWin: winners === 0 ? null : grossProfit / winners,
    averageLoss: losers === 0 ? null : -grossLoss / losers,
    grossProfit,
    grossLoss,
    averageHoldingDays: none ? null : sumHoldingMs / count / 86_400_000,
  };
}
