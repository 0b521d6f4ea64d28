/**
 * Appends live bars to the `bars` table: one dataset per symbol and bar size from a given source
 * (`alpaca` for the market-data stream), created on the first bar. A bar whose time is already
 * stored is not added again (a backfill overlapping the stream, a replayed message), so appending
 * is idempotent. Every append announces `dataset.changed` / `appended`, once per dataset per turn
 * of the event loop however many bars a backfill brought.
 */
import type { Statement } from 'better-sqlite3';
import type { Bar } from '../../shared/domain/bar';
import type { ServiceContext } from '../services/context';
import type { Db } from '../storage/database';
import { announceDatasetChange } from './dataset-events';

export interface AppendTarget {
  readonly symbol: string;
  readonly timeframe: string;
  readonly source: string;
  /** Zone the bars are shown in. */
  readonly tz: string;
  /** `date` for daily bars (stamped 00:00 UTC of their date); default `datetime`. */
  readonly timeKind?: 'date' | 'datetime';
}

export class BarAppender {
  private readonly datasets = new Map<string, number>();
  private readonly changed = new Set<number>();
  private announceScheduled = false;
  private readonly statements: { find: Statement; create: Statement; insert: Statement; update: Statement };

  constructor(
    private readonly db: Db,
    private readonly announce: Pick<ServiceContext, 'hub' | 'bus' | 'log'> | null,
  ) {
    this.statements = {
      find: db.prepare('SELECT id FROM datasets WHERE symbol = ? AND timeframe = ? AND source = ? ORDER BY id LIMIT 1'),
      create: db.prepare("INSERT INTO datasets (symbol, timeframe, source, time_kind, tz, rows, first_t, last_t, created_at, meta) VALUES (?, ?, ?, ?, ?, 0, NULL, NULL, ?, '{}')"),
      insert: db.prepare('INSERT OR IGNORE INTO bars (dataset_id, t, o, h, l, c, v) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      update: db.prepare(
        'UPDATE datasets SET rows = rows + ?, first_t = CASE WHEN first_t IS NULL OR ? < first_t THEN ? ELSE first_t END, last_t = CASE WHEN last_t IS NULL OR ? > last_t THEN ? ELSE last_t END WHERE id = ?',
      ),
    };
  }

  /** The dataset id bars of `target` go to (created when missing). */
  datasetOf(target: AppendTarget): number {
    const key = `${target.symbol}|${target.timeframe}|${target.source}`;
    let id = this.datasets.get(key);
    if (id === undefined) {
      const row = this.statements.find.get(target.symbol, target.timeframe, target.source) as { id: number } | undefined;
      id = row ? row.id : Number(this.statements.create.run(target.symbol, target.timeframe, target.source, target.timeKind ?? 'datetime', target.tz, Date.now()).lastInsertRowid);
      if (!row) this.announce && announceDatasetChange(this.announce, id, 'added');
      this.datasets.set(key, id);
    }
    return id;
  }

  /** The newest stored bar time of `target` (null when none). */
  lastTime(target: AppendTarget): number | null {
    const row = this.db.prepare('SELECT last_t AS lastT FROM datasets WHERE symbol = ? AND timeframe = ? AND source = ? ORDER BY id LIMIT 1').get(target.symbol, target.timeframe, target.source) as
      | { lastT: number | null }
      | undefined;
    return row?.lastT ?? null;
  }

  /** Appends `bars`; returns how many were new. */
  append(target: AppendTarget, bars: readonly Bar[]): number {
    const id = this.datasetOf(target);
    let added = 0;
    let first = Infinity;
    let last = -Infinity;
    this.db.transaction(() => {
      for (const bar of bars) {
        if (this.statements.insert.run(id, bar.t, bar.o, bar.h, bar.l, bar.c, bar.v).changes === 0) continue;
        added++;
        first = Math.min(first, bar.t);
        last = Math.max(last, bar.t);
      }
      if (added > 0) this.statements.update.run(added, first, first, last, last, id);
    })();
    if (added > 0) this.scheduleAnnounce(id);
    return added;
  }

  private scheduleAnnounce(id: number): void {
    this.changed.add(id);
    if (this.announceScheduled || !this.announce) return;
    this.announceScheduled = true;
    setImmediate(() => {
      this.announceScheduled = false;
      const ids = [...this.changed];
      this.changed.clear();
      for (const dataset of ids) announceDatasetChange(this.announce!, dataset, 'appended');
    });
  }
}
