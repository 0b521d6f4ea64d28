import { allocateBarColumns, type BarColumns } from '../../shared/domain/bar';
import { formatBarTime, type TimeKind } from '../../shared/domain/time-format';
import type { Db } from '../storage/database';

/** One stored series of bars: a symbol at a bar size, from one source. */
export interface DatasetRecord {
  readonly id: number;
  readonly symbol: string;
  readonly timeframe: string;
  /** Where the bars came from: `csv` (a user's import), `bundled` (shipped with the app), `alpaca`. */
  readonly source: string;
  readonly timeKind: TimeKind;
  /** Zone the times are shown in (and naive times were read in). */
  readonly tz: string;
  readonly rows: number;
  readonly firstT: number | null;
  readonly lastT: number | null;
  readonly createdAt: number;
  readonly meta: Record<string, unknown>;
}

export interface NewDataset {
  readonly symbol: string;
  readonly timeframe: string;
  readonly source: string;
  readonly timeKind: TimeKind;
  readonly tz: string;
  readonly meta?: Record<string, unknown>;
}

/** A dataset as the UI and the CLI show it: first and last bar formatted as the source gave them. */
export interface DatasetView extends DatasetRecord {
  readonly first: string | null;
  readonly last: string | null;
}

interface DatasetRow {
  id: number;
  symbol: string;
  timeframe: string;
  source: string;
  time_kind: TimeKind;
  tz: string;
  rows: number;
  first_t: number | null;
  last_t: number | null;
  created_at: number;
  meta: string;
}

function toRecord(row: DatasetRow): DatasetRecord {
  let meta: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.meta);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) meta = parsed as Record<string, unknown>;
  } catch {
    // A damaged meta column must not hide the dataset; its bars are intact.
  }
  return {
    id: row.id,
    symbol: row.symbol,
    timeframe: row.timeframe,
    source: row.source,
    timeKind: row.time_kind,
    tz: row.tz,
    rows: row.rows,
    firstT: row.first_t,
    lastT: row.last_t,
    createdAt: row.created_at,
    meta,
  };
}

export function viewDataset(record: DatasetRecord): DatasetView {
  return {
    ...record,
    first: record.firstT === null ? null : formatBarTime(record.firstT, record.timeKind, record.tz),
    last: record.lastT === null ? null : formatBarTime(record.lastT, record.timeKind, record.tz),
  };
}

export interface BarRange {
  /** Inclusive bounds in epoch ms. */
  readonly from?: number;
  readonly to?: number;
}

/**
 * The `datasets` and `bars` tables. Writes are not transactions by themselves: callers that change
 * several things at once (an import) wrap them in `transaction`.
 */
export class DatasetStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      list: db.prepare('SELECT * FROM datasets ORDER BY symbol, timeframe, id'),
      get: db.prepare('SELECT * FROM datasets WHERE id = ?'),
      bySymbol: db.prepare('SELECT * FROM datasets WHERE symbol = ? AND timeframe = ? ORDER BY id'),
      latest: db.prepare('SELECT * FROM datasets WHERE symbol = ? AND timeframe = ? ORDER BY created_at DESC, id DESC LIMIT 1'),
      insertDataset: db.prepare('INSERT INTO datasets (symbol, timeframe, source, time_kind, tz, rows, first_t, last_t, created_at, meta) VALUES (?, ?, ?, ?, ?, 0, NULL, NULL, ?, ?)'),
      finishDataset: db.prepare('UPDATE datasets SET rows = ?, first_t = ?, last_t = ? WHERE id = ?'),
      insertBar: db.prepare('INSERT INTO bars (dataset_id, t, o, h, l, c, v) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      remove: db.prepare('DELETE FROM datasets WHERE id = ?'),
      bars: db.prepare('SELECT t, o, h, l, c, v FROM bars WHERE dataset_id = ? AND t >= ? AND t <= ? ORDER BY t').raw(true),
      count: db.prepare('SELECT COUNT(*) FROM bars WHERE dataset_id = ? AND t >= ? AND t <= ?').pluck(true),
    };
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  list(): DatasetRecord[] {
    return (this.statements.list.all() as DatasetRow[]).map(toRecord);
  }

  get(id: number): DatasetRecord | null {
    const row = this.statements.get.get(id) as DatasetRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Every dataset of a symbol at a bar size, oldest first. */
  forSymbol(symbol: string, timeframe: string): DatasetRecord[] {
    return (this.statements.bySymbol.all(symbol, timeframe) as DatasetRow[]).map(toRecord);
  }

  /** The most recently created dataset of a symbol at a bar size. */
  latest(symbol: string, timeframe: string): DatasetRecord | null {
    const row = this.statements.latest.get(symbol, timeframe) as DatasetRow | undefined;
    return row ? toRecord(row) : null;
  }

  /**
   * Creates a dataset holding `bars` (ascending, distinct times) with one prepared insert per bar.
   * Call inside `transaction` so a failure leaves nothing behind.
   */
  create(dataset: NewDataset, bars: BarColumns, createdAt = Date.now()): DatasetRecord {
    const { insertDataset, insertBar, finishDataset } = this.statements;
    const id = Number(insertDataset.run(dataset.symbol, dataset.timeframe, dataset.source, dataset.timeKind, dataset.tz, createdAt, JSON.stringify(dataset.meta ?? {})).lastInsertRowid);
    const { t, o, h, l, c, v } = bars;
    const n = t.length;
    for (let i = 0; i < n; i++) insertBar.run(id, t[i], o[i], h[i], l[i], c[i], v[i]);
    finishDataset.run(n, n > 0 ? t[0] : null, n > 0 ? t[n - 1] : null, id);
    return this.get(id)!;
  }

  /** Deletes a dataset and its bars; false when there was none. */
  remove(id: number): boolean {
    return this.statements.remove.run(id).changes > 0;
  }

  /** Bars of a dataset within an inclusive time range, as columns. */
  bars(id: number, range: BarRange = {}): BarColumns {
    const from = range.from ?? Number.MIN_SAFE_INTEGER;
    const to = range.to ?? Number.MAX_SAFE_INTEGER;
    const count = this.statements.count.get(id, from, to) as number;
    const columns = allocateBarColumns(count);
    let i = 0;
    for (const row of this.statements.bars.iterate(id, from, to) as IterableIterator<[number, number, number, number, number, number]>) {
      if (i === count) break;
      columns.t[i] = row[0];
      columns.o[i] = row[1];
      columns.h[i] = row[2];
      columns.l[i] = row[3];
      columns.c[i] = row[4];
      columns.v[i] = row[5];
      i++;
    }
    return i === count ? columns : { t: columns.t.subarray(0, i), o: columns.o.subarray(0, i), h: columns.h.subarray(0, i), l: columns.l.subarray(0, i), c: columns.c.subarray(0, i), v: columns.v.subarray(0, i) };
  }
}
