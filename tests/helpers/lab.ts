import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bus } from '../../src/main/bus';
import { EventHub } from '../../src/main/ipc/event-hub';
import { createLogger } from '../../src/main/log';
import { DatasetStore } from '../../src/main/market/dataset-store';
import type { ServiceContext } from '../../src/main/services/context';
import { openDatabase } from '../../src/main/storage/database';
import { LayoutStore } from '../../src/main/storage/layouts';
import { SettingsStore } from '../../src/main/storage/settings';
import type { BarColumns } from '../../src/shared/domain/bar';
import type { EventItem, EventName } from '../../src/shared/ipc/contract';
import type { EventsMessage } from '../../src/shared/ipc/wire';
import type { RunSettings } from '../../src/shared/lab/jobs';
import { loadSpyDaily } from './spy-fixture';

export const FAULTY_BACKTEST_WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'faulty-backtest-worker.ts');

export const DAILY_SETTINGS: RunSettings = { initialCash: 100_000, fillModel: {}, risk: {}, timeframe: '1Day', sessionTimeZone: 'UTC', riskFreeRate: 0 };

/** A service context on a fresh data folder (no bundled data), its hub flushing every millisecond. */
export function labContext(): { ctx: ServiceContext; dir: string; close(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-lab-'));
  const db = openDatabase(dir);
  const ctx: ServiceContext = {
    host: 'test',
    version: '0.0.0-test',
    startedAt: Date.now(),
    dataDir: dir,
    db,
    log: createLogger({ write: () => undefined }),
    hub: new EventHub({ intervalMs: 1 }),
    bus: new Bus(),
    settings: new SettingsStore(db),
    layouts: new LayoutStore(db),
  };
  return {
    ctx,
    dir,
    close() {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Stores SPY's daily bars (the first `n`, default all) as a dataset; returns its id. */
export function storeSpy(ctx: Pick<ServiceContext, 'db'>, n?: number, symbol = 'SPY'): number {
  const store = new DatasetStore(ctx.db);
  const all = loadSpyDaily();
  const end = n ?? all.t.length;
  const bars: BarColumns = { t: all.t.subarray(0, end), o: all.o.subarray(0, end), h: all.h.subarray(0, end), l: all.l.subarray(0, end), c: all.c.subarray(0, end), v: all.v.subarray(0, end) };
  return store.transaction(() => store.create({ symbol, timeframe: '1Day', source: 'test', timeKind: 'date', tz: 'UTC' }, bars).id);
}

/** Every item the hub publishes under the given streams, in order. */
export function recordEvents(ctx: ServiceContext, names: EventName[]): { items: <K extends EventName>(name: K) => EventItem<K>[] } {
  const seen = new Map<string, unknown[]>();
  const connection = ctx.hub.connect((message: EventsMessage) => {
    for (const [name, items] of Object.entries(message.batches)) seen.set(name, [...(seen.get(name) ?? []), ...(items as unknown[])]);
  });
  for (const name of names) connection.subscribe(name);
  return { items: (name) => (seen.get(name) ?? []) as never };
}
