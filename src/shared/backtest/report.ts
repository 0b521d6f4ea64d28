import type { BacktestResult } from './run-backtest';

/** Formats a bar time of `symbol` the way its input wrote times (a date, or a date-time in its zone). */
export type TimeFormatter = (symbol: string, t: number) => string;

const TIME_KEY = /^(start|end)$|T$/;

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Metrics (or any plain record) with snake_case keys and times written as the input wrote them. */
export function reportMetrics(value: unknown, formatTime: (t: number) => string, key = ''): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return TIME_KEY.test(key) ? formatTime(value) : value;
  if (Array.isArray(value)) return value.map((item) => reportMetrics(item, formatTime));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[snake(k)] = reportMetrics(v, formatTime, k);
    return out;
  }
  return value;
}

/**
 * The machine-readable summary of a run (what `sextant backtest --json` prints, without timing):
 * trades and open positions with their times as the input gave them, metrics in snake_case.
 */
export function backtestReport(result: BacktestResult, formatTime: TimeFormatter) {
  const firstSymbol = result.symbols[0]!;
  return {
    strategy: result.strategy,
    params: result.params,
    symbols: result.symbols,
    timeframe: result.timeframe,
    bars: result.bars,
    initial_cash: result.initialCash,
    final_equity: result.finalEquity,
    sizing: result.sizing,
    fill_model: reportMetrics(result.fillModel, () => '') as Record<string, unknown>,
    trades: result.trades.map((trade) => ({
      symbol: trade.symbol,
      side: trade.side,
      qty: trade.qty,
      entry_time: formatTime(trade.symbol, trade.entryTime),
      entry_price: trade.entryPrice,
      exit_time: formatTime(trade.symbol, trade.exitTime),
      exit_price: trade.exitPrice,
      pnl: trade.pnl,
      commission: trade.commission,
    })),
    open_positions: result.openPositions.map((position) => ({
      symbol: position.symbol,
      qty: position.qty,
      entry_time: formatTime(position.symbol, position.entryTime),
      entry_price: position.entryPrice,
      last_price: position.lastPrice,
      unrealized_pnl: position.unrealizedPnl,
    })),
    metrics: reportMetrics(result.metrics, (t) => formatTime(firstSymbol, t)) as Record<string, unknown>,
    orders: result.orders.length,
    fills: result.fills.length,
    risk_denials: result.riskDenials.map((decision) => ({
      time: formatTime(firstSymbol, decision.t),
      client_order_id: decision.clientOrderId,
      rules: decision.rules.filter((rule) => !rule.passed).map((rule) => ({ rule: rule.rule, detail: rule.detail })),
    })),
    notes: result.notes,
  };
}

export type BacktestReport = ReturnType<typeof backtestReport>;
