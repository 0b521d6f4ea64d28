import { z } from 'zod';
import { isTimeframe } from '../../domain/timeframe';
import { SYMBOL_PATTERN } from '../../market/symbol';
import { event, request } from '../define';

export const Symbol = z.string().trim().min(1).max(32).regex(SYMBOL_PATTERN, 'letters, digits and . - / ^ = _ only').transform((s) => s.toUpperCase());
export const TimeframeText = z.string().refine(isTimeframe, 'a bar size such as 1Min, 5Min, 1Hour, 1Day');
export const DatasetId = z.number().int().positive();
const ColumnName = z.string().min(1).max(200);

export const DatasetSummary = z.object({
  dataset: DatasetId,
  symbol: z.string(),
  timeframe: z.string(),
  source: z.string(),
  rows: z.number().int().nonnegative(),
  /** First and last bar times, formatted as the source gave them (ISO date or ISO date-time). */
  first: z.string().nullable(),
  last: z.string().nullable(),
  firstT: z.number().nullable(),
  lastT: z.number().nullable(),
  timeKind: z.enum(['date', 'datetime']),
  tz: z.string(),
  createdAt: z.number(),
  /** Every bar is one price (a file of closes): charts draw a line. */
  closesOnly: z.boolean(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const ImportWarning = z.object({
  kind: z.enum(['gap', 'zero_volume', 'jump', 'missing_value', 'other']),
  line: z.number().int().nullable(),
  message: z.string(),
});
export type ImportWarning = z.infer<typeof ImportWarning>;

export const ImportReport = z.object({
  dataset: DatasetId,
  symbol: z.string(),
  timeframe: z.string(),
  rows: z.number().int().nonnegative(),
  first: z.string().nullable(),
  last: z.string().nullable(),
  warnings: z.array(ImportWarning),
  /** Datasets this import replaced (only with `replace`). */
  replaced: z.array(DatasetId),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** Bars as columns of plain numbers (JSON-safe for the web host). */
export const BarColumnsWire = z.object({
  dataset: DatasetId,
  symbol: z.string(),
  timeframe: z.string(),
  timeKind: z.enum(['date', 'datetime']),
  tz: z.string(),
  t: z.array(z.number()),
  o: z.array(z.number()),
  h: z.array(z.number()),
  l: z.array(z.number()),
  c: z.array(z.number()),
  v: z.array(z.number()),
});
export type BarColumnsWire = z.infer<typeof BarColumnsWire>;

export const datasetsRequests = {
  'datasets.list': request(z.object({}).strict(), z.array(DatasetSummary)),
  'datasets.bars': request(
    z.object({ dataset: DatasetId, from: z.number().optional(), to: z.number().optional() }).strict(),
    BarColumnsWire,
  ),
  /**
   * Import a CSV the renderer read from a file the user picked. Without `timeframe` the bar size
   * is inferred from the times; `tz` is the zone of times written without an offset
   * (America/New_York by default); `map` names columns per role (`{ time: 'Date', close: 'Price' }`);
   * `replace` replaces the symbol's datasets of the same bar size imported from CSV before;
   * `skipBadRows` leaves out rows failing a check instead of refusing the file.
   */
  'datasets.importText': request(
    z.object({
      fileName: z.string().min(1).max(260),
      text: z.string().max(200 * 1024 * 1024),
      symbol: Symbol,
      timeframe: TimeframeText.optional(),
      tz: z.string().min(1).max(64).optional(),
      map: z.object({
        time: ColumnName, clock: ColumnName, open: ColumnName, high: ColumnName, low: ColumnName,
        close: ColumnName, adjClose: ColumnName, volume: ColumnName, symbol: ColumnName,
      }).partial().strict().optional(),
      replace: z.boolean().optional(),
      skipBadRows: z.boolean().optional(),
      adjusted: z.boolean().optional(),
    }).strict(),
    ImportReport,
  ),
  'datasets.remove': request(z.object({ dataset: DatasetId }).strict(), z.object({ removed: z.boolean() })),
};

export const datasetsEvents = {
  'datasets.changed': event(z.object({ dataset: DatasetId, change: z.enum(['added', 'removed', 'appended']) })),
};
