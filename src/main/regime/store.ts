import { REGIME_COUNT, REGIMES, type RegimeName, type RegimeView } from '../../shared/domain/regime';
import type { RegimeCurrent, RegimeSeries, RegimeTransition } from '../../shared/ipc/services/regime';
import type { RegimeSeries as EngineRegimeSeries } from '../../shared/engine/trading-engine';
import type { RegimeBatchResult } from '../../workers/regime-protocol';
import { DatasetStore, type DatasetRecord } from '../market/dataset-store';
import type { Db } from '../storage/database';

/**
 * The regime service's storage: datasets through the dataset store, bars by chunks straight from
 * `bars` (migration 001), and the tables of migration 003, which it owns.
 */
/** What the regime service needs of a dataset (the dataset store's record has it all). */
export type RegimeDataset = Pick<DatasetRecord, 'id' | 'symbol' | 'timeframe' | 'timeKind' | 'tz'>;

export interface StoredRegimeState {
  readonly lastT: number;
  readonly bars: number;
  readonly fingerprint: string;
  readonly state: Uint8Array;
  readonly current: RegimeCurrent;
}

const SERIES_COLUMNS = REGIMES.map((name) => `p_${name}`).join(', ');

export class RegimeStore {
  private readonly datasetStore: DatasetStore;

  constructor(private readonly db: Db) {
    this.datasetStore = new DatasetStore(db);
  }

  datasets(): RegimeDataset[] {
    return this.datasetStore.list();
  }

  dataset(id: number): RegimeDataset | null {
    return this.datasetStore.get(id);
  }

  state(id: number): StoredRegimeState | null {
    const row = this.db.prepare('SELECT last_t, bars, fingerprint, state, current FROM regime_states WHERE dataset_id = ?').get(id) as
      | { last_t: number; bars: number; fingerprint: string; state: Uint8Array; current: string }
      | undefined;
    if (!row) return null;
    return { lastT: row.last_t, bars: row.bars, fingerprint: row.fingerprint, state: new Uint8Array(row.state), current: JSON.parse(row.current) as RegimeCurrent };
  }

  /** Bars of the dataset at or before t (to check that history below a snapshot is unchanged). */
  barsUpTo(id: number, t: number): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM bars WHERE dataset_id = ? AND t <= ?').get(id, t) as { n: number }).n;
  }

  /** Up to `limit` bars strictly after `after`, ascending, as columns. */
  barsAfter(id: number, after: number, limit: number): { t: Float64Array; close: Float64Array } {
    const rows = this.db.prepare('SELECT t, c FROM bars WHERE dataset_id = ? AND t > ? ORDER BY t LIMIT ?').raw(true).all(id, after, limit) as Array<[number, number]>;
    const t = new Float64Array(rows.length);
    const close = new Float64Array(rows.length);
    rows.forEach(([time, c], i) => {
      t[i] = time;
      close[i] = c;
    });
    return { t, close };
  }

  /** Forgets everything the bank said about a dataset (it will rerun from the first bar). */
  clear(id: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM regime_series WHERE dataset_id = ?').run(id);
      this.db.prepare('DELETE FROM regime_transitions WHERE dataset_id = ?').run(id);
      this.db.prepare('DELETE FROM regime_states WHERE dataset_id = ?').run(id);
    })();
  }

  /** One batch's per-bar outputs, transitions and the state after it, in one transaction. */
  saveBatch(dataset: RegimeDataset, result: RegimeBatchResult, fingerprint: string, current: RegimeCurrent): void {
    const batch = result.batch;
    const n = batch.count;
    const insertBar = this.db.prepare(`INSERT OR REPLACE INTO regime_series (dataset_id, t, ${SERIES_COLUMNS}, label, observed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertTransition = this.db.prepare('INSERT OR REPLACE INTO regime_transitions (dataset_id, symbol, t, from_regime, to_regime, probabilities) VALUES (?, ?, ?, ?, ?, ?)');
    const p = batch.probabilities;
    this.db.transaction(() => {
      for (let i = 0; i < n; i++) {
        insertBar.run(dataset.id, batch.t[i]!, p[i]!, p[n + i]!, p[2 * n + i]!, p[3 * n + i]!, p[4 * n + i]!, p[5 * n + i]!, batch.label[i]!, batch.observed[i]!);
        const from = batch.transitionFrom[i]!;
        if (from >= 0) {
          const probabilities = Array.from({ length: REGIME_COUNT }, (_, k) => p[k * n + i]!);
          insertTransition.run(dataset.id, dataset.symbol, batch.t[i]!, REGIMES[from]!, REGIMES[batch.label[i]!]!, JSON.stringify(probabilities));
        }
      }
      this.db
        .prepare(
          `INSERT INTO regime_states (dataset_id, symbol, timeframe, last_t, bars, fingerprint, state, current, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (dataset_id) DO UPDATE SET symbol = excluded.symbol, timeframe = excluded.timeframe, last_t = excluded.last_t, bars = excluded.bars,
             fingerprint = excluded.fingerprint, state = excluded.state, current = excluded.current, updated_at = excluded.updated_at`,
        )
        .run(dataset.id, dataset.symbol, dataset.timeframe, result.lastT, result.bars, fingerprint, Buffer.from(result.snapshot.buffer, result.snapshot.byteOffset, result.snapshot.byteLength), JSON.stringify(current), Date.now());
    })();
  }

  series(dataset: RegimeDataset, from = -Number.MAX_VALUE, to = Number.MAX_VALUE): RegimeSeries {
    const rows = this.db
      .prepare(`SELECT t, ${SERIES_COLUMNS}, label, observed FROM regime_series WHERE dataset_id = ? AND t >= ? AND t <= ? ORDER BY t`)
      .raw(true)
      .all(dataset.id, from, to) as number[][];
    const p = REGIMES.map((_, k) => rows.map((row) => row[1 + k]!));
    return {
      dataset: dataset.id,
      symbol: dataset.symbol,
      timeframe: dataset.timeframe,
      timeKind: dataset.timeKind,
      tz: dataset.tz,
      regimes: [...REGIMES],
      t: rows.map((row) => row[0]!),
      p,
      label: rows.map((row) => row[1 + REGIME_COUNT]!),
      observed: rows.map((row) => row[2 + REGIME_COUNT] === 1),
      transitions: this.transitions(dataset.id, from, to),
    };
  }

  /**
   * What the bank said at the newest bar of a dataset at or before `t`: the bar itself once the bank
   * has processed it, else an earlier one; never a later one. Null before the bank's first bar.
   */
  atOrBefore(id: number, t: number): RegimeView | null {
    const row = this.db.prepare(`SELECT t, ${SERIES_COLUMNS}, label FROM regime_series WHERE dataset_id = ? AND t <= ? ORDER BY t DESC LIMIT 1`).raw(true).get(id, t) as
      | number[]
      | undefined;
    if (!row) return null;
    return { t: row[0]!, p: row.slice(1, 1 + REGIME_COUNT), label: REGIMES[row[1 + REGIME_COUNT]!] ?? 'sideways' };
  }

  /**
   * The stored probabilities and labels for exactly these bar times, in the engine's layout
   * (`regimeSeriesForBars`'s), or null when any bar has no stored row yet (the bank has not
   * caught up, or ran on other bars).
   */
  engineSeries(id: number, t: Float64Array): EngineRegimeSeries | null {
    const n = t.length;
    if (n === 0) return { p: new Float64Array(0), label: new Int8Array(0) };
    const rows = this.db
      .prepare(`SELECT t, ${SERIES_COLUMNS}, label FROM regime_series WHERE dataset_id = ? AND t >= ? AND t <= ? ORDER BY t`)
      .raw(true)
      .iterate(id, t[0], t[n - 1]) as IterableIterator<number[]>;
    const p = new Float64Array(n * REGIME_COUNT);
    const label = new Int8Array(n);
    let i = 0;
    for (const row of rows) {
      if (i < n && row[0] === t[i]) {
        for (let k = 0; k < REGIME_COUNT; k++) p[i * REGIME_COUNT + k] = row[1 + k]!;
        label[i] = row[1 + REGIME_COUNT]!;
        i++;
      }
    }
    return i === n ? { p, label } : null;
  }

  transitions(id: number, from = -Number.MAX_VALUE, to = Number.MAX_VALUE): RegimeTransition[] {
    const rows = this.db
      .prepare('SELECT t, from_regime, to_regime, probabilities FROM regime_transitions WHERE dataset_id = ? AND t >= ? AND t <= ? ORDER BY t')
      .all(id, from, to) as Array<{ t: number; from_regime: RegimeName; to_regime: RegimeName; probabilities: string }>;
    return rows.map((row) => ({ t: row.t, from: row.from_regime, to: row.to_regime, p: JSON.parse(row.probabilities) as number[] }));
  }

  currents(symbol?: string): RegimeCurrent[] {
    const rows = (
      symbol === undefined
        ? this.db.prepare('SELECT current FROM regime_states ORDER BY symbol, timeframe, dataset_id').all()
        : this.db.prepare('SELECT current FROM regime_states WHERE symbol = ? ORDER BY timeframe, dataset_id').all(symbol)
    ) as Array<{ current: string }>;
    return rows.map((row) => JSON.parse(row.current) as RegimeCurrent);
  }
}
