import { InputError } from '../../errors';
import { detectTimeFormat, isClockCell } from './dates';

/**
 * Which field of a row holds what. Found from the header's names (case-insensitively, ignoring
 * spaces, `_`, `-`, `.`, `/` and MetaTrader's `<>`), overridden by an explicit mapping, or assumed
 * positionally (time, open, high, low, close, volume) for a file without a header.
 */
export type ColumnRole = 'time' | 'clock' | 'open' | 'high' | 'low' | 'close' | 'adjClose' | 'volume' | 'symbol';

/** An explicit mapping from roles to header names, e.g. `{ time: 'Date', close: 'Price' }`. */
export type ColumnMap = Partial<Record<ColumnRole, string>>;

export const COLUMN_ROLES: readonly ColumnRole[] = ['time', 'clock', 'open', 'high', 'low', 'close', 'adjClose', 'volume', 'symbol'];

export interface ColumnLayout {
  readonly hasHeader: boolean;
  /** Fields a data row must have. */
  readonly fieldCount: number;
  /** Display name of each field, for messages (`column "Close"`). */
  readonly names: readonly string[];
  /** Field index per role, −1 when the file has no such column. */
  readonly time: number;
  readonly clock: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly adjClose: number;
  readonly volume: number;
  readonly symbol: number;
  /** A time zone the header's names imply (`datetime_et`, `timestamp_utc`), if any. */
  readonly zoneHint: string | null;
  /** Things worth telling the user about how the columns were read. */
  readonly notes: readonly string[];
}

const ROLE_ALIASES: Record<Exclude<ColumnRole, 'clock'>, readonly string[]> = {
  time: ['date', 'datetime', 'timestamp', 'time', 't', 'ts', 'tradedate', 'day', 'gmttime', 'localtime', 'utctime'],
  open: ['open', 'o', 'openprice', 'opening'],
  high: ['high', 'h', 'highprice', 'max'],
  low: ['low', 'l', 'lowprice', 'min'],
  close: ['close', 'c', 'closeprice', 'last', 'closelast', 'price', 'closing'],
  adjClose: ['adjclose', 'adjustedclose', 'adjcloseprice', 'adjclosing'],
  volume: ['volume', 'vol', 'v', 'totalvolume'],
  symbol: ['symbol', 'ticker', 'sym'],
};

const ZONE_SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['et', 'America/New_York'],
  ['est', 'America/New_York'],
  ['ny', 'America/New_York'],
  ['utc', 'UTC'],
  ['gmt', 'UTC'],
];

export function normalizeColumnName(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/^<(.*)>$/, '$1').replace(/[\s_\-./]/g, '');
}

function isUnnamed(normalized: string): boolean {
  return normalized === '' || /^unnamed:?\d+$/.test(normalized);
}

function roleOfName(normalized: string): { role: Exclude<ColumnRole, 'clock'>; zone: string | null } | null {
  for (const role of Object.keys(ROLE_ALIASES) as Array<Exclude<ColumnRole, 'clock'>>) {
    if (ROLE_ALIASES[role].includes(normalized)) {
      const zone = normalized === 'gmttime' || normalized === 'utctime' ? 'UTC' : null;
      return { role, zone };
    }
  }
  for (const [suffix, zone] of ZONE_SUFFIXES) {
    if (normalized.endsWith(suffix)) {
      const base = normalized.slice(0, -suffix.length);
      if (['date', 'datetime', 'timestamp', 'time'].includes(base)) return { role: 'time', zone };
    }
  }
  return null;
}

/** Parses `time=Date,close=Price` (the CLI's `--map`) into a mapping. */
export function parseColumnMap(specs: readonly string[]): ColumnMap {
  const map: ColumnMap = {};
  for (const spec of specs) {
    for (const part of spec.split(',')) {
      if (part.trim() === '') continue;
      const eq = part.indexOf('=');
      if (eq <= 0 || eq === part.length - 1) {
        throw new InputError(`--map: "${part}" is not ROLE=COLUMN. Write for example --map time=Date,close=Price (roles: time, clock, open, high, low, close, adjclose, volume, symbol).`);
      }
      const key = normalizeColumnName(part.slice(0, eq));
      const role = mapKeyRole(key);
      if (!role) throw new InputError(`--map: unknown role "${part.slice(0, eq)}". Roles: time, clock, open, high, low, close, adjclose, volume, symbol.`);
      map[role] = part.slice(eq + 1).trim();
    }
  }
  return map;
}

function mapKeyRole(key: string): ColumnRole | null {
  if (['time', 'date', 'datetime', 'timestamp', 't'].includes(key)) return 'time';
  if (key === 'clock' || key === 'timeofday') return 'clock';
  if (key === 'adjclose' || key === 'adjustedclose') return 'adjClose';
  if ((COLUMN_ROLES as readonly string[]).includes(key)) return key as ColumnRole;
  return null;
}

interface Resolution {
  indices: Record<ColumnRole, number>;
  zone: string | null;
}

/**
 * Lays out the columns from the first row (header or data) and the first data row.
 * `firstRow`/`secondRow` are the fields of the file's first two non-blank rows.
 */
export function resolveLayout(firstRow: readonly string[], secondRow: readonly string[] | null, map: ColumnMap, fileName: string): ColumnLayout {
  const normalized = firstRow.map(normalizeColumnName);
  const namesAnything = normalized.some((name) => roleOfName(name) !== null) || Object.keys(map).length > 0;
  if (!namesAnything) {
    const headerless = headerlessLayout(firstRow);
    if (headerless) return headerless;
    throw new InputError(
      `no column named like a date or a price in the header (${describeHeader(firstRow)}). Name the columns in the file, or map them, e.g. --map time=${firstRow[0] || 'COLUMN'},close=COLUMN.`,
      { file: fileName, line: 1 },
    );
  }
  if (!secondRow) {
    throw new InputError('the file has a header but no data rows. Export the bars again, with at least one row below the header.', { file: fileName, line: 1 });
  }
  const names = [...firstRow];
  const notes: string[] = [];
  // backtrader's minute files name 7 columns but write 8: the date, then an unnamed time of day.
  let fieldCount = firstRow.length;
  const resolution = resolveRoles(normalized, secondRow, map, names, fileName);
  if (resolution.indices.clock < 0 && secondRow.length === firstRow.length + 1 && resolution.indices.time >= 0 && isClockCell(secondRow[resolution.indices.time + 1] ?? '')) {
    const at = resolution.indices.time + 1;
    names.splice(at, 0, '(time of day)');
    normalized.splice(at, 0, '');
    for (const role of COLUMN_ROLES) if (resolution.indices[role] >= at) resolution.indices[role]++;
    resolution.indices.clock = at;
    fieldCount++;
    notes.push(`the header names ${firstRow.length} columns but rows have ${fieldCount}: the field after "${names[resolution.indices.time]}" is a time of day, read together with the date`);
  }
  const { indices } = resolution;
  if (indices.time < 0) {
    throw new InputError(
      `no date or time column found among ${describeHeader(firstRow)}. Name it Date, Datetime, Time or Timestamp, or map it, e.g. --map time=${firstRow[0] || 'COLUMN'}.`,
      { file: fileName, line: 1 },
    );
  }
  return { hasHeader: true, fieldCount, names, ...indices, zoneHint: resolution.zone, notes };
}

function resolveRoles(normalized: string[], secondRow: readonly string[], map: ColumnMap, names: string[], fileName: string): Resolution {
  const indices: Record<ColumnRole, number> = { time: -1, clock: -1, open: -1, high: -1, low: -1, close: -1, adjClose: -1, volume: -1, symbol: -1 };
  const taken = new Set<number>();
  for (const role of COLUMN_ROLES) {
    const wanted = map[role];
    if (wanted === undefined) continue;
    const key = normalizeColumnName(wanted);
    let index = names.findIndex((name) => name.trim() === wanted);
    if (index < 0) index = normalized.indexOf(key);
    if (index < 0) {
      throw new InputError(`the mapping names column "${wanted}" for ${role}, but the header has ${describeHeader(names)}. Use one of these names.`, { file: fileName, line: 1 });
    }
    indices[role] = index;
    taken.add(index);
  }
  let zone: string | null = null;
  const dateLike: number[] = [];
  normalized.forEach((name, index) => {
    if (taken.has(index)) return;
    const found = roleOfName(name);
    if (!found) return;
    if (found.role === 'time') dateLike.push(index);
    if (indices[found.role] >= 0 || (map[found.role] !== undefined)) return;
    indices[found.role] = index;
    if (found.zone) zone = found.zone;
  });
  // "Date" and "Time" side by side: a date column and a time-of-day column.
  if (map.time === undefined && map.clock === undefined && dateLike.length >= 2) {
    const timeOnly = dateLike.find((index) => normalized[index] === 'time' && isClockCell(secondRow[index] ?? ''));
    const dateOnly = dateLike.find((index) => index !== timeOnly);
    if (timeOnly !== undefined && dateOnly !== undefined) {
      indices.time = dateOnly;
      indices.clock = timeOnly;
    }
  }
  // pandas writes its index unnamed: that is the time when no named column is (backtesting.py's GOOG.csv).
  if (indices.time < 0) {
    const unnamed = normalized.findIndex((name, index) => isUnnamed(name) && !taken.has(index) && detectTimeFormat(secondRow[index] ?? '') !== null);
    if (unnamed >= 0) {
      indices.time = unnamed;
      if (names[unnamed]!.trim() === '') names[unnamed] = '(unnamed index)';
    }
  }
  if (zone === null && indices.time >= 0) zone = roleOfName(normalized[indices.time]!)?.zone ?? null;
  return { indices, zone };
}

function headerlessLayout(firstRow: readonly string[]): ColumnLayout | null {
  if (detectTimeFormat(firstRow[0] ?? '') === null) return null;
  const split = isClockCell(firstRow[1] ?? '');
  const offset = split ? 2 : 1;
  const values = firstRow.length - offset;
  if (values < 4 || values > 6) return null;
  for (let i = offset; i < firstRow.length; i++) if (!/^\s*[+-]?\d/.test(firstRow[i]!)) return null;
  const names = firstRow.map((_, i) => `column ${i + 1}`);
  const hasVolume = values >= 5;
  return {
    hasHeader: false,
    fieldCount: firstRow.length,
    names,
    time: 0,
    clock: split ? 1 : -1,
    open: offset,
    high: offset + 1,
    low: offset + 2,
    close: offset + 3,
    adjClose: -1,
    volume: hasVolume ? offset + 4 : -1,
    symbol: -1,
    zoneHint: null,
    notes: [`no header line: columns read as ${split ? 'date, time, ' : 'time, '}open, high, low, close${hasVolume ? ', volume' : ''}${values === 6 ? ' (the last column ignored)' : ''}`],
  };
}

export function describeHeader(names: readonly string[]): string {
  const shown = names.slice(0, 12).map((name) => `"${name.trim()}"`);
  return `columns ${shown.join(', ')}${names.length > 12 ? `, … (${names.length} in all)` : ''}`;
}

/** The roles a bar needs, checked after layout: a close, and open/high/low all or none. */
export function checkBarColumns(layout: ColumnLayout, fileName: string): void {
  const where = { file: fileName, line: 1 };
  if (layout.close < 0) {
    const hint = layout.open >= 0 ? '' : ' If each column is one symbol\'s closes, import it as a wide file (CLI: --wide).';
    throw new InputError(`no close column found among ${describeHeader(layout.names)}. Name it Close (or Price, Last), or map it, e.g. --map close=COLUMN.${hint}`, where);
  }
  const present = (['open', 'high', 'low'] as const).filter((role) => layout[role] >= 0);
  if (present.length > 0 && present.length < 3) {
    const missing = (['open', 'high', 'low'] as const).filter((role) => layout[role] < 0);
    throw new InputError(`the file has ${present.join(' and ')} but no ${missing.join(' or ')} column. Map the missing ones, e.g. --map ${missing[0]}=COLUMN, or remove the partial columns to import closes only.`, where);
  }
}
