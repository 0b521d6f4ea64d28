/**
 * Live strategies in the whole app: trading.yaml is the source of truth (an edit of the file stops a
 * strategy at once, without restarting trading), the start/stop switch of the UI writes the file,
 * and windows see each strategy's status over IPC and on its stream.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSextant, type Sextant } from '../../../src/main/app';
import { createLogger } from '../../../src/main/log';
import { DEFAULT_TRADING_CONFIG_TEXT } from '../../../src/shared/trading/default-trading-config';
import { patchTradingConfig, readTradingConfig } from '../../../src/shared/trading/trading-config-yaml';
import type { EventsMessage } from '../../../src/shared/ipc/wire';
import { dailyCloseBars, storeBars, tempDir, waitFor } from './helpers';
import { advance } from './strategy-helpers';
import { runBacktest } from '../../../src/shared/backtest/run-backtest';
import { barColumnsFromBars } from '../../../src/shared/domain/bar';
import { strategySizer } from '../../../src/shared/trading/signal-sizing';
import { paperFillModel } from '../../../src/shared/trading/trading-config';

let app: Sextant;
let dataDir: string;
let batches: EventsMessage[];
const ctx = { host: 'test' as const, connectionId: 'w1' };

async function call<T = any>(name: string, input: unknown = {}): Promise<T> {
  const result = await app.router.dispatch(name, input, ctx);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function refused(name: string, input: unknown): Promise<{ code: string; message: string }> {
  const result = await app.router.dispatch(name, input, ctx);
  if (result.ok) throw new Error(`${name} was accepted`);
  return result.error;
}

function streamed(): any[] {
  return batches.flatMap((b) => (b.batches['strategies.live.changed'] as unknown[] | undefined) ?? []);
}

function writeConfig(patch: Record<string, unknown>, base = fs.readFileSync(path.join(dataDir, 'trading.yaml'), 'utf8')): void {
  const result = patchTradingConfig(base, patch);
  if (!result.ok) throw new Error(result.problems.map((p) => p.text).join('; '));
  fs.writeFileSync(path.join(dataDir, 'trading.yaml'), result.text);
}

const TREND = { strategy: 'sma-cross', symbols: ['QQQ'], timeframe: '1Day', parameters: { fast: 3, slow: 8 }, sizing: 'percent:5' };

beforeEach(async () => {
  dataDir = tempDir('sx-strategies-app-');
  fs.writeFileSync(path.join(dataDir, 'trading.yaml'), DEFAULT_TRADING_CONFIG_TEXT);
  writeConfig({ strategies: { 'qqq-trend': TREND } });
  app = await startSextant({ dataDir, host: 'test', log: createLogger({ write: () => {} }), validateOutputs: true, watchTradingConfig: false });
  batches = [];
  app.context.hub.connect((message) => batches.push(message)).subscribe('strategies.live.changed');
});

afterEach(async () => {
  await app.close();
});

/** Up and down in waves, so a 3/8 SMA cross trades every few days. */
function waves(days: number): number[] {
  return Array.from({ length: days }, (_, i) => Math.round((400 + 30 * Math.sin(i / 4)) * 100) / 100);
}

describe('live strategies in the app', () => {
  it('follows trading.yaml: disabled in the file it stops at once (trading goes on), enabled from the UI it starts again', async () => {
    const runtime = app.trading.runtime;
    const [initial] = await call('strategies.live.status');
    expect(initial).toMatchObject({ id: 'qqq-trend', strategy: 'sma-cross', enabled: true, state: 'waiting', symbols: ['QQQ'], timeframe: '1Day', warmup: { bars: 0, done: true } });
    expect(initial.detail).toContain('waiting for 1Day bars of QQQ');

    const dataset = storeBars(app.context.db, 'QQQ', dailyCloseBars(waves(90)));
    await call('trading.replay.start', { datasets: [dataset], barsPerSecond: 0.001 });
    await advance(runtime, 40);
    const service = runtime.current!.service;
    let [status] = await call('strategies.live.status');
    expect(status).toMatchObject({ state: 'running', barsProcessed: 40, error: null });
    expect(status.intents).toBeGreaterThan(0);
    expect(status.lastBar).toMatchObject({ symbols: ['QQQ'], source: 'replay' });
    const signalsBefore = (await call('signals.list', { strategyId: 'qqq-trend' })).signals.length;
    expect(signalsBefore).toBe(status.intents);

    // The file says stop: it stops at the next reload, with no restart of trading or of the replay.
    writeConfig({ strategies: { 'qqq-trend': { enabled: false } } });
    await app.trading.config.reload();
    await runtime.strategiesIdle();
    [status] = await call('strategies.live.status');
    expect(status).toMatchObject({ enabled: false, state: 'disabled', detail: 'enabled: false in trading.yaml', barsProcessed: 40 });
    // Windows hear of it on the stream (the latest status per strategy in each batch).
    await waitFor(() => streamed().at(-1)?.state === 'disabled', 'the disabled status on the stream');
    await advance(runtime, 20);
    expect(runtime.current!.service).toBe(service);
    expect(runtime.replayStatus()).toMatchObject({ running: true, done: 60 });
    [status] = await call('strategies.live.status');
    expect(status.state).toBe('disabled');
    expect((await call('signals.list', { strategyId: 'qqq-trend' })).signals.length).toBe(signalsBefore);

    // Started again from the UI: written into the file, warmed up on the bars replayed so far, then trading.
    const started = await call('strategies.live.setEnabled', { id: 'qqq-trend', enabled: true });
    expect(started).toMatchObject({ enabled: true, state: 'waiting', barsProcessed: 0, warmup: { bars: 60, to: dailyCloseBars(waves(90))[59]!.t } });
    const file = readTradingConfig(fs.readFileSync(path.join(dataDir, 'trading.yaml'), 'utf8'));
    expect(file.ok && file.config.strategies['qqq-trend']).toMatchObject({ ...TREND, enabled: true });
    await advance(runtime, 30);
    [status] = await call('strategies.live.status');
    expect(status).toMatchObject({ state: 'running', barsProcessed: 30 });

    // Every change is recorded with who made it.
    const changes = await call('trading.config.changes', { path: 'strategies.qqq-trend.enabled' });
    expect(changes.map((c: { actor: string; after: unknown }) => [c.actor, c.after])).toEqual([
      ['ui', true],
      ['file', false],
    ]);
    await waitFor(() => streamed().at(-1)?.state === 'running' && streamed().at(-1)?.barsProcessed === 30, 'the last status on the stream');
    expect(await refused('strategies.live.setEnabled', { id: 'nope', enabled: true })).toMatchObject({ code: 'not_found' });
  });

  it('a strategy entry with a mistake is refused with its line and key; the running strategies are kept', async () => {
    const file = path.join(dataDir, 'trading.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('slow: 8', 'slow: 2'));
    const state = await app.trading.config.reload();
    expect(state.problems.map((p) => p.text)).toEqual([expect.stringMatching(/^trading\.yaml line \d+, strategies\.qqq-trend\.parameters\.fast: fast must be shorter than slow$/)]);
    const [status] = await call('strategies.live.status');
    expect(status).toMatchObject({ state: 'waiting', parameters: { fast: 3, slow: 8 } });
  });

  it("trades a replay as its backtest under trading.yaml's own paper fills, sizing and limits; a change of the fills restarts paper trading", async () => {
    const runtime = app.trading.runtime;
    const before = runtime.current!.service;
    writeConfig({
      execution: { paper: { marketFill: 'next-open', commission: 'per-share:0.005,min:1', slippage: 'bps:1' } },
      risk: { maxPositionPct: 50, maxCorrelation: null },
      strategies: { 'qqq-trend': { sizing: 'percent:40', parameters: { fast: 3, slow: 8 } } },
    });
    await app.trading.config.reload();
    await waitFor(() => runtime.current !== null && runtime.current.service !== before && runtime.current.service.ready, 'paper trading restarted with the new fills');
    expect(runtime.brokerSpec).toMatchObject({ kind: 'paper', fillModel: { marketFill: 'next-open', commission: { kind: 'per_share', rate: 0.005, min: 1 }, slippage: { kind: 'bps', bps: 1 } } });

    const bars = dailyCloseBars(waves(240)).map((b, i) => ({ ...b, o: b.c - 0.5 + (i % 3) * 0.4, h: b.c + 1, l: b.c - 1.5 }));
    const dataset = storeBars(app.context.db, 'QQQ', bars);
    await call('trading.replay.start', { datasets: [dataset], barsPerSecond: 0.001 });
    await advance(runtime, bars.length);

    const config = app.trading.config.config;
    const backtest = runBacktest({
      data: [{ symbol: 'QQQ', bars: barColumnsFromBars(bars) }],
      strategy: { name: 'sma-cross', params: config.strategies['qqq-trend']!.parameters },
      sizing: strategySizer(config.strategies['qqq-trend']!, config.sizing, config.risk),
      fillModel: paperFillModel(config.execution.paper),
      risk: config.risk,
    });
    expect(backtest.trades.length).toBeGreaterThanOrEqual(8);
    const fills = await call('trading.fills', { limit: 500 });
    const live = [...fills.items].reverse().map((f: { symbol: string; side: string; qty: number; price: number; commission: number; t: number }) => [f.symbol, f.side, f.qty, f.price, f.commission, f.t]);
    expect(live).toEqual(backtest.fills.map((f) => [f.symbol, f.side, f.qty, f.price, f.commission, f.t]));
  });
});
