import { InputError } from '../../errors';
import type { BarColumns } from '../../domain/bar';
import type { TimeKind } from '../../domain/time-format';
import { formatTimeframe } from '../../domain/timeframe';
import { calendarForZone, checkBars } from './bar-checks';
import { checkBarColumns, type ColumnMap } from './header';
import { readBarRows } from './rows';
import { withSlashOrder, type CsvFormat, type CsvSource } from './source';
import { settleTimeAxis } from './time-axis';
import type { ImportWarning } from './warnings';

export interface CsvImportOptions {
  /** Bar size (`1Day`, `1Hour`, `5Min`…); inferred from the times when absent. */
  readonly timeframe?: string;
  /** IANA zone of wall-clock times without an offset; `America/New_York` by default. */
  readonly timeZone?: string;
  /** Explicit column names per role, overriding detection. */
  readonly map?: ColumnMap;
  /** Leave out rows that fail a check (each reported) instead of refusing the file. */
  readonly skipBadRows?: boolean;
  /** Use the adjusted close and scale open/high/low by the same factor. */
  readonly adjusted?: boolean;
  /** For files with a symbol column: keep this symbol's rows only. */
  readonly symbol?: string;
}

/** One series read from a file: clean ascending bars and what the user should know about them. */
export interface ParsedBars {
  readonly fileName: string;
  readonly bars: BarColumns;
  /** Physical line of each bar in the file. */
  readonly lines: Int32Array;
  readonly timeframe: string;
  readonly timeKind: TimeKind;
  readonly timeZone: string;
  readonly warnings: ImportWarning[];
  readonly format: CsvFormat;
}

/**
 * Parses an OHLCV file (Yahoo, Alpaca, pandas, generic) into validated bars. Throws an InputError
 * naming file, line and column at the first bad row: nothing partial ever comes out.
 */
export function parseBarsCsv(text: string, fileName: string, options: CsvImportOptions = {}): ParsedBars {
  return withSlashOrder(text, fileName, options, (source) => parseSource(source, options));
}

function parseSource(source: CsvSource, options: CsvImportOptions): ParsedBars {
  const { fileName, layout } = source;
  checkBarColumns(layout, fileName);
  const symbol = options.symbol?.toUpperCase() ?? null;
  const rows = readBarRows(source.reader, layout, source.times, {
    fileName,
    skipBadRows: options.skipBadRows ?? false,
    adjusted: options.adjusted ?? false,
    symbol,
    decimalMark: source.decimalMark,
  }, source.capacity);
  const warnings: ImportWarning[] = layout.notes.map((message) => ({ kind: 'other' as const, line: null, message }));
  if (rows.otherSymbolRows > 0) {
    if (rows.table.length === 0) {
      throw new InputError(`no rows for symbol ${symbol}: the file's ${layout.names[layout.symbol]} column has ${[...rows.symbolsSeen].slice(0, 10).join(', ')}. Import with one of these symbols.`, { file: fileName });
    }
    warnings.push({ kind: 'other', line: null, message: `${rows.otherSymbolRows} rows of other symbols (${[...rows.symbolsSeen].filter((s) => s !== symbol).slice(0, 5).join(', ')}) left out` });
  }
  if (rows.table.length === 0) {
    const reason = rows.missing.size > 0 ? 'every row has its prices missing' : 'the file has a header but no data rows';
    throw new InputError(`${reason}: nothing to import. Export the bars again.`, { file: fileName, line: 1 });
  }
  if (options.adjusted && layout.adjClose < 0) {
    throw new InputError(`--adjusted needs an adjusted close column (Adj Close), and the file has none among ${layout.names.join(', ')}. Import without --adjusted, or map it: --map adjclose=COLUMN.`, { file: fileName, line: 1 });
  }
  if (layout.open < 0) warnings.push({ kind: 'other', line: null, message: 'the file has closes only: open, high and low are set to the close' });
  if (source.times.format.dayFirst) warnings.push({ kind: 'other', line: null, message: `slash dates were read day first (day/month/year), as dates like "${source.times.format.example}" require` });
  rows.missing.drain(warnings, 'missing_value', (count, where) => `${count} row${count === 1 ? '' : 's'} with no price at all skipped (${where}): read as ${count === 1 ? 'a day' : 'days'} without trading`);
  rows.bad.drain(warnings);

  const axis = settleTimeAxis(rows.table, source, options.timeframe, warnings);
  const [o, h, l, c, v] = rows.table.values as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const bars: BarColumns = { t: rows.table.t, o, h, l, c, v };
  warnings.push(...checkBars(bars, rows.table.lines, {
    timeframe: axis.timeframe,
    timeKind: axis.timeKind,
    timeZone: axis.timeZone,
    calendar: calendarForZone(source.clock.timeZone),
    hasVolume: layout.volume >= 0,
    hasRange: layout.open >= 0,
  }));
  return {
    fileName,
    bars,
    lines: rows.table.lines,
    timeframe: formatTimeframe(axis.timeframe),
    timeKind: axis.timeKind,
    timeZone: axis.timeZone,
    warnings,
    format: source.format,
  };
}
