import path from 'node:path';
import { REGIMES } from '../../../shared/domain/regime';
import { formatBarTime, type TimeKind } from '../../../shared/domain/time-format';
import { CALENDAR_NAMES, type CalendarName } from '../../../shared/domain/trading-calendar';
import { InputError } from '../../../shared/errors';
import { RegimeBank } from '../../../shared/regime/bank';
import { resolveRegimeConfig } from '../../../shared/regime/config';
import { numberOption, stringOption } from '../args';
import { EXIT_OK, type CliCommand, type CliContext } from '../command';
import { readMinimalCsv } from './minimal-csv';

interface RegimeRun {
  readonly symbol: string;
  readonly timeframe: string;
  readonly times: string[];
  readonly t: Float64Array;
  readonly close: Float64Array;
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

/** Symbol from a file name such as `SPY_pandas-ta_1d.csv` or `aapl.csv`. */
function symbolFromFile(file: string): string {
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  return (base.split(/[_\s]/)[0] ?? base).toUpperCase();
}

function fromCsv(ctx: CliContext, file: string): RegimeRun {
  const bars = readMinimalCsv(file);
  return {
    symbol: (stringOption(ctx.args, 'symbol') ?? symbolFromFile(file)).toUpperCase(),
    timeframe: stringOption(ctx.args, 'timeframe') ?? bars.timeframe,
    times: bars.times,
    t: bars.t,
    close: bars.close,
  };
}

function fromDataset(ctx: CliContext, id: number): RegimeRun {
  if (!Number.isInteger(id) || id <= 0) throw new InputError(`--dataset needs a dataset number, got ${id}`);
  const db = ctx.db();
  const dataset = db.prepare('SELECT symbol, timeframe, time_kind AS timeKind, tz FROM datasets WHERE id = ?').get(id) as
    | { symbol: string; timeframe: string; timeKind: TimeKind; tz: string }
    | undefined;
  if (!dataset) throw new InputError(`there is no dataset ${id} in ${ctx.dataDir} (list them with \`sextant datasets\`)`);
  const rows = db.prepare('SELECT t, c FROM bars WHERE dataset_id = ? ORDER BY t').raw(true).all(id) as Array<[number, number]>;
  if (rows.length === 0) throw new InputError(`dataset ${id} (${dataset.symbol}) has no bars`);
  return {
    symbol: dataset.symbol,
    timeframe: stringOption(ctx.args, 'timeframe') ?? dataset.timeframe,
    times: rows.map(([t]) => formatBarTime(t, dataset.timeKind, dataset.tz)),
    t: Float64Array.from(rows, ([t]) => t),
    close: Float64Array.from(rows, ([, c]) => c),
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
    csv: { type: 'string', description: 'bars in the normalised format: date|datetime,open,high,low,close,volume' },
    dataset: { type: 'number', description: 'a stored dataset instead of a file' },
    symbol: { type: 'string', description: 'symbol for a CSV (default: from the file name)' },
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
    ctx.output(regimeReport(run, calendar), text);
    return EXIT_OK;
  },
};
