import { InputError } from '../../errors';
import { allocateBarColumns } from '../../domain/bar';
import { formatTimeframe } from '../../domain/timeframe';
import { calendarForZone, checkBars } from './bar-checks';
import { describeHeader, normalizeColumnName } from './header';
import type { CsvImportOptions, ParsedBars } from './parse-bars';
import { readWideRows } from './rows';
import { withSlashOrder, type CsvSource } from './source';
import { settleTimeAxis } from './time-axis';
import { WarningTally, type ImportWarning } from './warnings';

/** One symbol's closes out of a wide file, named by its column. */
export interface ParsedWideSeries extends ParsedBars {
  readonly symbol: string;
}

export type WideImportOptions = Pick<CsvImportOptions, 'timeframe' | 'timeZone' | 'map' | 'skipBadRows'>;

/**
 * Parses a wide close file (a date column, then one column of closes per symbol, as
 * arbitragelab's ETF file) into one close-only series per symbol: open = high = low = close,
 * volume 0. A symbol's empty cells are rows where it has no bar.
 */
export function parseWideClosesCsv(text: string, fileName: string, options: WideImportOptions = {}): ParsedWideSeries[] {
  return withSlashOrder(text, fileName, options, (source) => parseSource(source, options));
}

function symbolColumns(source: CsvSource): number[] {
  const { layout } = source;
  const columns: number[] = [];
  layout.names.forEach((name, index) => {
    if (index === layout.time || index === layout.clock) return;
    const normalized = normalizeColumnName(name);
    if (normalized === '' || /^unnamed:?\d+$/.test(normalized) || name.startsWith('(')) return;
    columns.push(index);
  });
  if (columns.length === 0) {
    throw new InputError(`a wide file needs a date column and one close column per symbol; found ${describeHeader(layout.names)}.`, { file: source.fileName, line: 1 });
  }
  const seen = new Set<string>();
  for (const index of columns) {
    const symbol = layout.names[index]!.trim().toUpperCase();
    if (!/^[A-Z0-9.\-/^=_]{1,32}$/.test(symbol)) {
      throw new InputError(`column "${layout.names[index]}" is not a symbol (letters, digits and . - / ^ = _ only, at most 32). Rename the column to its symbol.`, { file: source.fileName, line: 1, column: layout.names[index] });
    }
    if (seen.has(symbol)) throw new InputError(`two columns are named ${symbol}; each symbol needs one column.`, { file: source.fileName, line: 1, column: layout.names[index] });
    seen.add(symbol);
  }
  return columns;
}

function parseSource(source: CsvSource, options: WideImportOptions): ParsedWideSeries[] {
  const { fileName, layout } = source;
  const columns = symbolColumns(source);
  const { table, bad } = readWideRows(source.reader, layout, columns, source.times, { fileName, decimalMark: source.decimalMark, skipBadRows: options.skipBadRows ?? false }, source.capacity);
  if (table.length === 0) throw new InputError('the file has a header but no data rows: nothing to import. Export the closes again.', { file: fileName, line: 1 });
  const shared: ImportWarning[] = layout.notes.map((message) => ({ kind: 'other' as const, line: null, message }));
  bad.drain(shared);
  const axis = settleTimeAxis(table, source, options.timeframe, shared);
  const calendar = calendarForZone(source.clock.timeZone);

  return columns.map((columnIndex, k) => {
    const symbol = layout.names[columnIndex]!.trim().toUpperCase();
    const closes = table.values[k]!;
    let count = 0;
    for (let i = 0; i < closes.length; i++) if (!Number.isNaN(closes[i]!)) count++;
    if (count === 0) {
      throw new InputError(`column "${layout.names[columnIndex]}" has no values. Remove the column or fill it, then import again.`, { file: fileName, line: 1, column: layout.names[columnIndex] });
    }
    const bars = allocateBarColumns(count);
    const lines = new Int32Array(count);
    const missing = new WarningTally();
    let n = 0;
    for (let i = 0; i < closes.length; i++) {
      const close = closes[i]!;
      if (Number.isNaN(close)) {
        missing.add(table.lines[i]!);
        continue;
      }
      bars.t[n] = table.t[i]!;
      bars.o[n] = bars.h[n] = bars.l[n] = bars.c[n] = close;
      lines[n] = table.lines[i]!;
      n++;
    }
    const warnings: ImportWarning[] = [...shared];
    missing.drain(warnings, 'missing_value', (missed, where) => `${symbol} has no close on ${missed} row${missed === 1 ? '' : 's'} (${where}): no bar there`);
    warnings.push(...checkBars(bars, lines, { timeframe: axis.timeframe, timeKind: axis.timeKind, timeZone: axis.timeZone, calendar, hasVolume: false, hasRange: false }));
    return {
      fileName,
      symbol,
      bars,
      lines,
      timeframe: formatTimeframe(axis.timeframe),
      timeKind: axis.timeKind,
      timeZone: axis.timeZone,
      warnings,
      format: source.format,
    };
  });
}
