import { InputError } from '../../errors';
import { isKnownTimeZone, zoneClock, type ZoneClock } from '../zone-clock';
import { detectTimeFormat, TimeReader, type TimeFormat } from './dates';
import { resolveLayout, type ColumnLayout, type ColumnMap } from './header';
import { CODE_COMMA, CODE_DOT } from './numbers';
import { CsvRowReader, detectDelimiter, firstLineOf } from './tokenizer';

/** Naive date-times (no offset) are wall-clock times here unless the import says otherwise. */
export const DEFAULT_TIME_ZONE = 'America/New_York';

/** How the file was read, kept with the dataset so an import can be explained later. */
export interface CsvFormat {
  readonly delimiter: string;
  readonly hasHeader: boolean;
  readonly timeFormat: string;
  readonly columns: readonly string[];
}

/** An opened file: positioned on its first data row, with its layout, time format and zone. */
export interface CsvSource {
  readonly fileName: string;
  readonly reader: CsvRowReader;
  readonly layout: ColumnLayout;
  readonly times: TimeReader;
  /** Zone of naive wall-clock times. */
  readonly clock: ZoneClock;
  readonly zoneExplicit: boolean;
  readonly decimalMark: number;
  /** Upper bound on data rows, to size the columns once. */
  readonly capacity: number;
  readonly format: CsvFormat;
}

function countLineBreaks(text: string): number {
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lf++;
  if (lf > 0) return lf;
  let cr = 0;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) cr++;
  return cr;
}

function rowFields(reader: CsvRowReader): string[] {
  const fields: string[] = [];
  for (let i = 0; i < reader.count; i++) fields.push(reader.field(i));
  return fields;
}

function describeTimeFormat(format: TimeFormat): string {
  return format.kind === 'slash' ? (format.dayFirst ? 'slash (day/month/year)' : 'slash (month/day/year)') : format.kind;
}

export interface OpenOptions {
  readonly map?: ColumnMap;
  readonly timeZone?: string;
  /** Force day-first reading of slash dates (set when a first pass proved the file day-first). */
  readonly dayFirst?: boolean;
}

export function openCsv(text: string, fileName: string, options: OpenOptions): CsvSource {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const firstLine = firstLineOf(text, start);
  if (firstLine === '') {
    throw new InputError('the file is empty. Expected a header such as Date,Open,High,Low,Close,Volume and one row per bar.', { file: fileName, line: 1 });
  }
  const delimiter = detectDelimiter(firstLine);
  const peek = new CsvRowReader(text, delimiter, fileName, start);
  peek.next();
  const firstRow = rowFields(peek);
  const firstLineNumber = peek.line;
  const secondRow = peek.next() ? rowFields(peek) : null;
  const secondLineNumber = peek.line;
  const layout = resolveLayout(firstRow, secondRow, options.map ?? {}, fileName);

  const reader = new CsvRowReader(text, delimiter, fileName, start);
  if (layout.hasHeader) reader.next();
  const sample = layout.hasHeader ? secondRow! : firstRow;
  const sampleLine = layout.hasHeader ? secondLineNumber : firstLineNumber;
  const timeCell = sample[layout.time] ?? '';
  const detected = detectTimeFormat(timeCell);
  if (!detected) {
    throw new InputError(
      `cannot recognise "${timeCell}" as a date or time. Supported: 2020-01-02, 2020-01-02T09:30:00Z, 2020-01-02 09:30 (wall clock), 20200102, 23-Feb-18, 02/23/2018, and seconds or milliseconds since 1970.`,
      { file: fileName, line: sampleLine, column: layout.names[layout.time] },
    );
  }
  const format: TimeFormat = options.dayFirst ? { ...detected, dayFirst: true } : detected;

  const zone = options.timeZone ?? layout.zoneHint ?? DEFAULT_TIME_ZONE;
  if (!isKnownTimeZone(zone)) {
    throw new InputError(`unknown time zone "${zone}". Use an IANA name such as America/New_York, Europe/London or UTC.`);
  }
  const clock = zoneClock(zone);

  let decimalMark = CODE_DOT;
  // A `;` or tab file whose first data row writes a number as 12,5 uses decimal commas.
  if (delimiter !== ',' && sample.some((cell, i) => i !== layout.time && /^\s*[+-]?\d+,\d+\s*$/.test(cell))) decimalMark = CODE_COMMA;
  return {
    fileName,
    reader,
    layout,
    times: new TimeReader(format, clock),
    clock,
    zoneExplicit: options.timeZone !== undefined,
    decimalMark,
    capacity: countLineBreaks(text) + 1,
    format: { delimiter, hasHeader: layout.hasHeader, timeFormat: describeTimeFormat(format), columns: layout.names },
  };
}

/**
 * Runs `read` on the opened file; if a month/day/year read fails on a date that only makes sense
 * day first (23/02/2018), reads the whole file again as day/month/year.
 */
export function withSlashOrder<T>(text: string, fileName: string, options: OpenOptions, read: (source: CsvSource) => T): T {
  const source = openCsv(text, fileName, options);
  try {
    return read(source);
  } catch (error) {
    const times = source.times;
    if (times.format.kind === 'slash' && !times.format.dayFirst && times.dayFirstEvidence && !times.monthFirstEvidence) {
      return read(openCsv(text, fileName, { ...options, dayFirst: true }));
    }
    throw error;
  }
}
