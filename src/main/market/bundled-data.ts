import fs from 'node:fs';
import path from 'node:path';
import { resourcesDir } from '../paths';
import type { ServiceContext } from '../services/context';
import { announceDatasetChange } from './dataset-events';
import { DatasetStore } from './dataset-store';
import { importCsv, importWideCsv, type ImportOutcome } from './import-service';

/** Settings key recording that this data folder has received the bundled datasets. */
export const BUNDLED_SEED_SETTING = 'data.bundledSeed';
/** Raise when the bundled set changes in a way existing folders should receive. */
export const BUNDLED_SEED_VERSION = 1;

export const BUNDLED_SPY_FILE = 'SPY_pandas-ta_1d.csv';
export const BUNDLED_ETF_FILE = 'ETF23_arbitragelab_1d_close.csv';

export interface SeedRecord {
  readonly version: number;
  readonly seededAt: number;
  readonly datasets: number[];
}

export function bundledDataDir(): string {
  return path.join(resourcesDir(), 'data');
}

/**
 * Imports the bundled datasets once per data folder (recorded in its settings), so a fresh install
 * opens on real charts offline: the 23 ETFs' daily closes, then SPY's daily OHLCV, imported last so
 * it is the SPY 1Day dataset charts open. A user who removes them does not get them back.
 * Returns the record, or null when the folder was seeded before.
 */
export function seedBundledData(ctx: Pick<ServiceContext, 'db' | 'settings' | 'log' | 'hub' | 'bus'>, dir = bundledDataDir()): SeedRecord | null {
  const previous = ctx.settings.get<SeedRecord>(BUNDLED_SEED_SETTING);
  if (previous && previous.version >= BUNDLED_SEED_VERSION) return null;
  const store = new DatasetStore(ctx.db);
  const read = (file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');
  const etfText = read(BUNDLED_ETF_FILE);
  const spyText = read(BUNDLED_SPY_FILE);
  const removed: number[] = [];
  const outcomes: ImportOutcome[] = store.transaction(() => {
    // An older seed is replaced by exactly the datasets it created (those the user kept).
    for (const id of previous?.datasets ?? []) if (store.remove(id)) removed.push(id);
    const etfs = importWideCsv(store, { fileName: BUNDLED_ETF_FILE, text: etfText, source: 'bundled', timeframe: '1Day' });
    const spy = importCsv(store, { fileName: BUNDLED_SPY_FILE, text: spyText, symbol: 'SPY', source: 'bundled', timeframe: '1Day' });
    const record: SeedRecord = { version: BUNDLED_SEED_VERSION, seededAt: Date.now(), datasets: [...etfs.outcome.map((o) => o.dataset.id), spy.outcome.dataset.id] };
    ctx.settings.set(BUNDLED_SEED_SETTING, record);
    return [...etfs.outcome, spy.outcome];
  });
  for (const id of removed) announceDatasetChange(ctx, id, 'removed');
  for (const outcome of outcomes) announceDatasetChange(ctx, outcome.dataset.id, 'added');
  const rows = outcomes.reduce((sum, o) => sum + o.dataset.rows, 0);
  ctx.log.info('datasets', `seeded ${outcomes.length} bundled datasets (${rows} bars) from ${dir}`);
  return ctx.settings.get<SeedRecord>(BUNDLED_SEED_SETTING);
}
