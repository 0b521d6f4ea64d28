import type { TimeReader } from './dates';
import type { ColumnLayout } from './header';
import { isMissingCell, parseDecimal } from './numbers';
import { checkBar, FIX_ROW, rejectCell, rejectRole, RowRejection } from './row-validation';
import type { CsvRowReader } from './tokenizer';
import { WarningGroup, WarningTally } from './warnings';

/** Rows as read, in file order: parallel columns plus the physical line of each row. */
export interface RowTable {
  readonly length: number;
  t: Float64Array;
  lines: Int32Array;
  /** Value columns, permuted together with `t` and `lines` when rows are sorted. */
  values: Float64Array[];
}

export interface RowReadOptions {
  readonly fileName: string;
  /**
   * Leave out rows that fail a check (some values missing, not a number, not positive, high
   * below low, unreadable date, wrong field count), each reported, instead of refusing the file.
   */
  readonly skipBadRows: boolean;
  /** Scale open/high/low/close by adjusted close ÷ close. */
  readonly adjusted: boolean;
  /** Keep only rows whose symbol column equals this (files holding several symbols). */
  readonly symbol: string | null;
  readonly decimalMark: number;
}

/** Rows left out, for the import's warnings. */
export interface SkippedRows {
  /** Every price missing: days the vendor wrote without trading (always skipped). */
  readonly missing: WarningTally;
  /** Rows failing a check, left out because the import asked for it. */
  readonly bad: WarningGroup;
}

export interface BarRows extends SkippedRows {
  readonly table: RowTable;
  /** Rows left out because they belong to another symbol. */
  readonly otherSymbolRows: number;
  readonly symbolsSeen: ReadonlySet<string>;
}

const OPEN = 0;
const HIGH = 1;
const LOW = 2;
const CLOSE = 3;
const PRICE_ROLES = ['open', 'high', 'low', 'close'] as const;

export function rowCountError(reader: CsvRowReader, layout: ColumnLayout, fileName: string): RowRejection {
  const expected = layout.fieldCount;
  const found = reader.count;
  const source = layout.hasHeader ? 'header has' : 'first row has';
  const advice = `Check this line for a missing or extra delimiter, or a delimiter inside an unquoted value. ${FIX_ROW}`;
  if (found < expected) {
    return rejectCell(fileName, reader.line, layout.names[found] ?? `column ${found + 1}`, `the row has ${found} fields but the ${source} ${expected}: this column is missing`, advice);
  }
  return rejectCell(fileName, reader.line, `(extra field ${expected + 1})`, `the row has ${found} fields but the ${source} ${expected}`, advice);
}

/** True when the row has the expected fields, allowing extra trailing empty ones (trailing delimiters). */
export function hasFieldCount(reader: CsvRowReader, expected: number): boolean {
  if (reader.count === expected) return true;
  if (reader.count < expected) return false;
  for (let i = expected; i < reader.count; i++) if (reader.field(i) !== '') return false;
  return true;
}

export function readTime(reader: CsvRowReader, layout: ColumnLayout, times: TimeReader, fileName: string): number {
  const { starts, ends, text } = reader;
  const t = layout.clock >= 0
    ? times.readSplit(text, starts[layout.time]!, ends[layout.time]!, starts[layout.clock]!, ends[layout.clock]!)
    : times.read(text, starts[layout.time]!, ends[layout.time]!);
  if (!Number.isNaN(t)) return t;
  const cell = reader.field(layout.time);
  const name = layout.names[layout.time]!;
  if (isMissingCell(text, starts[layout.time]!, ends[layout.time]!)) {
    throw rejectCell(fileName, reader.line, name, 'the date is missing; every row needs its date');
  }
  const shown = layout.clock >= 0 ? `${cell} ${reader.field(layout.clock)}` : cell;
  throw rejectCell(fileName, reader.line, name, `cannot read "${shown}" as a date or time: ${times.failure}`, `The file's first row has "${times.format.example}"; every row must use that format. ${FIX_ROW}`);
}

function notANumber(fileName: string, reader: CsvRowReader, layout: ColumnLayout, role: 'open' | 'high' | 'low' | 'close' | 'volume'): RowRejection {
  return rejectRole(fileName, reader.line, layout, role, `"${reader.field(layout[role])}" is not a number`);
}

/** Records a skipped row, or rethrows when the import did not ask to skip. */
function skipOrThrow(error: unknown, skip: boolean, bad: WarningGroup, line: number): void {
  if (!skip || !(error instanceof RowRejection)) throw error;
  bad.add(line, `line ${line} left out: ${error.location.column ? `column "${error.location.column}": ` : ''}${error.statement}`);
}

/**
 * Reads every data row of an OHLCV file into columns, validating each row as it goes. Throws an
 * InputError naming file, line and column for the first bad row (unless told to skip bad rows).
 */
export function readBarRows(reader: CsvRowReader, layout: ColumnLayout, times: TimeReader, options: RowReadOptions, capacity: number): BarRows {
  const { fileName, decimalMark, skipBadRows } = options;
  const hasRange = layout.open >= 0;
  const priceIndex = [layout.open, layout.high, layout.low, layout.close];
  const priceCount = hasRange ? 4 : 1;
  const firstPrice = hasRange ? OPEN : CLOSE;
  const t = new Float64Array(capacity);
  const lines = new Int32Array(capacity);
  const o = new Float64Array(capacity);
  const h = new Float64Array(capacity);
  const l = new Float64Array(capacity);
  const c = new Float64Array(capacity);
  const v = new Float64Array(capacity);
  const prices = new Float64Array(4);
  const missing = new WarningTally();
  const bad = new WarningGroup('other', 'rows left out');
  const symbolsSeen = new Set<string>();
  let otherSymbolRows = 0;
  let n = 0;
  const text = reader.text;

  /** Reads the current row into slot n; false when the row has no price at all. */
  const readRow = (): boolean => {
    if (!hasFieldCount(reader, layout.fieldCount)) throw rowCountError(reader, layout, fileName);
    const { starts, ends } = reader;
    const time = readTime(reader, layout, times, fileName);
    let missingPrices = 0;
    for (let k = firstPrice; k < 4; k++) {
      const index = priceIndex[k]!;
      const value = parseDecimal(text, starts[index]!, ends[index]!, decimalMark);
      if (Number.isNaN(value)) {
        if (!isMissingCell(text, starts[index]!, ends[index]!)) throw notANumber(fileName, reader, layout, PRICE_ROLES[k]!);
        missingPrices++;
      }
      prices[k] = value;
    }
    let volume = 0;
    let volumeMissing = false;
    if (layout.volume >= 0) {
      volume = parseDecimal(text, starts[layout.volume]!, ends[layout.volume]!, decimalMark);
      if (Number.isNaN(volume)) {
        if (!isMissingCell(text, starts[layout.volume]!, ends[layout.volume]!)) throw notANumber(fileName, reader, layout, 'volume');
        volumeMissing = true;
      }
    }
    // No price at all: a day the vendor listed without trading. Skipped, and reported.
    if (missingPrices === priceCount) return false;
    if (missingPrices > 0 || volumeMissing) {
      let k = firstPrice;
      while (k < 4 && !Number.isNaN(prices[k]!)) k++;
      const role = k < 4 ? PRICE_ROLES[k]! : 'volume';
      throw rejectRole(fileName, reader.line, layout, role, `${role} is missing ("${reader.field(layout[role])}") while other values on this row are present`);
    }
    let open = hasRange ? prices[OPEN]! : prices[CLOSE]!;
    let high = hasRange ? prices[HIGH]! : prices[CLOSE]!;
    let low = hasRange ? prices[LOW]! : prices[CLOSE]!;
    let close = prices[CLOSE]!;
    const problem = checkBar(open, high, low, close, volume, hasRange);
    if (problem) throw rejectRole(fileName, reader.line, layout, problem.role, problem.statement);
    if (options.adjusted && layout.adjClose >= 0) {
      const adjusted = parseDecimal(text, starts[layout.adjClose]!, ends[layout.adjClose]!, decimalMark);
      if (!(adjusted > 0 && adjusted < Infinity)) {
        throw rejectRole(fileName, reader.line, layout, 'adjClose', `adjusted close "${reader.field(layout.adjClose)}" is not a positive number, so this row cannot be adjusted`, `Import without --adjusted, or: ${FIX_ROW}`);
      }
      const factor = adjusted / close;
      open *= factor;
      high *= factor;
      low *= factor;
      close = adjusted;
    }
    t[n] = time;
    lines[n] = reader.line;
    o[n] = open;
    h[n] = high;
    l[n] = low;
    c[n] = close;
    v[n] = volume;
    return true;
  };

  while (reader.next()) {
    if (reader.isEmptyRow()) continue;
    if (layout.symbol >= 0 && options.symbol !== null && reader.count > layout.symbol) {
      const symbol = reader.field(layout.symbol).toUpperCase();
      symbolsSeen.add(symbol);
      if (symbol !== options.symbol) {
        otherSymbolRows++;
        continue;
      }
    }
    try {
      if (readRow()) n++;
      else missing.add(reader.line);
    } catch (error) {
      skipOrThrow(error, skipBadRows, bad, reader.line);
    }
  }
  return {
    table: {
      length: n,
      t: t.subarray(0, n),
      lines: lines.subarray(0, n),
      values: [o.subarray(0, n), h.subarray(0, n), l.subarray(0, n), c.subarray(0, n), v.subarray(0, n)],
    },
    missing,
    bad,
    otherSymbolRows,
    symbolsSeen,
  };
}

export interface WideRows {
  readonly table: RowTable;
  readonly bad: WarningGroup;
}

/**
 * Reads a wide file: a time column and one close column per symbol. A missing cell leaves NaN
 * (that symbol has no bar on that row); anything else must be a positive price.
 */
export function readWideRows(reader: CsvRowReader, layout: ColumnLayout, valueColumns: readonly number[], times: TimeReader, options: Pick<RowReadOptions, 'fileName' | 'decimalMark' | 'skipBadRows'>, capacity: number): WideRows {
  const { fileName, decimalMark, skipBadRows } = options;
  const t = new Float64Array(capacity);
  const lines = new Int32Array(capacity);
  const values = valueColumns.map(() => new Float64Array(capacity));
  const bad = new WarningGroup('other', 'cells or rows left out');
  const text = reader.text;
  let n = 0;
  while (reader.next()) {
    if (reader.isEmptyRow()) continue;
    try {
      if (!hasFieldCount(reader, layout.fieldCount)) throw rowCountError(reader, layout, fileName);
      t[n] = readTime(reader, layout, times, fileName);
    } catch (error) {
      skipOrThrow(error, skipBadRows, bad, reader.line);
      continue;
    }
    const { starts, ends } = reader;
    for (let k = 0; k < valueColumns.length; k++) {
      const index = valueColumns[k]!;
      let value = parseDecimal(text, starts[index]!, ends[index]!, decimalMark);
      try {
        if (Number.isNaN(value)) {
          if (!isMissingCell(text, starts[index]!, ends[index]!)) {
            throw rejectCell(fileName, reader.line, layout.names[index]!, `"${reader.field(index)}" is not a number`);
          }
        } else if (!(value > 0 && value < Infinity)) {
          throw rejectCell(fileName, reader.line, layout.names[index]!, `close ${value} is not positive: prices must be above zero`);
        }
      } catch (error) {
        skipOrThrow(error, skipBadRows, bad, reader.line);
        value = Number.NaN;
      }
      values[k]![n] = value;
    }
    lines[n] = reader.line;
    n++;
  }
  return { table: { length: n, t: t.subarray(0, n), lines: lines.subarray(0, n), values: values.map((column) => column.subarray(0, n)) }, bad };
}
