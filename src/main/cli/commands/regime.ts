import path from 'node:path';
import { REGIMES } from '../../../shared/domain/regime';
import { formatBarTime } from '../../../shared/domain/time-format';
import { InputError } from '../../../shared/errors';
import { openCsv } from '../../../shared/market/csv/source';
import { CALENDAR_NAMES, type CalendarName } from '../../../shared/market/trading-calendar';
import { normalizeSymbol } from '../../../shared/market/symbol';
import { RegimeBank } from '../../../shared/regime/bank';
import { resolveRegimeConfig } from '../../../shared/regime/config';
import { loadCsvSeries, loadDatasetSeries, symbolFromFileName, type LoadedSeries } from '../../backtest/backtest-data';
import { DatasetStore } from '../../market/dataset-store';
import { numberOption, stringOption } from '../args';
import { EXIT_OK, type CliCommand, type CliContext } from '../command';
import { readInputFile } from './import';

interface RegimeRun {
  readonly symbol: string;
  readonly timeframe: string;
  readonly t: Float64Array;
  readonly close: Float64Array;
  /** Each bar's time as the input wrote it. */
  readonly times: string[];
  readonly warnings: readonly string[];
}

export interface RegimeReport {
  symbol: string;
  bars: number;
  regimes: string[];
  series: Array<{ t: string; p: number[]; label: string }>;
  transitions: Array<{ t: string; from: string; to: string }>;
  final: { p: number[]; label: string; reception: number; reception_interval: [number, number] };
  elapsed_ms: number;
}

/**
 * The time text of every bar exactly as the file wrote it: the time field (and the clock field
 * of files that split date and time) of each bar's line, found with the importer's own layout.
 */
function inputTimes(text: string, file: string, lines: Int32Array, timeZone: string): string[] {
  const source = openCsv(text, path.basename(file), { timeZone });
  const { reader, layout } = source;
  const byLine = new Map<number, string>();
  while (reader.next()) {
    const time = reader.field(layout.time).trim();
    byLine.set(reader.line, layout.clock >= 0 ? `${time} ${reader.field(layout.clock).trim()}` : time);
  }
  return Array.from(lines, (line) => byLine.get(line) ?? '');
}

function fromCsv(ctx: CliContext, file: string): RegimeRun {
  const text = readInputFile(file);
  const flag = stringOption(ctx.args, 'symbol');
  const symbol = flag ? normalizeSymbol(flag) : symbolFromFileName(file);
  const timeframe = stringOption(ctx.args, 'timeframe');
  const loaded = loadCsvSeries(file, text, symbol, timeframe ? { timeframe } : {});
  const times = inputTimes(text, file, loaded.lines!, loaded.timeZone);
  return { symbol, timeframe: loaded.timeframe, t: loaded.data.bars.t, close: loaded.data.bars.c, times, warnings: loaded.warnings };
}

function formatted(loaded: LoadedSeries): string[] {
  return Array.from(loaded.data.bars.t, (t) => formatBarTime(t, loaded.timeKind, loaded.timeZone));
}

function fromDataset(ctx: CliContext, id: number): RegimeRun {
  if (!Number.isInteger(id) || id <= 0) throw new InputError(`--dataset needs a dataset number, got ${id}`);
  const loaded = loadDatasetSeries(new DatasetStore(ctx.db()), id, undefined);
  return {
    symbol: loaded.data.symbol,
    timeframe: stringOption(ctx.args, 'timeframe') ?? loaded.timeframe,
    t: loaded.data.bars.t,
    close: loaded.data.bars.c,
    times: formatted(loaded),
    warnings: [],
  };
}

/** Runs the bank over a series and reports it in the CLI's JSON shape. */
export function regimeReport(run: RegimeRun, calendar: CalendarName): RegimeReport {
  const bank = new RegimeBank({ config: resolveRegimeConfig(), clock: { timeframe: run.timeframe, calendar } });
  const started = performance.now();
  const batch = bank.runBatch({ t: run.t, close: run.close });
  const elapsed = performance.now() - started;
  const n = batch.count;
  const indexOf = new Map<number, number>();
  run.t.forEach((t, i) => indexOf.set(t, i));
  const timeAt = (i: number): string => run.times[indexOf.get(batch.t[i]!)!]!;
  const pAt = (i: number): number[] => REGIMES.map((_, k) => batch.probabilities[k * n + i]!);
  const series = Array.from({ length: n }, (_, i) => ({ t: timeAt(i), p: pAt(i), label: REGIMES[batch.label[i]!]! }));
  const transitions: RegimeReport['transitions'] = [];
  for (let i = 0; i < n; i++) {
    const from = batch.transitionFrom[i]!;
    if (from >= 0) transitions.push({ t: timeAt(i), from: REGIMES[from]!, to: REGIMES[batch.label[i]!]! });
  }
  const reception = bank.reception();
  return {
    symbol: run.symbol,
    bars: n,
    regimes: [...REGIMES],
    series,
    transitions,
    final: n > 0 ? { p: pAt(n - 1), label: series[n - 1]!.label, reception: reception.rate, reception_interval: [reception.low, reception.high] } : { p: [], label: '', reception: reception.rate, reception_interval: [reception.low, reception.high] },
    elapsed_ms: Math.round(elapsed * 1000) / 1000,
  };
}

function text(result: unknown): string {
  const report = result as RegimeReport;
  const lines = [`${report.symbol}: ${report.bars} bars in ${report.elapsed_ms.toFixed(1)} ms, ${report.transitions.length} label changes`];
  if (report.bars > 0) {
    const last = report.series[report.bars - 1]!;
    lines.push(`at ${last.t}: ${report.final.label} (reception ${(report.final.reception * 100).toFixed(1)}%)`);
    REGIMES.forEach((name, k) => lines.push(`  ${name.padEnd(9)} ${(report.final.p[k]! * 100).toFixed(1).padStart(5)}%`));
  }
  const recent = report.transitions.slice(-5);
  if (recent.length > 0) lines.push('latest changes:', ...recent.map((x) => `  ${x.t}  ${x.from} → ${x.to}`));
  return lines.join('\n');
}

export const regimeCommand: CliCommand = {
  name: 'regime',
  summary: 'Run the regime filter bank over a CSV file or a stored dataset',
  usage: 'regime (--csv FILE [--symbol SYM] | --dataset ID) [--timeframe TF] [--calendar us-equity|weekdays|continuous] [--json]',
  options: {
    csv: { type: 'string', description: 'an OHLCV CSV file (Yahoo, Alpaca, pandas or any export the importer reads)' },
    dataset: { type: 'number', description: 'a stored dataset instead of a file' },
    symbol: { type: 'string', description: 'symbol of a CSV (default: the file name up to its first _ - . or space)' },
    timeframe: { type: 'string', description: 'bar size (default: inferred from the times, or the dataset’s)' },
    calendar: { type: 'string', description: 'trading days for dt: us-equity (default), weekdays, continuous' },
  },
  run(ctx) {
    const file = stringOption(ctx.args, 'csv');
    const dataset = numberOption(ctx.args, 'dataset');
    if ((file === undefined) === (dataset === undefined)) throw new InputError('give either --csv FILE or --dataset ID');
    const calendar = (stringOption(ctx.args, 'calendar') ?? 'us-equity') as CalendarName;
    if (!CALENDAR_NAMES.includes(calendar)) throw new InputError(`--calendar must be one of ${CALENDAR_NAMES.join(', ')}, got "${calendar}"`);
    const run = file !== undefined ? fromCsv(ctx, file) : fromDataset(ctx, dataset!);
    for (const warning of run.warnings) ctx.log.warn('regime', warning);
    ctx.output(regimeReport(run, calendar), text);
    return EXIT_OK;
  },
};
