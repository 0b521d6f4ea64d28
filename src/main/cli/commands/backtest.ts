import { backtestReport, type BacktestReport } from '../../../shared/backtest/report';
import { runBacktest, type BacktestConfig } from '../../../shared/backtest/run-backtest';
import { parseCommission, parseSlippage } from '../../../shared/broker/sim/costs';
import type { FillModelConfig } from '../../../shared/broker/sim/simulated-broker';
import { InputError } from '../../../shared/errors';
import { normalizeSymbol } from '../../../shared/market/symbol';
import type { RiskLimits } from '../../../shared/risk/risk-limits';
import { coerceParamText, strategyNames } from '../../../shared/strategies/registry';
import { loadCsvSeries, loadDatasetSeries, symbolFromFileName, timeFormatterFor, type LoadedSeries } from '../../backtest/backtest-data';
import { DatasetStore } from '../../market/dataset-store';
import { booleanOption, listOption, numberOption, stringOption, type ParsedArgs } from '../args';
import { EXIT_OK, type CliCommand, type CliContext } from '../command';
import { formatTable } from '../table';
import { readInputFile } from './import';

function parseParams(pairs: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (!key) throw new InputError(`--param "${pair}" should be name=value, e.g. --param fast=10`);
    if (key in params) throw new InputError(`--param ${key} was given twice`);
    params[key] = coerceParamText(pair.slice(eq + 1));
  }
  return params;
}

function sizingOf(args: ParsedArgs): string | undefined {
  const qty = numberOption(args, 'qty');
  const sizing = stringOption(args, 'sizing');
  if (qty !== undefined && sizing !== undefined) throw new InputError('give --qty or --sizing, not both');
  if (qty !== undefined) {
    if (!(qty > 0)) throw new InputError(`--qty must be a positive number, got ${qty}`);
    return `fixed:${qty}`;
  }
  return sizing;
}

function fillModelOf(args: ParsedArgs): Partial<FillModelConfig> {
  const model: { -readonly [K in keyof FillModelConfig]?: FillModelConfig[K] } = {};
  const fill = stringOption(args, 'fill');
  if (fill !== undefined) {
    if (fill !== 'next-open' && fill !== 'close') throw new InputError(`--fill must be next-open or close, got "${fill}"`);
    model.marketFill = fill;
  }
  const ambiguous = stringOption(args, 'ambiguous-bar');
  if (ambiguous !== undefined) {
    if (ambiguous !== 'stop-first' && ambiguous !== 'target-first' && ambiguous !== 'nearest-first') {
      throw new InputError(`--ambiguous-bar must be stop-first, target-first or nearest-first, got "${ambiguous}"`);
    }
    model.ambiguousBar = ambiguous;
  }
  const commission = stringOption(args, 'commission');
  if (commission !== undefined) model.commission = parseCommission(commission);
  const slippage = stringOption(args, 'slippage');
  if (slippage !== undefined) model.slippage = parseSlippage(slippage);
  const volume = numberOption(args, 'max-volume-pct');
  if (volume !== undefined) {
    if (!(volume > 0 && volume <= 100)) throw new InputError(`--max-volume-pct must be above 0 and at most 100, got ${volume}`);
    model.maxVolumePct = volume;
  }
  return model;
}

function riskOf(args: ParsedArgs): Partial<RiskLimits> {
  const risk: { -readonly [K in keyof RiskLimits]?: RiskLimits[K] } = {};
  const position = numberOption(args, 'max-position-pct');
  if (position !== undefined) {
    if (!(position > 0)) throw new InputError(`--max-position-pct must be positive, got ${position}`);
    risk.maxPositionPct = position;
  }
  const loss = numberOption(args, 'max-daily-loss-pct');
  if (loss !== undefined) {
    if (!(loss > 0)) throw new InputError(`--max-daily-loss-pct must be positive, got ${loss}`);
    risk.maxDailyLossPct = loss;
  }
  return risk;
}

function loadSeries(ctx: CliContext): LoadedSeries[] {
  const files = listOption(ctx.args, 'csv');
  const datasets = listOption(ctx.args, 'dataset');
  const symbols = listOption(ctx.args, 'symbol').map(normalizeSymbol);
  if (files.length > 0 && datasets.length > 0) throw new InputError('give the bars with --csv or with --dataset, not both');
  const count = files.length + datasets.length;
  if (count === 0) throw new InputError(`say which bars to test: --csv FILE or --dataset ID (twice for pairs). Usage: sextant ${backtestCommand.usage}`);
  if (symbols.length > 0 && symbols.length !== count) throw new InputError(`give one --symbol per ${files.length > 0 ? '--csv' : '--dataset'} (${count}), in the same order; got ${symbols.length}`);
  const timeframe = stringOption(ctx.args, 'timeframe');
  const timeZone = stringOption(ctx.args, 'tz');
  const skipBadRows = booleanOption(ctx.args, 'skip-bad-rows');
  const loaded =
    files.length > 0
      ? files.map((file, i) => loadCsvSeries(file, readInputFile(file), symbols[i] ?? symbolFromFileName(file), { timeframe, timeZone, skipBadRows }))
      : datasets.map((text, i) => {
          const id = Number(text);
          if (!Number.isInteger(id) || id <= 0) throw new InputError(`--dataset needs a dataset id (a positive whole number), got "${text}"`);
          return loadDatasetSeries(new DatasetStore(ctx.db()), id, symbols[i]);
        });
  const seen = new Set<string>();
  for (const series of loaded) {
    if (seen.has(series.data.symbol)) throw new InputError(`two inputs are both ${series.data.symbol}; name them apart with --symbol A --symbol B`);
    seen.add(series.data.symbol);
  }
  const timeframes = new Set(loaded.map((s) => s.timeframe));
  if (timeframes.size > 1) throw new InputError(`the inputs have different bar sizes (${[...timeframes].join(', ')}); test bars of one size together`);
  return loaded;
}

function summary(report: BacktestReport & { elapsed_ms: number; warnings: string[] }): string {
  const m = report.metrics as Record<string, unknown>;
  const pct = (value: unknown) => (typeof value === 'number' ? `${(value * 100).toFixed(2)}%` : 'n/a');
  const num = (value: unknown) => (typeof value === 'number' ? value.toFixed(2) : 'n/a');
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
  return lines.join('\n');
}

export const backtestCommand: CliCommand = {
  name: 'backtest',
  summary: 'Backtest a strategy on a CSV file or a stored dataset (pairs: two of them, A then B)',
  usage:
    'backtest --csv FILE | --dataset ID --strategy NAME [--param k=v ...] [--qty N | --sizing fixed:N|all-in|percent:P|risk:P] [--cash 100000] [--commission SPEC] [--slippage SPEC] [--fill next-open|close] [--json]',
  options: {
    csv: { type: 'string', multiple: true, description: 'an OHLCV CSV file; twice for pairs (A then B)' },
    dataset: { type: 'string', multiple: true, description: 'a stored dataset id (see `sextant datasets`); twice for pairs' },
    symbol: { type: 'string', multiple: true, description: 'symbol of each input, in order (default: the file name up to its first _ or the dataset symbol)' },
    strategy: { type: 'string', description: `one of ${strategyNames().join(', ')}` },
    param: { type: 'string', multiple: true, description: 'strategy parameter name=value, e.g. fast=10' },
    qty: { type: 'number', description: 'units per new position (same as --sizing fixed:N)' },
    sizing: { type: 'string', description: 'fixed:N | all-in | percent:P (of equity) | risk:P (% of equity to a 2% stop); default: the strategy\'s' },
    cash: { type: 'number', description: 'starting cash (default 100000)' },
    commission: { type: 'string', description: 'none | per-share:0.005[,min:1][,max:1%] | per-order:1 | bps:5[,min:1] (default none)' },
    slippage: { type: 'string', description: 'none | bps:B | ticks:N (default none)' },
    fill: { type: 'string', description: 'market orders fill at the next-open (default) or the signal bar close' },
    'ambiguous-bar': { type: 'string', description: 'bar touching a stop and a target: stop-first (default) | target-first | nearest-first' },
    'max-volume-pct': { type: 'number', description: 'fill at most this % of each bar\'s volume (partial fills across bars)' },
    'max-position-pct': { type: 'number', description: 'risk cap on a position as % of equity (default off in backtests; 10 live)' },
    'max-daily-loss-pct': { type: 'number', description: 'halt new exposure for the day after this loss (default off in backtests)' },
    timeframe: { type: 'string', description: 'bar size of CSV input when it cannot be inferred' },
    tz: { type: 'string', description: 'time zone of CSV times without an offset (default America/New_York)' },
    'skip-bad-rows': { type: 'boolean', description: 'leave out CSV rows that fail a check (each reported in warnings) instead of refusing the file' },
  },
  run(ctx) {
    if (ctx.args.positionals.length > 0) throw new InputError(`unexpected argument "${ctx.args.positionals[0]}". Usage: sextant ${backtestCommand.usage}`);
    const strategy = stringOption(ctx.args, 'strategy');
    if (!strategy) throw new InputError(`say which strategy: --strategy ${strategyNames().join(' | ')}`);
    const cash = numberOption(ctx.args, 'cash');
    const sizing = sizingOf(ctx.args);
    const fillModel = fillModelOf(ctx.args);
    const risk = riskOf(ctx.args);
    const params = parseParams(listOption(ctx.args, 'param'));
    const series = loadSeries(ctx);
    const config: BacktestConfig = {
      data: series.map((s) => s.data),
      strategy: { name: strategy, params },
      ...(cash !== undefined ? { initialCash: cash } : {}),
      ...(sizing !== undefined ? { sizing } : {}),
      fillModel,
      risk,
      timeframe: series[0]!.timeframe,
      sessionTimeZone: series[0]!.timeZone,
    };
    const started = performance.now();
    const result = runBacktest(config);
    const elapsed = performance.now() - started;
    const warnings = series.flatMap((s) => s.warnings);
    const report = { ...backtestReport(result, timeFormatterFor(series)), warnings, elapsed_ms: Math.round(elapsed * 1000) / 1000 };
    ctx.output(report, () => summary(report));
    return EXIT_OK;
  },
};
