/**
 * The live strategy host on the paper broker: warm-up without trading, the confidence threshold,
 * a strategy that throws or returns a bad intent (isolated, nothing of its step sent), and the
 * regime a strategy sees and is sized under (never a later bar's).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Signal } from '../../../src/shared/domain/signal';
import type { Strategy, StrategyContext, StrategyOutput } from '../../../src/shared/engine/strategy';
import { Sma } from '../../../src/shared/indicators/moving-averages';
import { strategyDefinition, type StrategyDefinition } from '../../../src/shared/strategies/registry';
import type { Db } from '../../../src/main/storage/database';
import { TradingConfigSchema } from '../../../src/shared/trading/trading-config';
import { TradingRuntime } from '../../../src/main/trading/runtime';
import { minuteBars, startAlpacaEmulator, type AlpacaEmulator } from '../../support/alpaca-emulator';
import { captureLog, DAY, dailyCloseBars, emulatorSpec, EventRecorder, openTestDb, storeBars, TEST_LIMITS, untilStartupBackfill, waitFor } from './helpers';
import { advance, startReplay, startStrategies, storeRegimes, type StrategyRig } from './strategy-helpers';

let rigs: StrategyRig[] = [];
afterEach(async () => {
  for (const rig of rigs) await rig.runtime.close();
  rigs = [];
});

async function rig(db: Db, config: Record<string, unknown>, options: Parameters<typeof startStrategies>[3] = {}): Promise<StrategyRig> {
  const started = await startStrategies(db, { risk: { maxCorrelation: null, orderRate: null }, ...config }, { marketFill: 'next-open' }, options);
  rigs.push(started);
  return started;
}

interface SignalRow {
  strategy_id: string;
  symbol: string;
  action: string;
  status: string;
  confidence: number;
  reason: string | null;
  t: number;
}

function strategySignals(db: Db, strategyId?: string): SignalRow[] {
  const rows = db.prepare("SELECT strategy_id, symbol, action, status, payload, outcome FROM signals WHERE source = 'strategy' ORDER BY id").all() as Array<{
    strategy_id: string; symbol: string; action: string; status: string; payload: string; outcome: string | null;
  }>;
  return rows
    .filter((row) => strategyId === undefined || row.strategy_id === strategyId)
    .map((row) => {
      const payload = JSON.parse(row.payload) as { confidence: number; timestamp: number };
      const outcome = row.outcome ? (JSON.parse(row.outcome) as { reason?: string; error?: string }) : null;
      return { strategy_id: row.strategy_id, symbol: row.symbol, action: row.action, status: row.status, confidence: payload.confidence, reason: outcome?.reason ?? outcome?.error ?? null, t: payload.timestamp };
    });
}

function orderCount(db: Db, tag: string): number {
  return db.prepare('SELECT COUNT(*) FROM orders WHERE tag = ?').pluck(true).get(tag) as number;
}

const T0 = Date.UTC(2024, 2, 1);
const time = (i: number): number => T0 + i * DAY;

/** A strategy for these tests, with no parameters. */
function testStrategy(name: string, symbols: number, create: (symbols: readonly string[]) => Strategy): StrategyDefinition {
  return { name, summary: name, params: z.object({}).strict(), symbols, defaultSizing: 'all-in', create: (_p, s) => create(s) };
}

function registryWith(...extra: StrategyDefinition[]): (name: string) => StrategyDefinition {
  return (name) => extra.find((d) => d.name === name) ?? strategyDefinition(name);
}

const signal = (symbol: string, action: Signal['action'], t: number, extra: Partial<Signal> = {}): Signal => ({ symbol, action, confidence: 1, strategyId: 'ignored', timestamp: t, ...extra });

describe('warm-up', () => {
  it('feeds the stored history to the indicators without trading on it; the first replayed bars trade on ready indicators', async () => {
    const { db } = openTestDb();
    // 60 days of history that rise, fall through (two crosses a trading warm-up would have acted on)
    // and end falling; then the replayed days turn up at once.
    const closes: number[] = [];
    for (let i = 0; i < 20; i++) closes.push(100 + i);
    for (let i = 0; i < 25; i++) closes.push(120 - 2 * i);
    for (let i = 0; i < 15; i++) closes.push(70 - 0.5 * i);
    for (let i = 0; i < 25; i++) closes.push(63 + 3 * i);
    const dataset = storeBars(db, 'SPY', dailyCloseBars(closes, T0));
    const r = await rig(db, { strategies: { 'spy-trend': { strategy: 'sma-cross', symbols: ['SPY'], timeframe: '1Day', parameters: { fast: 5, slow: 30 }, warmupBars: 40, sizing: 'percent:50' } } });

    // At start: warmed up on the last 40 stored bars (all of them are history now), nothing traded.
    let status = r.runtime.strategiesStatus()[0]!;
    expect(status).toMatchObject({ state: 'waiting', warmup: { bars: 40, from: time(closes.length - 40), to: time(closes.length - 1), datasets: [dataset], done: true }, barsProcessed: 0, intents: 0 });
    expect(strategySignals(db)).toEqual([]);

    // A replay from day 60: warmed up again on the 40 days before it (20..59), then trades.
    startReplay(r.runtime, [dataset], time(60));
    await advance(r.runtime, 25);
    status = r.runtime.strategiesStatus()[0]!;
    expect(status.warmup).toMatchObject({ bars: 40, from: time(20), to: time(59) });
    expect(status.barsProcessed).toBe(25);

    // The reference, worked out here from the closes: SMAs over the bars the strategy saw (from day 20),
    // the sign of fast − slow carried over zeros, the first turn from − to + on a replayed day.
    const seen = closes.slice(20);
    const sma = (k: number, i: number): number => seen.slice(i - k + 1, i + 1).reduce((a, b) => a + b, 0) / k;
    let sign = 0;
    let firstBuy = -1;
    for (let i = 29; i < seen.length && firstBuy < 0; i++) {
      const d = sma(5, i) - sma(30, i);
      const next = d > 0 ? 1 : d < 0 ? -1 : sign;
      if (sign === -1 && next === 1 && i + 20 >= 60) firstBuy = i + 20;
      sign = next;
    }
    expect(firstBuy).toBeGreaterThanOrEqual(60);
    // Without the warm-up the slow SMA would need 30 replayed days; with it the cross is taken on its day.
    expect(firstBuy).toBeLessThan(60 + 29);
    const signals = strategySignals(db, 'spy-trend');
    expect(signals[0]).toMatchObject({ action: 'BUY', t: time(firstBuy) });
    expect(signals[0]!.status === 'accepted' || signals[0]!.status === 'filled').toBe(true);
    expect(r.runtime.current!.service.book.positionQty('SPY')).toBeGreaterThan(0);
  });
});

describe('the confidence threshold', () => {
  it('a signal below the strategy threshold is recorded as skipped with the reason; one above trades', async () => {
    const { db } = openTestDb();
    const dataset = storeBars(db, 'QQQ', dailyCloseBars([100, 101, 102, 103, 104], T0));
    const doubtful = testStrategy('doubtful', 1, ([symbol]) => {
      let bars = 0;
      return {
        id: 'doubtful',
        onBar: (ctx: StrategyContext): StrategyOutput => {
          bars++;
          if (bars === 1) return signal(symbol!, 'BUY', ctx.t, { confidence: 0.4 });
          if (bars === 2) return signal(symbol!, 'BUY', ctx.t, { confidence: 0.9 });
          return;
        },
      };
    });
    const r = await rig(db, { strategies: { unsure: { strategy: 'doubtful', symbols: ['QQQ'], timeframe: '1Day', confidenceThreshold: 0.5, warmupBars: 0 } } }, { registry: registryWith(doubtful) });
    startReplay(r.runtime, [dataset]);
    await advance(r.runtime, 4);
    const signals = strategySignals(db, 'unsure');
    expect(signals.map(({ status, confidence, reason }) => ({ status, confidence, reason }))).toEqual([
      { status: 'skipped', confidence: 0.4, reason: "confidence 0.4 is below unsure's threshold 0.5" },
      { status: signals[1]!.status === 'filled' ? 'filled' : 'accepted', confidence: 0.9, reason: null },
    ]);
    expect(orderCount(db, 'strategy:unsure')).toBe(1);
    expect(r.runtime.current!.service.book.positionQty('QQQ')).toBeGreaterThan(0);
    const status = r.runtime.strategiesStatus()[0]!;
    expect(status.intents).toBe(2);
    expect(status.lastSignal).toMatchObject({ symbol: 'QQQ', action: 'BUY', confidence: 0.9 });
  });
});

describe('isolation', () => {
  it('a strategy that throws, or returns an intent it may not send, is stopped with nothing of that step sent; the others go on', async () => {
    const { db } = openTestDb();
    const days = 12;
    const spy = storeBars(db, 'SPY', dailyCloseBars(Array.from({ length: days }, (_, i) => 400 + i), T0));
    const qqq = storeBars(db, 'QQQ', dailyCloseBars(Array.from({ length: days }, (_, i) => 300 + i), T0));
    const iwm = storeBars(db, 'IWM', dailyCloseBars(Array.from({ length: days }, (_, i) => 200 + i), T0));
    // Buys on its first bar, then on its fourth throws.
    const thrower = testStrategy('thrower', 1, ([symbol]) => {
      let bars = 0;
      return {
        id: 'thrower',
        onBar: (ctx: StrategyContext): StrategyOutput => {
          bars++;
          if (bars === 1) return signal(symbol!, 'BUY', ctx.t, { quantity: 5 });
          if (bars === 4) throw new Error('index out of range in my model');
          return;
        },
      };
    });
    // On its third bar returns a good sell and, with it, an order for a symbol it does not trade.
    const overreach = testStrategy('overreach', 1, ([symbol]) => {
      let bars = 0;
      return {
        id: 'overreach',
        onBar: (ctx: StrategyContext): StrategyOutput => {
          bars++;
          if (bars === 1) return signal(symbol!, 'BUY', ctx.t, { quantity: 3 });
          if (bars === 3) return [signal(symbol!, 'SELL', ctx.t, { quantity: 3 }), { symbol: 'TSLA', side: 'buy', qty: 1, type: 'market' }];
          return;
        },
      };
    });
    const r = await rig(
      db,
      {
        strategies: {
          steady: { strategy: 'buy-and-hold', symbols: ['SPY'], timeframe: '1Day', sizing: 'fixed:10' },
          shaky: { strategy: 'thrower', symbols: ['QQQ'], timeframe: '1Day', warmupBars: 0 },
          greedy: { strategy: 'overreach', symbols: ['IWM'], timeframe: '1Day', warmupBars: 0 },
        },
      },
      { registry: registryWith(thrower, overreach) },
    );
    startReplay(r.runtime, [spy, qqq, iwm]);
    await advance(r.runtime, days * 3);

    const byId = new Map(r.runtime.strategiesStatus().map((s) => [s.id, s]));
    expect(byId.get('shaky')).toMatchObject({ state: 'errored', barsProcessed: 3, error: { message: 'index out of range in my model', barTime: time(3) } });
    expect(byId.get('shaky')!.detail).toContain('Enable it again to restart it');
    expect(byId.get('greedy')).toMatchObject({ state: 'errored', barsProcessed: 3 });
    expect(byId.get('greedy')!.error!.message).toBe('returned an intent that cannot be sent, so nothing of this step was: intent 2 of 2 is for "TSLA", which this strategy does not trade (IWM)');
    // The good half of greedy's last step was not sent: it still holds what it bought.
    expect(strategySignals(db, 'greedy').map((s) => s.action)).toEqual(['BUY']);
    expect(orderCount(db, 'strategy:greedy')).toBe(1);
    expect(r.runtime.current!.service.book.positionQty('IWM')).toBe(3);
    expect(strategySignals(db, 'shaky').map((s) => s.action)).toEqual(['BUY']);
    // The steady one saw every day and holds its position.
    expect(byId.get('steady')).toMatchObject({ state: 'running', barsProcessed: days, error: null });
    expect(r.runtime.current!.service.book.positionQty('SPY')).toBe(10);
    expect(r.log.text()).toContain('shaky (thrower) stopped on the bar of 2024-03-04T00:00:00.000Z: index out of range in my model');
    // Started again (the UI's switch does this for an errored strategy): a fresh instance, warmed up, no error.
    await r.runtime.restartStrategy('shaky');
    expect(r.runtime.strategiesStatus().find((s) => s.id === 'shaky')).toMatchObject({ state: 'waiting', error: null, barsProcessed: 0, warmup: { done: true } });
  });
});

describe('the regime a live strategy sees', () => {
  it('is the one stored for its bar (or the newest bar before it the bank has done), never a later one; signals are sized under it', async () => {
    const { db } = openTestDb();
    const closes = Array.from({ length: 10 }, (_, i) => 100 + i);
    const dataset = storeBars(db, 'SPY', dailyCloseBars(closes, T0));
    // The bank has done days 0..5 and 8..9 (a replay of stored data meets the later days already stored).
    // Days 2 and 9 are crises: sizing gives nothing under them (zeroWhen crisis > 0.5).
    const done = [0, 1, 2, 3, 4, 5, 8, 9];
    const p = new Float64Array(done.length * 6);
    done.forEach((day, k) => p.set(day === 2 || day === 9 ? [0.05, 0.05, 0.05, 0.05, 0.05, 0.75] : [0.8, 0.04, 0.04, 0.04, 0.04, 0.04], k * 6));
    storeRegimes(db, dataset, done.map(time), p, done.map((day) => (day === 2 || day === 9 ? 5 : 0)));

    const seen: Array<{ t: number; regime: number | null; crisis: number | null }> = [];
    const probe = testStrategy('regime-probe', 1, ([symbol]) => ({
      id: 'regime-probe',
      onBar: (ctx: StrategyContext): StrategyOutput => {
        const regime = ctx.regime(symbol!);
        seen.push({ t: ctx.t, regime: regime?.t ?? null, crisis: regime ? regime.p[5]! : null });
        // A fresh position each day: buy on even days, sell on odd ones.
        const day = Math.round((ctx.t - T0) / DAY);
        return signal(symbol!, day % 2 === 0 ? 'BUY' : 'SELL', ctx.t);
      },
    }));
    // The service's own regime for outside signals says crisis: a strategy's signals must not use it.
    const r = await rig(
      db,
      { sizing: { regime: { zeroWhen: { crisis: 0.5 } } }, strategies: { probe: { strategy: 'regime-probe', symbols: ['SPY'], timeframe: '1Day', warmupBars: 0, sizing: 'percent:20' } } },
      { registry: registryWith(probe), regime: () => ({ t: time(9), p: [0, 0, 0, 0, 0, 1], label: 'crisis' }) },
    );
    startReplay(r.runtime, [dataset]);
    await advance(r.runtime, closes.length);

    expect(seen.map((s) => [Math.round((s.t - T0) / DAY), s.regime === null ? null : Math.round((s.regime - T0) / DAY)])).toEqual([
      [0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 5], [7, 5], [8, 8], [9, 9],
    ]);
    for (const s of seen) expect(s.regime!).toBeLessThanOrEqual(s.t);
    // Buys on days 0, 4, 6, 8 were sized; day 2 (a crisis) was not. Day 6 is sized under day 5's regime, not day 9's crisis.
    const buys = strategySignals(db, 'probe').filter((s) => s.action === 'BUY');
    expect(buys.map((s) => [Math.round((s.t - T0) / DAY), s.status === 'filled' || s.status === 'accepted' ? 'sent' : s.status, s.reason])).toEqual([
      [0, 'sent', null],
      [2, 'skipped', 'sizing gave no quantity for a new long in SPY'],
      [4, 'sent', null],
      [6, 'sent', null],
      [8, 'sent', null],
    ]);
  });
});

describe('on Alpaca (the emulator)', () => {
  let emulator: AlpacaEmulator | null = null;
  afterEach(async () => {
    for (const rig of rigs) await rig.runtime.close();
    rigs = [];
    await emulator?.close();
    emulator = null;
  });

  it('warms up on the stored minutes, trades the live ones, and feeds backfilled ones to its indicators without trading', async () => {
    emulator = await startAlpacaEmulator();
    emulator.control.setPrice('AAPL', 181.75);
    const { db } = openTestDb();
    const start = Date.UTC(2026, 0, 5, 15, 0);
    // Ten stored minutes falling from 190 to 181: the 2/4 SMAs point down.
    storeBars(db, 'AAPL', Array.from({ length: 10 }, (_, i) => ({ t: start + i * 60_000, o: 190 - i, h: 190.5 - i, l: 189.5 - i, c: 190 - i, v: 1000 })), '1Min');
    const log = captureLog();
    const events = new EventRecorder();
    const settings = TradingConfigSchema.parse({ strategies: { 'aapl-trend': { strategy: 'sma-cross', symbols: ['AAPL'], timeframe: '1Min', parameters: { fast: 2, slow: 4 }, sizing: 'fixed:5' } } });
    const runtime = new TradingRuntime({ db, log: log.logger, publisher: events, owner: 'test', limits: TEST_LIMITS, strategies: settings.strategies });
    rigs.push({ runtime, config: settings, log, events });
    // The market's time: the live minutes follow the stored ones.
    await runtime.start(emulatorSpec(emulator, { barClock: () => start + 10 * 60_000 }));
    const alpaca = runtime.current!.alpaca!;
    // The host's symbols are streamed although nothing is held or ordered.
    await untilStartupBackfill(emulator, alpaca, 'AAPL');
    expect(runtime.strategiesStatus()[0]).toMatchObject({ state: 'waiting', warmup: { bars: 10, done: true }, detail: 'waiting for 1Min bars of AAPL' });

    // Live minutes turn up: 181.5 then 181.75 (fast 181.625 > slow 181.5625), a cross on the second.
    const live = minuteBars(start + 10 * 60_000, 3, 181.5);
    emulator.control.publishBars('AAPL', live);
    await waitFor(() => runtime.strategiesStatus()[0]!.barsProcessed === 3, 'three live minutes processed');
    await runtime.strategiesIdle();
    const buy = strategySignals(db, 'aapl-trend');
    expect(buy.map((s) => [s.action, s.t])).toEqual([['BUY', live[1]!.t]]);
    expect(['accepted', 'filled']).toContain(buy[0]!.status);
    await waitFor(() => runtime.current!.service.book.positionQty('AAPL') === 5, 'the fill at Alpaca');
    expect(runtime.strategiesStatus()[0]!.lastBar).toMatchObject({ t: live[2]!.t, source: 'live' });

    // The data stream drops; the minutes missed meanwhile (falling through the averages) come back as backfill:
    // fed to the indicators, not traded on (they are old news by the time they arrive).
    emulator.control.data.dropConnections();
    const missed = [178, 175, 172].map((c, i) => ({ t: live[2]!.t + (i + 1) * 60_000, o: c, h: c + 0.5, l: c - 0.5, c, v: 900, n: 9, vw: c }));
    emulator.control.addBars('AAPL', missed);
    await waitFor(() => runtime.strategiesStatus()[0]!.barsProcessed === 6, 'the backfilled minutes processed', 8_000);
    await runtime.strategiesIdle();
    expect(runtime.strategiesStatus()[0]!.lastBar).toMatchObject({ t: missed[2]!.t, source: 'backfill' });
    expect(strategySignals(db, 'aapl-trend')).toHaveLength(1);
  });
});
