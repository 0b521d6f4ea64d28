/**
 * A data folder with a long trading history, made by the real paper trading service before the web
 * host starts: `roundTrips` market buys and sells of one share of IWM, each journaled, risk-checked
 * and filled by the paper broker (so orders, fills, cash and positions all agree).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { barColumnsFromBars } from '../../src/shared/domain/bar';
import { DEFAULT_RISK_LIMITS } from '../../src/shared/risk/risk-limits';
import { createLogger } from '../../src/main/log';
import { DatasetStore } from '../../src/main/market/dataset-store';
import { openDatabase } from '../../src/main/storage/database';
import { buildTradingService } from '../../src/main/trading/runtime';

export async function seedTradingHistory(roundTrips: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-e2e-history-'));
  const db = openDatabase(dir);
  try {
    const store = new DatasetStore(db);
    const day = 86_400_000;
    const bars = [200, 201, 202].map((c, i) => ({ t: Date.UTC(2024, 2, 1) + i * day, o: c, h: c, l: c, c, v: 1_000_000 }));
    store.transaction(() => store.create({ symbol: 'IWM', timeframe: '1Day', source: 'csv', timeKind: 'date', tz: 'UTC' }, barColumnsFromBars(bars)));
    const { service } = await buildTradingService(
      { kind: 'paper', delivery: 'sync' },
      { db, log: createLogger({ level: 'error', write: () => {} }), limits: { ...DEFAULT_RISK_LIMITS, orderRate: null, maxCorrelation: null }, owner: 'e2e seed' },
    );
    await service.start();
    for (let i = 0; i < roundTrips; i++) {
      for (const side of ['buy', 'sell'] as const) {
        const result = await service.submitOrder({ symbol: 'IWM', side, type: 'market', qty: 1, timeInForce: 'day', extendedHours: false });
        if (result.status !== 'filled') throw new Error(`seed order ${i} ${side}: ${result.status} ${result.reason ?? ''}`);
      }
    }
    await service.close();
  } finally {
    db.close();
  }
  return dir;
}
