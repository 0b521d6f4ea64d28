import crypto from 'node:crypto';
import fs from 'node:fs';
import type { BacktestSymbolData } from '../../shared/backtest/run-backtest';
import { sliceBarColumns, type BarColumns } from '../../shared/domain/bar';
import { REGIME_COUNT } from '../../shared/domain/regime';
import type { RegimeSeries } from '../../shared/engine/trading-engine';
import { InputError } from '../../shared/errors';
import type { DataRef } from '../../shared/ipc/services/backtest';
import { timeRange } from '../../shared/lab/jobs';
import type { BarClockSpecInput } from '../../shared/regime/clock';
import type { RegimeConfig } from '../../shared/regime/config';
import { regimeSeriesForBars } from '../../shared/regime/engine-series';
import type { Logger } from '../log';
import { DatasetStore } from '../market/dataset-store';
import { regimeSpecFor } from '../regime/service';
import { RegimeStore } from '../regime/store';
import type { Db } from '../storage/database';
import { SettingsStore } from '../storage/settings';
import { loadCsvSeries, loadDatasetSeries, type LoadedSeries } from './backtest-data';

/** Where one symbol's bars come from. */
export type LabSource =
  | { readonly kind: 'dataset'; readonly id: number; readonly symbol?: string }
  | { readonly kind: 'csv'; readonly file: string; readonly text: string; readonly symbol: string; readonly timeframe?: string; readonly timeZone?: string; readonly skipBadRows?: boolean };

export type RegimeMode = 'auto' | 'stored' | 'computed' | 'none';

/** Computes the regime per bar (in a worker in the app; in the calling thread for the CLI). */
export type RegimeComputer = (t: Float64Array, close: Float64Array, clock: BarClockSpecInput, config: RegimeConfig) => Promise<RegimeSeries>;

export const computeRegimesInline: RegimeComputer = async (t, close, clock, config) => regimeSeriesForBars(t, close, clock, config);

export interface LabData {
  readonly series: LoadedSeries[];
  readonly refs: DataRef[];
  /** Per series: its bars from the first up to the range's end, and where the range starts in them (a computed regime runs from the first bar). */
  readonly histories: readonly { readonly bars: BarColumns; readonly start: number }[];
  readonly sources: readonly LabSource[];
}

export interface LabRange {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

export interface RegimeOptions {
  readonly mode: RegimeMode;
  readonly computeRegimes: RegimeComputer;
  readonly log: Logger;
}

/**
 * Loads a run's bars — stored datasets or CSV files — within the optional time range, and the
 * references that say what was used (ids, files, content hashes) for the experiment log.
 * Everything wrong with the request is an InputError naming the dataset or file. Quick (reads
 * only): the regime, which takes computing, is added by `withRegimes`.
 */
export function loadLabData(db: Db, sources: readonly LabSource[], range: LabRange = {}): LabData {
  if (sources.length === 0) throw new InputError('say which bars to test: a dataset (or a CSV file)');
  const datasets = new DatasetStore(db);
  const series: LoadedSeries[] = [];
  const refs: DataRef[] = [];
  const histories: { bars: BarColumns; start: number }[] = [];
  for (const source of sources) {
    // The whole history up to `to`: a computed regime must start from the first bar, as the live bank did.
    const history = source.kind === 'dataset' ? loadDatasetSeries(datasets, source.id, source.symbol) : loadCsvSeries(source.file, source.text, source.symbol, source);
    const upTo = range.to === undefined ? history.data.bars : sliceBarColumns(history.data.bars, 0, timeRange(history.data.bars.t, { from: -Infinity, to: range.to }).end);
    const { start } = timeRange(upTo.t, { from: range.from ?? -Infinity, to: Infinity });
    const bars = sliceBarColumns(upTo, start, upTo.t.length);
    if (bars.t.length === 0) throw new InputError(`${history.source} (${history.data.symbol}) has no bars${range.from !== undefined || range.to !== undefined ? ' in the time range asked' : ''}`);
    series.push({ ...history, data: { ...history.data, bars, regimes: null } });
    histories.push({ bars: upTo, start });
    refs.push({
      symbol: history.data.symbol,
      source: source.kind,
      datasetId: source.kind === 'dataset' ? source.id : null,
      file: source.kind === 'csv' ? source.file : null,
      sha256: source.kind === 'csv' ? sha256File(source.file, source.text) : sha256Columns(bars),
      timeframe: history.timeframe,
      timeKind: history.timeKind,
      tz: history.timeZone,
      bars: bars.t.length,
      firstT: bars.t[0] ?? null,
      lastT: bars.t[bars.t.length - 1] ?? null,
      regime: 'none',
    });
  }
  const seen = new Set<string>();
  for (const s of series) {
    if (seen.has(s.data.symbol)) throw new InputError(`two inputs are both ${s.data.symbol}; name them apart (--symbol A --symbol B)`);
    seen.add(s.data.symbol);
  }
  const timeframes = new Set(series.map((s) => s.timeframe));
  if (timeframes.size > 1) throw new InputError(`the inputs have different bar sizes (${[...timeframes].join(', ')}); test bars of one size together`);
  return { series, refs, histories, sources };
}

/**
 * The data with the regime per bar for a strategy that reads it: 'auto' takes the regime
 * service's stored series when it covers every bar, else runs the bank over the symbol's whole
 * history up to the range's end (as the live bank would have) with the service's settings.
 */
export async function withRegimes(db: Db, data: LabData, options: RegimeOptions): Promise<LabData> {
  if (options.mode === 'none') return data;
  const series: LoadedSeries[] = [];
  const refs: DataRef[] = [];
  for (let k = 0; k < data.series.length; k++) {
    const { regimes, used } = await regimesFor(db, data.sources[k]!, data.series[k]!, data.histories[k]!, options);
    series.push({ ...data.series[k]!, data: { ...data.series[k]!.data, regimes } });
    refs.push({ ...data.refs[k]!, regime: used });
  }
  return { ...data, series, refs };
}

async function regimesFor(
  db: Db,
  source: LabSource,
  loaded: LoadedSeries,
  history: { bars: BarColumns; start: number },
  options: RegimeOptions,
): Promise<{ regimes: RegimeSeries | null; used: DataRef['regime'] }> {
  const symbol = loaded.data.symbol;
  const { bars: upTo, start } = history;
  if (source.kind === 'dataset' && options.mode !== 'computed') {
    const stored = new RegimeStore(db).engineSeries(source.id, upTo.t.subarray(start));
    if (stored) return { regimes: stored, used: 'stored' };
    if (options.mode === 'stored') {
      throw new InputError(`dataset ${source.id} (${symbol}) has no stored regime for every bar yet (the regime service may still be catching up); run with regime "auto" or "computed"`);
    }
  } else if (options.mode === 'stored') {
    throw new InputError(`${loaded.source}: a CSV file has no stored regime; use regime "auto" or "computed"`);
  }
  const { spec, config } = regimeSpecFor({ settings: new SettingsStore(db), log: options.log }, { symbol, timeframe: loaded.timeframe });
  const full = await options.computeRegimes(upTo.t, upTo.c, spec.clock, config);
  const n = upTo.t.length;
  return { regimes: { p: full.p.subarray(start * REGIME_COUNT, n * REGIME_COUNT), label: sliceLabel(full.label, start, n) }, used: 'computed' };
}

function sliceLabel(label: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  return label instanceof Int8Array ? label.subarray(start, end) : Int8Array.from(Array.prototype.slice.call(label, start, end) as number[]);
}

function sha256File(file: string, text: string): string {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
  }
}

/** SHA-256 of the bar columns as float64 (t, o, h, l, c, v in turn). */
function sha256Columns(bars: BarColumns): string {
  const hash = crypto.createHash('sha256');
  for (const column of [bars.t, bars.o, bars.h, bars.l, bars.c, bars.v]) hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  return hash.digest('hex');
}

/** The engine's view of loaded series. */
export function symbolData(data: LabData): BacktestSymbolData[] {
  return data.series.map((s) => s.data);
}
