import type { BarColumns } from '../../shared/domain/bar';
import { parseBarsCsv, parseWideClosesCsv, type ColumnMap, type ImportWarning, type ParsedBars, type WideImportOptions } from '../../shared/market/csv/index';
import { normalizeSymbol } from '../../shared/market/symbol';
import { viewDataset, type DatasetStore, type DatasetView } from './dataset-store';

/**
 * Turns a CSV file into stored datasets. The file is parsed and validated completely before the
 * database is touched; then one transaction writes everything (or, on any error, nothing).
 *
 * Re-importing: by default an import creates a new dataset, and says so when the symbol already
 * has data at that bar size (the newest dataset is what charts open). With `replace`, the new
 * dataset replaces every dataset of the same symbol, bar size and source in the same transaction.
 */
export interface CsvImportRequest {
  readonly fileName: string;
  readonly text: string;
  readonly timeframe?: string;
  readonly timeZone?: string;
  readonly map?: ColumnMap;
  readonly replace?: boolean;
  readonly skipBadRows?: boolean;
  readonly adjusted?: boolean;
  /** `csv` for a user's import (default), `bundled` for the data shipped with the app. */
  readonly source?: string;
}

export interface SymbolImportRequest extends CsvImportRequest {
  readonly symbol: string;
}

export interface ImportOutcome {
  readonly dataset: DatasetView;
  readonly warnings: ImportWarning[];
  /** Datasets removed because `replace` was asked. */
  readonly replaced: number[];
}

export interface ImportTimings {
  /** Reading and validating the text. */
  readonly parseMs: number;
  /** The database transaction. */
  readonly insertMs: number;
  readonly rows: number;
}

export interface ImportResult<T> {
  readonly outcome: T;
  readonly timings: ImportTimings;
}

interface SeriesToStore {
  readonly symbol: string;
  readonly parsed: ParsedBars;
}

/** True when every bar is a single price (o = h = l = c): a file of closes, drawn as a line. */
function hasClosesOnly(bars: BarColumns): boolean {
  for (let i = 0; i < bars.c.length; i++) {
    const c = bars.c[i]!;
    if (bars.o[i] !== c || bars.h[i] !== c || bars.l[i] !== c) return false;
  }
  return bars.c.length > 0;
}

function storeSeries(store: DatasetStore, series: readonly SeriesToStore[], request: CsvImportRequest): ImportOutcome[] {
  const source = request.source ?? 'csv';
  return store.transaction(() =>
    series.map(({ symbol, parsed }) => {
      const warnings = [...parsed.warnings];
      const existing = store.forSymbol(symbol, parsed.timeframe);
      const replaced: number[] = [];
      if (request.replace) {
        for (const dataset of existing) {
          if (dataset.source !== source) continue;
          store.remove(dataset.id);
          replaced.push(dataset.id);
        }
      }
      const kept = existing.filter((dataset) => !replaced.includes(dataset.id));
      const dataset = store.create(
        {
          symbol,
          timeframe: parsed.timeframe,
          source,
          timeKind: parsed.timeKind,
          tz: parsed.timeZone,
          meta: { file: parsed.fileName, format: parsed.format, warnings: warnings.length, closesOnly: hasClosesOnly(parsed.bars) },
        },
        parsed.bars,
      );
      if (kept.length > 0) {
        warnings.push({
          kind: 'other',
          line: null,
          message: `${symbol} ${parsed.timeframe} already had dataset${kept.length === 1 ? '' : 's'} ${kept.map((d) => d.id).join(', ')}; this import is a new dataset (${dataset.id}), now the one charts open. To replace instead, import with --replace.`,
        });
      }
      return { dataset: viewDataset(dataset), warnings, replaced };
    }),
  );
}

function parseOptions(request: CsvImportRequest): WideImportOptions {
  return { timeframe: request.timeframe, timeZone: request.timeZone, map: request.map, skipBadRows: request.skipBadRows };
}

/** Imports an OHLCV file as one dataset of `symbol`. */
export function importCsv(store: DatasetStore, request: SymbolImportRequest): ImportResult<ImportOutcome> {
  const symbol = normalizeSymbol(request.symbol);
  const started = performance.now();
  const parsed = parseBarsCsv(request.text, request.fileName, { ...parseOptions(request), adjusted: request.adjusted, symbol });
  const parsedAt = performance.now();
  const [outcome] = storeSeries(store, [{ symbol, parsed }], request);
  return { outcome: outcome!, timings: { parseMs: parsedAt - started, insertMs: performance.now() - parsedAt, rows: parsed.bars.t.length } };
}

/** Imports a wide close file as one dataset per symbol column, all in one transaction. */
export function importWideCsv(store: DatasetStore, request: CsvImportRequest): ImportResult<ImportOutcome[]> {
  const started = performance.now();
  const series = parseWideClosesCsv(request.text, request.fileName, parseOptions(request));
  const parsedAt = performance.now();
  const outcomes = storeSeries(store, series.map((parsed) => ({ symbol: parsed.symbol, parsed })), request);
  const rows = series.reduce((sum, s) => sum + s.bars.t.length, 0);
  return { outcome: outcomes, timings: { parseMs: parsedAt - started, insertMs: performance.now() - parsedAt, rows } };
}

/** The report the CLI prints and IPC returns for one imported dataset. */
export function importReport(outcome: ImportOutcome): { dataset: number; symbol: string; timeframe: string; rows: number; first: string | null; last: string | null; warnings: ImportWarning[]; replaced: number[] } {
  const { dataset } = outcome;
  return {
    dataset: dataset.id,
    symbol: dataset.symbol,
    timeframe: dataset.timeframe,
    rows: dataset.rows,
    first: dataset.first,
    last: dataset.last,
    warnings: outcome.warnings,
    replaced: outcome.replaced,
  };
}
