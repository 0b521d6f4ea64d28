import { backtestReport, type BacktestReport } from '../../../shared/backtest/report';
import { InputError } from '../../../shared/errors';
import { timeFormatterFor } from '../../backtest/backtest-data';
import { EXIT_OK, type CliCommand } from '../command';
import { cliBacktest, DATA_OPTIONS, labelsOf, SAVE_OPTIONS, saveRun, TRADING_OPTIONS } from '../lab-options';
import { formatTable, numberCell, percentCell } from '../table';

function summary(report: BacktestReport & { elapsed_ms: number; warnings: string[]; experiment_id: number | null }): string {
  const m = report.metrics as Record<string, unknown>;
  const pct = percentCell;
  const num = numberCell;
  const lines = [
    `${report.strategy} ${JSON.stringify(report.params)} on ${report.symbols.join(', ')} (${report.timeframe}, ${report.bars} bars, sizing ${report.sizing})`,
    `final equity ${report.final_equity.toFixed(2)} from ${report.initial_cash.toFixed(2)}: return ${pct(m.total_return)}, CAGR ${pct(m.cagr)}, Sharpe ${num(m.sharpe)}, max drawdown ${pct(m.max_drawdown)}`,
    `${report.trades.length} trades, ${report.open_positions.length} open positions, ${report.risk_denials.length} orders refused by risk; ${report.elapsed_ms.toFixed(1)} ms`,
  ];
  if (report.trades.length > 0) {
    lines.push('', formatTable(['symbol', 'side', 'qty', 'entry', 'price', 'exit', 'price', 'P&L'], report.trades.slice(-20).map((t) => [t.symbol, t.side, t.qty, t.entry_time, t.entry_price, t.exit_time, t.exit_price, Math.round(t.pnl * 100) / 100])));
    if (report.trades.length > 20) lines.push(`(last 20 of ${report.trades.length} trades; --json prints all)`);
  }
  for (const p of report.open_positions) lines.push(`open: ${p.symbol} ${p.qty} since ${p.entry_time} at ${p.entry_price}`);
  for (const note of report.notes) lines.push(`note: ${note}`);
  for (const warning of report.warnings) lines.push(`data warning: ${warning}`);
  if (report.experiment_id !== null) lines.push(`stored as experiment ${report.experiment_id} (sextant experiments --show ${report.experiment_id})`);
  return lines.join('\n');
}

export const backtestCommand: CliCommand = {
  name: 'backtest',
  summary: 'Backtest a strategy on a CSV file or a stored dataset (pairs: two of them, A then B)',
  usage:
    'backtest --csv FILE | --dataset ID --strategy NAME [--param k=v ...] [--qty N | --sizing fixed:N|all-in|percent:P|risk:P] [--cash 100000] [--commission SPEC] [--slippage SPEC] [--fill next-open|close] [--json]',
  options: {
    ...DATA_OPTIONS,
    ...TRADING_OPTIONS,
    param: { type: 'string', multiple: true, description: 'strategy parameter name=value, e.g. fast=10' },
    ...SAVE_OPTIONS,
  },
  async run(ctx) {
    if (ctx.args.positionals.length > 0) throw new InputError(`unexpected argument "${ctx.args.positionals[0]}". Usage: sextant ${backtestCommand.usage}`);
    const { data, result, experiment, elapsedMs: elapsed } = await cliBacktest(ctx, backtestCommand.usage, labelsOf(ctx.args));
    const experimentId = saveRun(ctx, { root: experiment });
    const warnings = data.series.flatMap((s) => s.warnings);
    const report = { ...backtestReport(result, timeFormatterFor(data.series)), warnings, elapsed_ms: Math.round(elapsed * 1000) / 1000, experiment_id: experimentId };
    ctx.output(report, () => summary(report));
    return EXIT_OK;
  },
};
