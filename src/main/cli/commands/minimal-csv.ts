/**
 * TEMPORARY — to be replaced by the full importer of `src/shared/market/csv/` (branch `csv`) when
 * it lands. A minimal, strict reader of the normalised bar format only:
 * `date|datetime|datetime_et,open,high,low,close,volume[,…]`, ascending times, one header row.
 * An empty close (or `-`, `NaN`) is a bar that is due but missing.
 */
import fs from 'node:fs';
import { InputError } from '../../../shared/errors';
import { zonedTimeToUtc } from '../../../shared/domain/time-format';

export interface MinimalBars {
  readonly file: string;
  /** Each bar's time exactly as the file wrote it. */
  readonly times: string[];
  readonly t: Float64Array;
  readonly close: Float64Array;
  readonly timeKind: 'date' | 'datetime';
  /** Bar size inferred from the spacing of the times (`1Day`, `5Min`, `1Hour`, …). */
  readonly timeframe: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const ZONED_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const MISSING = new Set(['', '-', 'nan', 'null', 'na']);

export function readMinimalCsv(file: string): MinimalBars {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}); check the path`, { file });
  }
  return parseMinimalCsv(text, file);
}

export function parseMinimalCsv(text: string, file: string): MinimalBars {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const timeColumn = header[0] ?? '';
  if (!['date', 'datetime', 'datetime_et', 'timestamp'].includes(timeColumn)) {
    throw new InputError(`the first column must be date, datetime, datetime_et or timestamp, found "${timeColumn}" (this reader takes the normalised format only)`, { file, line: 1 });
  }
  const closeColumn = header.indexOf('close');
  if (closeColumn < 0) throw new InputError('no "close" column in the header', { file, line: 1 });
  const zone = timeColumn === 'datetime_et' ? 'America/New_York' : 'UTC';
  const times: string[] = [];
  const t: number[] = [];
  const close: number[] = [];
  let kind: 'date' | 'datetime' | null = null;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const where = { file, line: i + 1 };
    const timeText = (cells[0] ?? '').trim();
    const rowKind = DATE.test(timeText) ? 'date' : 'datetime';
    if (kind === null) kind = rowKind;
    else if (kind !== rowKind) throw new InputError(`time "${timeText}" mixes dates and date-times`, { ...where, column: timeColumn });
    const time = parseTime(timeText, zone);
    if (!Number.isFinite(time)) throw new InputError(`cannot read the time "${timeText}" (expected YYYY-MM-DD or an ISO date-time)`, { ...where, column: timeColumn });
    if (t.length > 0 && !(time > t[t.length - 1]!)) {
      throw new InputError(`time "${timeText}" does not come after "${times[times.length - 1]}" (rows must ascend without duplicates)`, { ...where, column: timeColumn });
    }
    const closeText = (cells[closeColumn] ?? '').trim();
    let value = Number.NaN;
    if (!MISSING.has(closeText.toLowerCase())) {
      value = Number(closeText);
      if (!Number.isFinite(value) || value <= 0) throw new InputError(`close "${closeText}" is not a positive number (leave it empty for a missing bar)`, { ...where, column: 'close' });
    }
    times.push(timeText);
    t.push(time);
    close.push(value);
  }
  if (t.length === 0) throw new InputError('the file has a header but no bars', { file });
  return { file, times, t: Float64Array.from(t), close: Float64Array.from(close), timeKind: kind ?? 'date', timeframe: inferTimeframe(t, kind ?? 'date') };
}

function parseTime(text: string, zone: string): number {
  const date = DATE.exec(text);
  if (date) return Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
  if (ZONED_DATETIME.test(text)) return Date.parse(text.replace(' ', 'T'));
  const local = LOCAL_DATETIME.exec(text);
  if (local) {
    return zonedTimeToUtc(Number(local[1]), Number(local[2]), Number(local[3]), Number(local[4]), Number(local[5]), Number(local[6] ?? 0), zone);
  }
  return Number.NaN;
}

/** The most common spacing between bars of the same day (intraday) or `1Day` for dates. */
function inferTimeframe(t: readonly number[], kind: 'date' | 'datetime'): string {
  if (kind === 'date') return '1Day';
  const counts = new Map<number, number>();
  for (let i = 1; i < t.length; i++) {
    const minutes = Math.round((t[i]! - t[i - 1]!) / 60_000);
    if (minutes > 0 && minutes < 24 * 60) counts.set(minutes, (counts.get(minutes) ?? 0) + 1);
  }
  let best = 1;
  let bestCount = -1;
  for (const [minutes, count] of counts) if (count > bestCount || (count === bestCount && minutes < best)) [best, bestCount] = [minutes, count];
  if (best % 60 === 0) return `${best / 60}Hour`;
  return `${best}Min`;
}
