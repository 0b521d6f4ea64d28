import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSextant, type Sextant } from '../../../src/main/app';
import { createLogger } from '../../../src/main/log';
import { BUNDLED_SEED_SETTING, BUNDLED_SEED_VERSION } from '../../../src/main/market/bundled-data';
import { openDatabase } from '../../../src/main/storage/database';
import { SettingsStore } from '../../../src/main/storage/settings';
import type { RequestName, RequestOutput } from '../../../src/shared/ipc/contract';
import type { BacktestFinished, StrategyInfo } from '../../../src/shared/ipc/services/backtest';
import type { EventsMessage } from '../../../src/shared/ipc/wire';
import { storeSpy } from '../../helpers/lab';

const dirs: string[] = [];
let app: Sextant | null = null;
afterAll(async () => {
  await app?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The app on a data folder holding only SPY (marked as seeded, so no bundled data). */
async function start(): Promise<{ app: Sextant; spyId: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-lab-ipc-'));
  dirs.push(dir);
  const db = openDatabase(dir);
  new SettingsStore(db).set(BUNDLED_SEED_SETTING, { version: BUNDLED_SEED_VERSION, seededAt: 0, datasets: [] });
  db.close();
  const started = await startSextant({ dataDir: dir, host: 'test', validateOutputs: true, watchTradingConfig: false, log: createLogger({ write: () => undefined }) });
  const spyId = storeSpy(started.context);
  started.context.bus.emit('dataset.changed', { dataset: spyId, change: 'added' });
  return { app: started, spyId };
}

async function call<K extends RequestName>(name: K, input: unknown): Promise<RequestOutput<K>> {
  const result = await app!.router.dispatch(name, input, { host: 'test', connectionId: 'lab' });
  if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.code} ${result.error.message}`), { code: result.error.code });
  return result.value as RequestOutput<K>;
}

describe('strategy lab over IPC (outputs checked against the contract)', () => {
  it('serves the whole flow: strategies, run, events, get, compare, heatmap, update, delete; regime-switch on the stored regime', async () => {
    const started = await start();
    app = started.app;
    const { spyId } = started;
    const finished: BacktestFinished[] = [];
    const connection = app.context.hub.connect((message: EventsMessage) => finished.push(...((message.batches['backtest.finished'] ?? []) as BacktestFinished[])));
    connection.subscribe('backtest.finished');
    const until = async (runId: string): Promise<BacktestFinished> => {
      for (let i = 0; i < 2000; i++) {
        connection.flush();
        const found = finished.find((f) => f.runId === runId);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`run ${runId} did not finish`);
    };

    const strategies = await call('backtest.strategies', {});
    const sma = strategies.find((s: StrategyInfo) => s.name === 'sma-cross')!;
    expect(sma).toMatchObject({ symbols: 1, usesRegime: false, defaultSizing: 'all-in' });
    expect(sma.params).toEqual([
      { name: 'fast', type: 'integer', default: 10, min: 1, max: 10_000, step: 1, description: 'bars in the fast SMA' },
      { name: 'slow', type: 'integer', default: 30, min: 2, max: 10_000, step: 1, description: 'bars in the slow SMA' },
    ]);
    expect(strategies.find((s: StrategyInfo) => s.name === 'regime-switch')!.usesRegime).toBe(true);
    expect(strategies.find((s: StrategyInfo) => s.name === 'pairs')!.symbols).toBe(2);

    // Bad payloads are refused by the contract or the service, never crash.
    await expect(call('backtest.run', { datasets: [spyId], strategy: 'sma-cross', fill: { commission: 'per-share' } })).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(call('backtest.run', { datasets: [], strategy: 'sma-cross' })).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(call('backtest.run', { datasets: [spyId + 10], strategy: 'sma-cross' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('backtest.experiments.get', { id: 42 })).rejects.toMatchObject({ code: 'not_found' });

    const run = await call('backtest.run', { datasets: [spyId], strategy: 'sma-cross', params: { fast: 10, slow: 30 } });
    const done = await until(run.runId);
    expect(done.status).toBe('completed');
    expect(await call('backtest.cancel', { runId: run.runId })).toEqual({ cancelled: false });
    expect(await call('backtest.jobs', {})).toEqual([]);
    const detail = await call('backtest.experiments.get', { id: done.experimentId, maxPoints: 300 });
    expect(detail.equity!.equity.length).toBeLessThanOrEqual(300);

    const opt = await call('backtest.optimize', { datasets: [spyId], strategy: 'sma-cross', space: [{ name: 'fast', values: [5, 10, 20] }, { name: 'slow', range: { start: 50, stop: 150, step: 50 } }], objective: 'sortino' });
    expect(opt.total).toBe(9);
    const optDone = await until(opt.runId);
    const heatmap = await call('backtest.experiments.heatmap', { id: optDone.experimentId, x: 'fast', y: 'slow' });
    expect(heatmap).toMatchObject({ metric: 'sortino', x: { name: 'fast', values: [5, 10, 20] }, y: { name: 'slow', values: [50, 100, 150] } });
    expect(heatmap.z.flat().filter((v) => v !== null)).toHaveLength(9);
    await expect(call('backtest.experiments.heatmap', { id: done.experimentId, x: 'fast', y: 'slow' })).rejects.toMatchObject({ code: 'invalid_payload' });

    // regime-switch: the regime service's stored series, and the same series computed, trade alike.
    await call('regime.series', { dataset: spyId });
    const stored = await until((await call('backtest.run', { datasets: [spyId], strategy: 'regime-switch', regime: 'stored' })).runId);
    const computed = await until((await call('backtest.run', { datasets: [spyId], strategy: 'regime-switch', regime: 'computed' })).runId);
    const [a, b] = [await call('backtest.experiments.get', { id: stored.experimentId }), await call('backtest.experiments.get', { id: computed.experimentId })];
    expect(a.data[0]!.regime).toBe('stored');
    expect(b.data[0]!.regime).toBe('computed');
    expect(a.runNotes.join(' ')).not.toMatch(/no regime data/);
    expect(a.trades).toEqual(b.trades);
    expect(a.summary).toEqual(b.summary);
    expect(a.metrics!.regimes).not.toBeNull();

    const mc = await until((await call('backtest.monteCarlo', { source: { experimentId: done.experimentId }, simulations: 500 })).runId);
    expect((await call('backtest.experiments.get', { id: mc.experimentId })).monteCarlo!.simulations).toBe(500);
    const wf = await until((await call('backtest.walkForward', { datasets: [spyId], strategy: 'sma-cross', space: [{ name: 'fast', values: [5, 10] }], inSample: 2000, outOfSample: 1000 })).runId);
    expect((await call('backtest.experiments.get', { id: wf.experimentId })).walkForward!.windows).toHaveLength(3);

    const comparison = await call('backtest.experiments.compare', { ids: [done.experimentId, stored.experimentId, wf.experimentId], maxPoints: 500 });
    expect(comparison.curves.t.length).toBeLessThanOrEqual(500);
    expect(comparison.metrics.map((m) => m.metric)).toContain('sharpe');

    expect(await call('backtest.experiments.update', { id: done.experimentId, name: 'baseline', tags: ['spy'] })).toMatchObject({ name: 'baseline', tags: ['spy'] });
    const page = await call('backtest.experiments.list', { parentId: null, limit: 3 });
    expect(page.experiments).toHaveLength(3);
    expect(page.nextBeforeId).not.toBeNull();
    const deleted = await call('backtest.experiments.delete', { ids: [done.experimentId] });
    // The backtest and the Monte Carlo run stored under it.
    expect(deleted.deleted).toEqual([done.experimentId, mc.experimentId]);
  });
});
