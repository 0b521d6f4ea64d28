/**
 * What the live strategy host reads from storage: the stored bars a strategy is warmed up on, and
 * the regime the bank stored for the bar a strategy is on (never a later bar's).
 */
import type { Statement } from 'better-sqlite3';
import type { BarColumns } from '../../../shared/domain/bar';
import type { RegimeView } from '../../../shared/domain/regime';
import { DatasetStore, type DatasetRecord } from '../../market/dataset-store';
import { RegimeStore } from '../../regime/store';
import type { Db } from '../../storage/database';

export class StoredHistory {
  private readonly datasets: DatasetStore;
  private readonly regimes: RegimeStore;
  private readonly oldestOfLast: Statement;

  constructor(db: Db) {
    this.datasets = new DatasetStore(db);
    this.regimes = new RegimeStore(db);
    this.oldestOfLast = db.prepare('SELECT t FROM bars WHERE dataset_id = ? AND t < ? ORDER BY t DESC LIMIT 1 OFFSET ?').pluck(true);
  }

  /** The stored series of `symbol` at `timeframe` that reaches furthest (newest last bar; the newer dataset on a tie). */
  datasetFor(symbol: string, timeframe: string): DatasetRecord | null {
    let best: DatasetRecord | null = null;
    for (const dataset of this.datasets.forSymbol(symbol, timeframe)) {
      if (dataset.lastT === null) continue;
      if (!best || dataset.lastT >= best.lastT!) best = dataset;
    }
    return best;
  }

  dataset(id: number): DatasetRecord | null {
    return this.datasets.get(id);
  }

  /** The last `limit` bars of dataset `id` that start before `before` (default: all of them), oldest first. */
  barsBefore(id: number, limit: number, before = Number.MAX_SAFE_INTEGER): BarColumns {
    if (limit <= 0) return this.datasets.bars(id, { from: before, to: before - 1 });
    // The time of the oldest of those bars (none: fewer are stored, take them all), then the range up to `before` (exclusive).
    const first = this.oldestOfLast.get(id, before, limit - 1) as number | undefined;
    return this.datasets.bars(id, { ...(first !== undefined ? { from: first } : {}), to: before - 1 });
  }

  /** The regime stored for dataset `id` at its newest bar at or before `t` (undefined: none yet). */
  regimeAt(id: number, t: number): RegimeView | undefined {
    return this.regimes.atOrBefore(id, t) ?? undefined;
  }
}
