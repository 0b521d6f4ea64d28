/**
 * Set-up shared by the trading service tests: a data folder with a real database, stored bars, an
 * event recorder standing in for the EventHub, a captured logger, and builders for the service on
 * the paper broker and on the Alpaca emulator.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { barColumnsFromBars, type Bar } from '../../../src/shared/domain/bar';
import type { EventItem, EventName } from '../../../src/shared/ipc/contract';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../../src/shared/risk/risk-limits';
import { DatasetStore } from '../../../src/main/market/dataset-store';
import { openDatabase, type Db } from '../../../src/main/storage/database';
import { buildTradingService, type BrokerSpec, type BuiltService, type TradingRuntimeOptions } from '../../../src/main/trading/runtime';
import type { TradingPublisher } from '../../../src/main/trading/trading-service';
import { captureLog, FAST_STREAMS, waitFor, type CapturedLog } from '../alpaca/helpers';
import type { AlpacaBinding } from '../../../src/main/trading/alpaca-binding';
import { startAlpacaEmulator, type AlpacaEmulator } from '../../support/alpaca-emulator';
import { afterEach, beforeEach } from 'vitest';

export { captureLog, FAST_STREAMS, waitFor } from '../alpaca/helpers';

export function tempDir(prefix = 'sx-trading-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const DAY = 86_400_000;

/** Daily bars at 00:00 UTC from 2024-03-01, one per close given (open = high = low = close). */
export function dailyCloseBars(closes: readonly number[], start = Date.UTC(2024, 2, 1)): Bar[] {
  return closes.map((c, i) => ({ t: start + i * DAY, o: c, h: c, l: c, c, v: 1_000_000 }));
}

export function storeBars(db: Db, symbol: string, bars: readonly Bar[], timeframe = '1Day'): number {
  const store = new DatasetStore(db);
  return store.transaction(() => store.create({ symbol, timeframe, source: 'csv', timeKind: timeframe === '1Day' ? 'date' : 'datetime', tz: 'UTC' }, barColumnsFromBars([...bars]))).id;
}

/** Records what the service publishes, by stream. */
export class EventRecorder implements TradingPublisher {
  readonly items = new Map<string, unknown[]>();

  publish<K extends EventName>(name: K, item: EventItem<K>): void {
    let list = this.items.get(name);
    if (!list) this.items.set(name, (list = []));
    list.push(item);
  }

  of<K extends EventName>(name: K): EventItem<K>[] {
    return (this.items.get(name) ?? []) as EventItem<K>[];
  }

  text(): string {
    return JSON.stringify([...this.items.entries()]);
  }
}

/** Limits for tests: the defaults without the order-rate and correlation rules unless a test sets them. */
export const TEST_LIMITS: RiskLimits = { ...DEFAULT_RISK_LIMITS, orderRate: null, maxCorrelation: null };

export interface TestService extends BuiltService {
  readonly db: Db;
  readonly log: CapturedLog;
  readonly events: EventRecorder;
}

export async function startService(db: Db, spec: BrokerSpec, options: Partial<TradingRuntimeOptions> & { log?: CapturedLog } = {}): Promise<TestService> {
  const log = options.log ?? captureLog();
  const events = new EventRecorder();
  const built = await buildTradingService(spec, { db, log: log.logger, publisher: events, limits: TEST_LIMITS, owner: 'test', killSwitchCancelWaitMs: 2_000, ...options });
  await built.service.start();
  return { ...built, db, log, events };
}

export function openTestDb(dir = tempDir()): { db: Db; dir: string } {
  return { db: openDatabase(dir), dir };
}

/**
 * Waits until the Alpaca binding's start-up backfill of `symbol` (the minutes of the day so far) is
 * done, so minutes the emulator publishes next arrive live rather than in that backfill.
 */
export async function untilStartupBackfill(emulator: AlpacaEmulator, binding: AlpacaBinding, symbol: string): Promise<void> {
  await waitFor(() => binding.adapter.marketData.confirmedSubscription.bars?.includes(symbol) ?? false, `the bar subscription of ${symbol}`);
  await waitFor(
    () => emulator.requests.some((r) => r.path.endsWith('/bars') && r.status === 200 && (r.path.includes(`/${symbol}/`) || (r.query.symbols ?? '').split(',').includes(symbol))) && !binding.adapter.bars.isBackfilling(symbol),
    `the start-up backfill of ${symbol}`,
  );
}

/** The Alpaca broker spec pointed at the emulator, with fast stream timers. */
export function emulatorSpec(emulator: AlpacaEmulator, overrides: Partial<Extract<BrokerSpec, { kind: 'alpaca' }>> = {}): BrokerSpec {
  return {
    kind: 'alpaca',
    mode: 'paper',
    env: emulator.env(),
    adapter: {
      rest: { sleep: async () => {}, random: () => 0.5, rateLimit: false },
      tradingStream: FAST_STREAMS,
      marketDataStream: { ...FAST_STREAMS, codec: 'json' },
    },
    broker: { lookupPauseMs: 10, sleep: async () => {} },
    connectTimeoutMs: 3_000,
    ...overrides,
  };
}

/**
 * Per test: an Alpaca emulator with AAPL at 190, a fresh database, and `start()` for a trading
 * service on them; the services still running and the emulator are closed after each test.
 */
export function emulatorRig(): { readonly emulator: AlpacaEmulator; readonly db: Db; start(): Promise<TestService> } {
  let emulator: AlpacaEmulator | null = null;
  let db: Db | null = null;
  let running: TestService[] = [];
  beforeEach(async () => {
    emulator = await startAlpacaEmulator();
    emulator.control.setPrice('AAPL', 190);
    db = openTestDb().db;
  });
  afterEach(async () => {
    for (const s of running) await s.service.close();
    running = [];
    await emulator?.close();
  });
  return {
    get emulator() {
      return emulator!;
    },
    get db() {
      return db!;
    },
    async start() {
      const s = await startService(db!, emulatorSpec(emulator!));
      running.push(s);
      return s;
    },
  };
}
