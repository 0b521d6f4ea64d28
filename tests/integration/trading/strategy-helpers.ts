/**
 * Set-up shared by the live strategy host tests: a trading runtime on the offline paper broker with
 * strategies from a trading.yaml-shaped object, a paper replay driven bar by bar, and the journal's
 * fills read back.
 */
import type { FillModelConfig } from '../../../src/shared/broker/sim/simulated-broker';
import type { Fill } from '../../../src/shared/domain/fill';
import { REGIMES } from '../../../src/shared/domain/regime';
import type { RiskLimits } from '../../../src/shared/risk/risk-limits';
import type { StrategyDefinition } from '../../../src/shared/strategies/registry';
import { StrategySettingsSchema, TradingConfigSchema, type TradingConfig } from '../../../src/shared/trading/trading-config';
import type { Db } from '../../../src/main/storage/database';
import { TradingRuntime, type TradingRuntimeOptions } from '../../../src/main/trading/runtime';
import type { CapturedLog } from '../alpaca/helpers';
import { captureLog, EventRecorder } from './helpers';

export interface StrategyRig {
  readonly runtime: TradingRuntime;
  readonly config: TradingConfig;
  readonly log: CapturedLog;
  readonly events: EventRecorder;
}

export interface RigOptions {
  readonly ackTimeoutMs?: number;
  /** Strategies of the test besides the registry's (their entries are then not checked against the registry). */
  readonly registry?: (name: string) => StrategyDefinition;
  /** The regime the service sizes outside signals under (the app: the newest stored). */
  readonly regime?: TradingRuntimeOptions['regime'];
}

/** A runtime on the paper broker, running the strategies of `config` (a trading.yaml as an object). */
export async function startStrategies(db: Db, config: Record<string, unknown>, fillModel: Partial<FillModelConfig> = {}, options: RigOptions = {}): Promise<StrategyRig> {
  let parsed: TradingConfig;
  if (options.registry) {
    // Each entry read on its own: the whole file's check knows only the registry's names.
    const { strategies = {}, ...rest } = config as { strategies?: Record<string, unknown> };
    parsed = { ...TradingConfigSchema.parse(rest), strategies: Object.fromEntries(Object.entries(strategies).map(([id, entry]) => [id, StrategySettingsSchema.parse(entry)])) };
  } else {
    parsed = TradingConfigSchema.parse(config);
  }
  const log = captureLog();
  const events = new EventRecorder();
  const runtime = new TradingRuntime({
    db, log: log.logger, publisher: events, owner: 'test', limits: parsed.risk, sizing: parsed.sizing, strategies: parsed.strategies,
    ...(options.ackTimeoutMs !== undefined ? { strategyAckTimeoutMs: options.ackTimeoutMs } : {}),
    ...(options.registry ? { strategyRegistry: options.registry } : {}),
    ...(options.regime ? { regime: options.regime } : {}),
  });
  await runtime.start({ kind: 'paper', fillModel, delivery: 'async' });
  await runtime.strategiesIdle();
  return { runtime, config: parsed, log, events };
}

/**
 * Replays datasets through the paper broker as live bars, each bar after the strategies finished
 * with the one before (the replay's barrier), until the data ends. The replay's own timer is set
 * too slow to fire: the test drives it.
 */
export async function replayAll(runtime: TradingRuntime, datasets: number[], from?: number): Promise<number> {
  startReplay(runtime, datasets, from);
  const total = await advance(runtime, Number.MAX_SAFE_INTEGER);
  runtime.current!.paper!.replay.stop();
  return total;
}

/** Starts a replay the test drives with `advance`. */
export function startReplay(runtime: TradingRuntime, datasets: number[], from?: number): void {
  runtime.replayStart({ datasets, barsPerSecond: 0.001, ...(from !== undefined ? { from } : {}) });
}

/** Replays up to `count` more bars, each after the strategies are done with the one before; then settles. */
export async function advance(runtime: TradingRuntime, count: number): Promise<number> {
  const replay = runtime.current!.paper!.replay;
  let total = 0;
  while (total < count) {
    const n = await replay.advance(Math.min(500, count - total));
    total += n;
    if (n === 0) break;
  }
  await runtime.strategiesIdle();
  runtime.current!.service.settle();
  return total;
}

/** The account's fills as the journal holds them, in the order they were booked. */
export function journalFills(db: Db): Fill[] {
  return db
    .prepare('SELECT execution_id AS executionId, client_order_id AS clientOrderId, broker_order_id AS brokerOrderId, symbol, side, qty, price, commission, t FROM fills ORDER BY rowid')
    .all() as Fill[];
}

/** What must match between a backtest's fills and live ones (ids are each side's own). */
export function fillFacts(fills: readonly Fill[]): Array<Pick<Fill, 'symbol' | 'side' | 'qty' | 'price' | 'commission' | 't'>> {
  return fills.map(({ symbol, side, qty, price, commission, t }) => ({ symbol, side, qty, price, commission, t }));
}

/** Writes the regime bank's per-bar output for a dataset, as the regime service stores it. */
export function storeRegimes(db: Db, dataset: number, t: ArrayLike<number>, p: Float64Array, label: ArrayLike<number>): void {
  const columns = REGIMES.map((name) => `p_${name}`).join(', ');
  const insert = db.prepare(`INSERT INTO regime_series (dataset_id, t, ${columns}, label, observed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`);
  db.transaction(() => {
    for (let i = 0; i < t.length; i++) insert.run(dataset, t[i], p[i * 6], p[i * 6 + 1], p[i * 6 + 2], p[i * 6 + 3], p[i * 6 + 4], p[i * 6 + 5], label[i]);
  })();
}

export type { RiskLimits };
