/**
 * No drift between a backtest and live trading: the architecture's headline claim, tested.
 *
 * Live: a stored dataset is replayed through the offline paper broker as live bars → the trading
 * service's bar feed → the strategy host (the registry's strategy, stepped by the engine's
 * StrategyRunner) → the signal intake → TradingService.submitSignal (sizing, risk, SQLite journal)
 * → the paper broker, which fills at the next bar's open.
 * Backtest: `runBacktest` over the same bars with the same strategy, parameters, fill model, costs,
 * risk limits and sizer (`strategySizer`, the one the service sizes with).
 * Every fill (time, side, quantity, price, commission), every round trip and the final equity must
 * be the same.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBacktest, type BacktestConfig } from '../../../src/shared/backtest/run-backtest';
import type { FillModelConfig } from '../../../src/shared/broker/sim/simulated-broker';
import { barColumnsFromBars, type Bar, type BarColumns } from '../../../src/shared/domain/bar';
import { TradeLedger } from '../../../src/shared/portfolio/trade-ledger';
import { DEFAULT_RISK_LIMITS } from '../../../src/shared/risk/risk-limits';
import { strategySizer } from '../../../src/shared/trading/signal-sizing';
import type { Db } from '../../../src/main/storage/database';
import { loadSpyDaily } from '../../helpers/spy-fixture';
import { openTestDb, storeBars, waitFor } from './helpers';
import { fillFacts, journalFills, replayAll, startStrategies, storeRegimes, type StrategyRig } from './strategy-helpers';

let rigs: StrategyRig[] = [];
afterEach(async () => {
  for (const rig of rigs) await rig.runtime.close();
  rigs = [];
});

/** Costs on both sides: a per-share commission with a minimum, and slippage. */
const FILL_MODEL: Partial<FillModelConfig> = {
  marketFill: 'next-open',
  commission: { kind: 'per_share', rate: 0.005, min: 1, maxPct: null },
  slippage: { kind: 'bps', bps: 2 },
};
/** The live limits, except the correlation rule (a backtest has no stored bars to correlate). */
const RISK = { ...DEFAULT_RISK_LIMITS, maxPositionPct: 100, maxCorrelation: null };

function bars(columns: BarColumns, from: number, to: number): Bar[] {
  const out: Bar[] = [];
  for (let i = from; i < Math.min(to, columns.t.length); i++) out.push({ t: columns.t[i]!, o: columns.o[i]!, h: columns.h[i]!, l: columns.l[i]!, c: columns.c[i]!, v: columns.v[i]! });
  return out;
}

/** Two ETFs of the bundled closes file (BSD-3, arbitragelab): each close is its bar (o = h = l = c). */
function etfCloses(symbols: readonly string[], count: number): Bar[][] {
  const text = fs.readFileSync(path.resolve(__dirname, '../../../resources/data/ETF23_arbitragelab_1d_close.csv'), 'utf8').trim().split('\n');
  const header = text[0]!.split(',');
  const columns = symbols.map((symbol) => header.indexOf(symbol));
  const out: Bar[][] = symbols.map(() => []);
  for (const line of text.slice(1, count + 1)) {
    const cells = line.split(',');
    const t = Date.parse(`${cells[0]!}T00:00:00Z`);
    columns.forEach((column, k) => {
      const c = Number(cells[column]);
      out[k]!.push({ t, o: c, h: c, l: c, c, v: 1_000_000 });
    });
  }
  return out;
}

interface DriftCase {
  readonly id: string;
  /** Its trading.yaml entry. */
  readonly entry: Record<string, unknown>;
  readonly data: ReadonlyArray<{ symbol: string; bars: Bar[]; regimes?: { p: Float64Array; label: Int32Array } }>;
  readonly sizing?: Record<string, unknown>;
}

/** Runs a case live (replayed) and as a backtest; returns both sides. */
async function runBoth(db: Db, c: DriftCase, drive: 'by-hand' | 'timer' = 'by-hand') {
  const datasets = c.data.map((d) => {
    const id = storeBars(db, d.symbol, d.bars);
    if (d.regimes) storeRegimes(db, id, d.bars.map((b) => b.t), d.regimes.p, d.regimes.label);
    return id;
  });
  const rig = await startStrategies(db, { risk: RISK, ...(c.sizing ? { sizing: c.sizing } : {}), strategies: { [c.id]: c.entry } }, FILL_MODEL);
  rigs.push(rig);
  const replayed = drive === 'by-hand' ? await replayAll(rig.runtime, datasets) : await replayByTimer(rig, datasets);
  const service = rig.runtime.current!.service;
  const live = journalFills(db);

  const settings = rig.config.strategies[c.id]!;
  const config: BacktestConfig = {
    data: c.data.map((d) => ({ symbol: d.symbol, bars: barColumnsFromBars(d.bars), ...(d.regimes ? { regimes: d.regimes } : {}) })),
    strategy: { name: settings.strategy ?? c.id, params: settings.parameters },
    sizing: strategySizer(settings, rig.config.sizing, RISK),
    fillModel: FILL_MODEL,
    risk: RISK,
    initialCash: 100_000,
  };
  const backtest = runBacktest(config);
  const ledger = new TradeLedger();
  for (const fill of live) ledger.record(fill);
  const status = rig.runtime.strategiesStatus().find((s) => s.id === c.id)!;
  return { rig, service, live, backtest, trades: ledger.trades, replayed, status };
}

/** The replay's own timer at 50,000 bars/s (1,000 bars a tick): only its barrier keeps it from outrunning the strategy. */
async function replayByTimer(rig: StrategyRig, datasets: number[]): Promise<number> {
  rig.runtime.replayStart({ datasets, barsPerSecond: 50_000 });
  const status = await waitFor(() => (rig.runtime.replayStatus()?.finished ? rig.runtime.replayStatus() : null), 'the replay to finish', 60_000);
  await rig.runtime.strategiesIdle();
  rig.runtime.current!.service.settle();
  return status!.done;
}

function expectNoDrift(result: Awaited<ReturnType<typeof runBoth>>, minTrades: number): void {
  const { backtest, live, trades, service, status } = result;
  expect(status.state).toBe('running');
  expect(status.error).toBeNull();
  expect(backtest.trades.length).toBeGreaterThanOrEqual(minTrades);
  expect(fillFacts(live)).toEqual(fillFacts(backtest.fills));
  expect(trades).toEqual(backtest.trades);
  for (const open of backtest.openPositions) expect(service.book.positionQty(open.symbol)).toBe(open.qty);
  expect(service.book.openPositions().length).toBe(backtest.openPositions.length);
  expect(service.book.cash).toBeCloseTo(backtest.fills.length > 0 ? 100_000 + backtest.fills.reduce((cash, f) => cash - (f.side === 'buy' ? 1 : -1) * f.qty * f.price - f.commission, 0) : 100_000, 6);
  expect(service.book.equity()).toBeCloseTo(backtest.finalEquity, 6);
}

describe('no drift: a strategy replayed live through the paper broker trades exactly as its backtest', () => {
  const spy = loadSpyDaily();
  const spyBars = bars(spy, 0, 1500);

  it('sma-cross (10/30, all-in) over all 5,241 SPY days: every fill, trade and the final equity', async () => {
    const { db } = openTestDb();
    const all = bars(spy, 0, spy.t.length);
    const result = await runBoth(db, {
      id: 'spy-trend',
      entry: { strategy: 'sma-cross', symbols: ['SPY'], timeframe: '1Day', parameters: { fast: 10, slow: 30 }, sizing: 'all-in' },
      data: [{ symbol: 'SPY', bars: all }],
    });
    expect(result.replayed).toBe(all.length);
    expectNoDrift(result, 80);
    // Every signal of the strategy went through the intake, stored with its outcome.
    const signals = db.prepare("SELECT status, strategy_id AS strategyId FROM signals WHERE source = 'strategy'").all() as Array<{ status: string; strategyId: string }>;
    expect(signals.length).toBe(result.backtest.orders.length);
    expect(new Set(signals.map((s) => s.strategyId))).toEqual(new Set(['spy-trend']));
    expect(signals.every((s) => s.status === 'accepted' || s.status === 'filled')).toBe(true);
  });

  it('rsi-reversion (long and short, percent:50 sizing under a 30% strategy cap)', async () => {
    const { db } = openTestDb();
    const result = await runBoth(db, {
      id: 'spy-rsi',
      entry: { strategy: 'rsi-reversion', symbols: ['SPY'], timeframe: '1Day', parameters: { period: 10, short: true }, sizing: 'percent:50', maxPositionPct: 30 },
      data: [{ symbol: 'SPY', bars: spyBars }],
    });
    expectNoDrift(result, 20);
    expect(result.backtest.trades.some((t) => t.side === 'short')).toBe(true);
  });

  it('buy-and-hold (the service sizing: 1% risk to the default 2% stop)', async () => {
    const { db } = openTestDb();
    const result = await runBoth(db, {
      id: 'buy-and-hold',
      entry: { symbols: ['SPY'], timeframe: '1Day' },
      data: [{ symbol: 'SPY', bars: spyBars }],
    });
    expectNoDrift(result, 0);
    expect(result.backtest.openPositions).toHaveLength(1);
    // 1% of 100,000 at risk over a 2% stop: 50,000 of SPY at the first close.
    expect(result.backtest.openPositions[0]!.qty).toBe(Math.floor(50_000 / spyBars[0]!.c));
  });

  it('pairs on two bundled ETFs (two symbols stepped together, quantities from the strategy)', async () => {
    const { db } = openTestDb();
    const [ewg, ewq] = etfCloses(['EWG', 'EWQ'], 1200);
    const result = await runBoth(db, {
      id: 'eu-pair',
      entry: { strategy: 'pairs', symbols: ['EWG', 'EWQ'], timeframe: '1Day', parameters: { lookback: 30 }, sizing: 'percent:40' },
      data: [
        { symbol: 'EWG', bars: ewg! },
        { symbol: 'EWQ', bars: ewq! },
      ],
    });
    expectNoDrift(result, 10);
  });

  it('regime-switch with stored regime probabilities, sized under the regime (zero in a crisis)', async () => {
    const { db } = openTestDb();
    const n = spyBars.length;
    // A regime path that moves: bull most of the time, a crisis now and then, sideways in between.
    const p = new Float64Array(n * 6);
    const label = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const phase = (i % 180) / 180;
      const bull = phase < 0.6 ? 0.7 : phase < 0.8 ? 0.2 : 0.1;
      const crisis = phase >= 0.8 ? 0.6 : 0.02;
      const rest = (1 - bull - crisis) / 4;
      p.set([bull, rest, rest, rest, rest, crisis], i * 6);
      label[i] = bull >= 0.5 ? 0 : crisis > 0.5 ? 5 : 2;
    }
    const result = await runBoth(db, {
      id: 'spy-regime',
      entry: { strategy: 'regime-switch', symbols: ['SPY'], timeframe: '1Day', parameters: { fast: 5, slow: 20, bull: 0.5 }, sizing: 'percent:60' },
      data: [{ symbol: 'SPY', bars: spyBars, regimes: { p, label } }],
      sizing: { regime: { weights: { bull: 1, sideways: 0.5 }, zeroWhen: { crisis: 0.5 } } },
    });
    expectNoDrift(result, 5);
    // The weights scaled the sizes: in a bull phase, 0.7 × 1 + 0.28 × (weights 0.5 for sideways, 1 for the rest)
    // + 0.02 (crisis) = 0.965 of the 60% the strategy's own sizing asks for.
    const first = result.backtest.fills[0]!;
    expect(first.qty * first.price).toBeLessThan(0.6 * 0.97 * 100_000);
  });

  it('the replay running on its own timer at 50,000 bars/s cannot outrun the strategy: the same trades', async () => {
    const { db } = openTestDb();
    const result = await runBoth(
      db,
      {
        id: 'spy-trend',
        entry: { strategy: 'sma-cross', symbols: ['SPY'], timeframe: '1Day', parameters: { fast: 5, slow: 20 }, sizing: 'percent:90' },
        data: [{ symbol: 'SPY', bars: spyBars }],
      },
      'timer',
    );
    expect(result.replayed).toBe(1500);
    expectNoDrift(result, 30);
  });
});
