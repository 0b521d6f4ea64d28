import path from 'node:path';
import type { BacktestSymbolData } from '../../shared/backtest/run-backtest';
import { formatBarTime, type TimeKind } from '../../shared/domain/time-format';
import { InputError } from '../../shared/errors';
import { parseBarsCsv } from '../../shared/market/csv/index';
import { normalizeSymbol } from '../../shared/market/symbol';
import type { DatasetStore } from '../market/dataset-store';

/** One symbol's bars for a backtest, and how its input wrote times. */
export interface LoadedSeries {
  readonly data: BacktestSymbolData;
  readonly timeframe: string;
  readonly timeKind: TimeKind;
  readonly timeZone: string;
  readonly source: string;
  readonly warnings: readonly string[];
  /** Physical line of each bar in its file (CSV input only). */
  readonly lines?: Int32Array;
}

/** `SPY_pandas-ta_1d.csv` → `SPY`: the file name up to its first `_`, `-`, space or dot. */
export function symbolFromFileName(file: string): string {
  const stem = path.basename(file).split(/[_\s.-]/)[0] ?? '';
  try {
    return normalizeSymbol(stem);
  } catch {
    throw new InputError(`cannot tell the symbol of ${path.basename(file)} from its name; give it with --symbol`);
  }
}

export function loadCsvSeries(file: string, text: string, symbol: string, options: { timeframe?: string; timeZone?: string; skipBadRows?: boolean }): LoadedSeries {
  const parsed = parseBarsCsv(text, path.basename(file), {
    ...(options.timeframe ? { timeframe: options.timeframe } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    skipBadRows: options.skipBadRows ?? false,
  });
  return {
    data: { symbol, bars: parsed.bars },
    timeframe: parsed.timeframe,
    timeKind: parsed.timeKind,
    timeZone: parsed.timeZone,
    source: file,
    warnings: parsed.warnings.map((w) => `${path.basename(file)}${w.line === null ? '' : ` line ${w.line}`}: ${w.message}`),
    lines: parsed.lines,
  };
}

export function loadDatasetSeries(store: DatasetStore, id: number, symbolOverride: string | undefined): LoadedSeries {
  const dataset = store.get(id);
  if (!dataset) throw new InputError(`there is no dataset ${id}. List them with: sextant datasets`);
  const bars = store.bars(id);
  if (bars.t.length === 0) throw new InputError(`dataset ${id} (${dataset.symbol} ${dataset.timeframe}) has no bars`);
  return {
    data: { symbol: symbolOverride ?? dataset.symbol, bars },
    timeframe: dataset.timeframe,
    timeKind: dataset.timeKind,
    timeZone: dataset.tz,
    source: `dataset ${id}`,
    warnings: [],
  };
}

/** Formats each symbol's times as its own input did. */
export function timeFormatterFor(series: readonly LoadedSeries[]): (symbol: string, t: number) => string {
  const bySymbol = new Map(series.map((s) => [s.data.symbol, s]));
  return (symbol, t) => {
    const s = bySymbol.get(symbol) ?? series[0]!;
    return Number.isFinite(t) ? formatBarTime(t, s.timeKind, s.timeZone) : '';
  };
}
