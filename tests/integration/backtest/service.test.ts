import { afterEach, describe, expect, it } from 'vitest';
import { BacktestService } from '../../../src/main/backtest/service';
import { IpcError } from '../../../src/shared/ipc/errors';
import {
  BacktestSpec, ExperimentDetail, MonteCarloSpec, OptimizationSpec, WalkForwardSpec, type BacktestFinished, type BacktestProgress,
} from '../../../src/shared/ipc/services/backtest';
import { runBacktest } from '../../../src/shared/backtest/run-backtest';
import { CRASH_CASH } from '../../helpers/faulty-backtest-markers';
import { FAULTY_BACKTEST_WORKER, labContext, recordEvents, storeSpy } from '../../helpers/lab';
import { loadSpyDaily } from '../../helpers/spy-fixture';

const spy = loadSpyDaily();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(options: ConstructorParameters<typeof BacktestService>[1] = {}) {
  const lab = labContext();
  const service = new BacktestService(lab.ctx, { poolSize: 2, progressIntervalMs: 20, poolProgressIntervalMs: 5, ...options });
  cleanups.push(() => lab.close(), () => service.stop());
  const events = recordEvents(lab.ctx, ['backtest.progress', 'backtest.finished', 'backtest.experiments.changed']);
  return { ...lab, service, events, spyId: storeSpy(lab.ctx) };
}

async function finished(service: BacktestService, runId: string): Promise<BacktestFinished> {
  const done = service.finished(runId);
  if (!done) throw new Error(`job ${runId} is not running`);
  return done;
}

/** Progress items of one run as delivered (the hub keeps the latest per run in each batch). */
async function progressOf(events: ReturnType<typeof setup>['events'], runId: string): Promise<BacktestProgress[]> {
  await new Promise((r) => setTimeout(r, 20));
  return events.items('backtest.progress').filter((p) => p.runId === runId);
}

function expectMonotone(progress: BacktestProgress[], total: number): void {
  expect(progress.length).toBeGreaterThan(0);
  const done = progress.map((p) => p.done);
  expect(done).toEqual([...done].sort((a, b) => a - b));
  for (const p of progress) expect(p.total).toBe(total);
  expect(progress.at(-1)!.done).toBe(total);
}

describe('backtest service', () => {
  it('runs a backtest in the pool, stores it whole, and reports progress up to the total', async () => {
    const { service, events, spyId } = setup();
    const { runId, total } = service.run(BacktestSpec.parse({ datasets: [spyId], strategy: 'sma-cross', params: { fast: 10, slow: 30 }, sizing: 'fixed:100', fill: { commission: 'per-share:0.005,min:1' }, name: 'first', tags: ['smoke'] }));
    expect(total).toBe(spy.t.length);
    const end = await finished(service, runId);
    expect(end).toMatchObject({ runId, kind: 'backtest', status: 'completed', error: null });
    expectMonotone(await progressOf(events, runId), total);
    expect(events.items('backtest.finished')).toEqual([end]);
    expect(events.items('backtest.experiments.changed')).toEqual([{ id: end.experimentId, change: 'added' }]);

    const detail = ExperimentDetail.parse(service.store.get(end.experimentId!, 100_000));
    const direct = runBacktest({ data: [{ symbol: 'SPY', bars: spy }], strategy: { name: 'sma-cross', params: { fast: 10, slow: 30 } }, sizing: 'fixed:100', fillModel: { commission: { kind: 'per_share', rate: 0.005, min: 1, maxPct: null } } });
    expect(detail).toMatchObject({ kind: 'backtest', name: 'first', tags: ['smoke'], strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: ['SPY'], timeframe: '1Day', sizing: 'fixed:100', initialCash: 100_000, bars: spy.t.length });
    expect(detail.summary!.finalEquity).toBe(direct.finalEquity);
    expect(detail.metrics!.sharpe).toBe(direct.metrics.sharpe);
    expect(detail.trades).toHaveLength(direct.trades.length);
    expect(detail.trades[0]!.commission).toBe(direct.trades[0]!.commission);
    expect(detail.openPositions).toHaveLength(1);
    expect(detail.equity!.equity).toEqual(Array.from(direct.equity.equity));
    expect(detail.fillModel).toMatchObject({ marketFill: 'next-open', commission: { kind: 'per_share', rate: 0.005, min: 1 } });
    expect(detail.data).toEqual([expect.objectContaining({ symbol: 'SPY', source: 'dataset', datasetId: spyId, bars: spy.t.length, firstT: spy.t[0], lastT: spy.t.at(-1), regime: 'none', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    // Thinned on request, keeping the extremes.
    const thin = service.store.get(end.experimentId!, 200)!.equity!;
    expect(thin.downsampled).toBe(true);
    expect(thin.equity.length).toBeLessThanOrEqual(200);
    expect(Math.min(...thin.equity)).toBe(Math.min(...direct.equity.equity));
    expect(Math.max(...thin.equity)).toBe(Math.max(...direct.equity.equity));
  });

  it('refuses a spec that cannot run before starting anything', () => {
    const { service, spyId } = setup();
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error as IpcError;
      }
      throw new Error('not refused');
    };
    expect(refused(() => service.run(BacktestSpec.parse({ datasets: [999], strategy: 'sma-cross' })))).toMatchObject({ code: 'not_found' });
    expect(refused(() => service.run(BacktestSpec.parse({ datasets: [spyId], strategy: 'nope' })))).toMatchObject({ code: 'invalid_payload', message: expect.stringMatching(/unknown strategy "nope"/) });
    expect(refused(() => service.run(BacktestSpec.parse({ datasets: [spyId], strategy: 'sma-cross', params: { fast: 40, slow: 30 } })))).toMatchObject({ code: 'invalid_payload', message: expect.stringMatching(/fast must be shorter than slow/) });
    expect(refused(() => service.run(BacktestSpec.parse({ datasets: [spyId], strategy: 'pairs' })))).toMatchObject({ code: 'invalid_payload', message: expect.stringMatching(/trades 2 symbols/) });
    expect(refused(() => service.optimize(OptimizationSpec.parse({ datasets: [spyId], strategy: 'sma-cross', space: [{ name: 'fsat', values: [1, 2] }] })))).toMatchObject({ message: expect.stringMatching(/no parameter "fsat"; its parameters are fast, slow/) });
    expect(refused(() => service.walkForward(WalkForwardSpec.parse({ datasets: [spyId], strategy: 'sma-cross', space: [{ name: 'fast', values: [5] }], inSample: 5000, outOfSample: 500 })))).toMatchObject({ message: expect.stringMatching(/too few/) });
    expect(refused(() => service.monteCarlo(MonteCarloSpec.parse({ source: { experimentId: 77 } })))).toMatchObject({ code: 'not_found' });
    expect(service.store.count()).toBe(0);
    expect(service.list()).toEqual([]);
  });

  it('optimises over the pool: the table, the best run as a child, a heatmap, progress with the best so far', async () => {
    const { service, events, spyId } = setup();
    const spec = OptimizationSpec.parse({ datasets: [spyId], strategy: 'sma-cross', space: [{ name: 'fast', range: { start: 5, stop: 20, step: 5 } }, { name: 'slow', values: [30, 60, 90] }], objective: 'sharpe' });
    const { runId, total } = service.optimize(spec);
    expect(total).toBe(12);
    const end = await finished(service, runId);
    expect(end.status).toBe('completed');
    const progress = await progressOf(events, runId);
    expectMonotone(progress, 12);
    expect(progress.at(-1)!.best).not.toBeNull();
    const detail = ExperimentDetail.parse(service.store.get(end.experimentId!));
    const opt = detail.optimization!;
    expect(opt.rows).toHaveLength(12);
    expect(opt.evaluated).toBe(12);
    const scores = opt.rows.map((r) => r.score!);
    expect(opt.best!.score).toBe(Math.max(...scores));
    expect(progress.at(-1)!.best).toEqual({ params: opt.best!.params, score: opt.best!.score });
    expect(detail.children).toHaveLength(1);
    expect(opt.bestExperimentId).toBe(detail.children[0]!.id);
    const best = service.store.get(opt.bestExperimentId!)!;
    expect(best).toMatchObject({ kind: 'backtest', parentId: end.experimentId, params: opt.best!.params });
    expect(best.summary!.sharpe).toBe(opt.best!.score);
    expect(detail.summary).toEqual(best.summary);
  });

  it('cancel stops an optimisation at once and stores nothing of it', async () => {
    const { service, spyId } = setup();
    const { runId, total } = service.optimize(OptimizationSpec.parse({ datasets: [spyId], strategy: 'sma-cross', space: [{ name: 'fast', range: { start: 2, stop: 40, step: 1 } }, { name: 'slow', range: { start: 50, stop: 250, step: 5 } }] }));
    expect(total).toBe(39 * 41);
    const end = finished(service, runId);
    await waitFor(() => (service.list()[0]?.progress.done ?? 0) > 0);
    expect(service.list()).toEqual([expect.objectContaining({ runId, kind: 'optimization', label: 'sma-cross on SPY' })]);
    expect(service.cancel(runId)).toBe(true);
    expect(await end).toMatchObject({ status: 'cancelled', experimentId: null });
    expect(service.cancel(runId)).toBe(false);
    expect(service.store.count()).toBe(0);
    expect(service.list()).toEqual([]);
    // The pool is free again.
    const next = service.run(BacktestSpec.parse({ datasets: [spyId], strategy: 'buy-and-hold' }));
    expect((await finished(service, next.runId)).status).toBe('completed');
  });

  it('a worker crash fails the run (not a hang) and stores nothing', async () => {
    const { service, spyId } = setup({ workerFile: FAULTY_BACKTEST_WORKER, poolSize: 1 });
    const { runId } = service.run(BacktestSpec.parse({ datasets: [spyId], strategy: 'sma-cross', initialCash: CRASH_CASH }));
    const end = await finished(service, runId);
    expect(end).toMatchObject({ status: 'failed', experimentId: null, error: expect.stringMatching(/backtest worker 0 stopped \(exit code 9\)/) });
    expect(service.store.count()).toBe(0);
    const next = service.run(BacktestSpec.parse({ datasets: [spyId], strategy: 'sma-cross' }));
    expect((await finished(service, next.runId)).status).toBe('completed');
  });

  it('walk-forward: windows stored as children, stitched out-of-sample curve continuous, metrics of that curve', async () => {
    const { service, spyId } = setup();
    const { runId } = service.walkForward(WalkForwardSpec.parse({ datasets: [spyId], strategy: 'sma-cross', space: [{ name: 'fast', values: [5, 10, 20] }, { name: 'slow', values: [50, 100] }], inSample: 1000, outOfSample: 500 }));
    const end = await finished(service, runId);
    expect(end.status).toBe('completed');
    const detail = ExperimentDetail.parse(service.store.get(end.experimentId!, 1_000_000));
    const wf = detail.walkForward!;
    // 5241 bars: windows at 0, 500, … while in-sample + out-of-sample fit: 8 of them.
    expect(wf.windows).toHaveLength(8);
    wf.windows.forEach((w, k) => {
      expect(w.inSample).toMatchObject({ start: k * 500, end: 1000 + k * 500, startT: spy.t[k * 500], endT: spy.t[999 + k * 500] });
      expect(w.outOfSample).toMatchObject({ start: 1000 + k * 500, end: 1500 + k * 500 });
      expect(w.outOfSample.startT).toBeGreaterThan(w.inSample.endT);
      expect(w.experimentId).not.toBeNull();
      const child = service.store.get(w.experimentId!, 1_000_000)!;
      expect(child.params).toMatchObject(w.params!);
      expect(child.equity!.t[0]).toBe(w.outOfSample.startT);
      expect(child.equity!.t.at(-1)).toBe(w.outOfSample.endT);
      for (const trade of child.trades) expect(trade.entryTime).toBeGreaterThanOrEqual(w.outOfSample.startT);
    });
    const curve = detail.equity!;
    expect(curve.points).toBe(8 * 500);
    expect(curve.t[0]).toBe(spy.t[1000]);
    for (let i = 1; i < curve.t.length; i++) expect(curve.t[i]!).toBeGreaterThan(curve.t[i - 1]!);
    // Each window's segment starts where the previous ended and keeps its own returns.
    wf.segmentStarts.forEach((start, k) => {
      const child = service.store.get(wf.windows[k]!.experimentId!, 1_000_000)!.equity!.equity;
      const scale = curve.equity[start]! / child[0]!;
      if (k > 0) expect(curve.equity[start]).toBe(curve.equity[start - 1]);
      for (let i = 0; i < child.length; i++) expect(curve.equity[start + i]).toBeCloseTo(child[i]! * scale, 6);
    });
    expect(detail.metrics!.bars).toBe(4000);
    expect(detail.summary!.finalEquity).toBe(curve.equity.at(-1));
    expect(detail.children).toHaveLength(8);
  });

  it('Monte Carlo of a stored backtest: bounded percentiles, reproducible with its seed, stored under the backtest', async () => {
    const { service, spyId } = setup();
    const base = await finished(service, service.run(BacktestSpec.parse({ datasets: [spyId], strategy: 'sma-cross', sizing: 'percent:50' })).runId);
    const mc = async (seed: number, method: 'trades' | 'bootstrap') => {
      const end = await finished(service, service.monteCarlo(MonteCarloSpec.parse({ source: { experimentId: base.experimentId }, method, simulations: 2000, seed, samplePaths: 5 })).runId);
      expect(end.status).toBe('completed');
      return ExperimentDetail.parse(service.store.get(end.experimentId!));
    };
    for (const method of ['trades', 'bootstrap'] as const) {
      const first = await mc(7, method);
      const again = await mc(7, method);
      const other = await mc(8, method);
      const result = first.monteCarlo!;
      expect(again.monteCarlo).toEqual(result);
      expect(other.monteCarlo!.finalEquity).not.toEqual(result.finalEquity);
      expect(first.parentId).toBe(base.experimentId);
      for (const p of result.maxDrawdown) expect(p.value).toBeGreaterThanOrEqual(0), expect(p.value).toBeLessThanOrEqual(1);
      const finals = result.finalEquity.map((p) => p.value);
      expect(finals).toEqual([...finals].sort((a, b) => a - b));
      expect(result.fan.samples).toHaveLength(5);
      expect(result.fan.bands.map((b) => b.percentile)).toEqual([5, 25, 50, 75, 95]);
      for (const band of result.fan.bands) expect(band.values[0]).toBe(100_000);
      expect(result.finalEquityHistogram.counts.reduce((a, b) => a + b, 0)).toBe(2000);
      if (method === 'trades') expect(result.tradeFraction).toBeGreaterThan(0.4), expect(result.tradeFraction).toBeLessThanOrEqual(0.5);
    }
    expect(service.store.get(base.experimentId!)!.children).toHaveLength(6);
  });

  it('lists, compares, renames and deletes experiments', async () => {
    const { service, events, spyId } = setup();
    const a = await finished(service, service.run(BacktestSpec.parse({ datasets: [spyId], strategy: 'sma-cross', name: 'fast one', tags: ['x'] })).runId);
    const b = await finished(service, service.run(BacktestSpec.parse({ datasets: [spyId], strategy: 'buy-and-hold', from: spy.t[2000] })).runId);
    const opt = await finished(service, service.optimize(OptimizationSpec.parse({ datasets: [spyId], strategy: 'sma-cross', space: [{ name: 'fast', values: [5, 10] }, { name: 'slow', values: [50] }] })).runId);
    const store = service.store;
    expect(store.list().experiments.map((e) => e.id)).toEqual([opt.experimentId! + 1, opt.experimentId, b.experimentId, a.experimentId]);
    expect(store.list({ parentId: null }).experiments.map((e) => e.id)).toEqual([opt.experimentId, b.experimentId, a.experimentId]);
    expect(store.list({ kind: 'optimization' }).experiments.map((e) => e.id)).toEqual([opt.experimentId]);
    expect(store.list({ strategy: 'buy-and-hold' }).experiments.map((e) => e.id)).toEqual([b.experimentId]);
    expect(store.list({ tag: 'x' }).experiments.map((e) => e.id)).toEqual([a.experimentId]);
    expect(store.list({ symbol: 'spy', limit: 1 })).toMatchObject({ experiments: [{ id: opt.experimentId! + 1 }], nextBeforeId: opt.experimentId! + 1 });
    expect(store.list({ search: 'fast' }).experiments.map((e) => e.id)).toEqual([a.experimentId]);

    const comparison = store.compare([a.experimentId!, b.experimentId!], 100_000);
    if ('missing' in comparison) throw new Error('missing');
    expect(comparison.curves.t).toEqual(Array.from(spy.t));
    const [ca, cb] = comparison.curves.series;
    expect(ca!.equity.every((v) => v !== null)).toBe(true);
    expect(cb!.equity.slice(0, 2000).every((v) => v === null)).toBe(true);
    expect(cb!.equity[2000]).toBe(100_000);
    const finalRow = comparison.metrics.find((r) => r.metric === 'finalEquity')!;
    expect(finalRow.values).toEqual([comparison.experiments[0]!.summary!.finalEquity, comparison.experiments[1]!.summary!.finalEquity]);
    expect(finalRow.bestIndex).toBe(finalRow.values[0]! > finalRow.values[1]! ? 0 : 1);
    expect(store.compare([a.experimentId!, 999])).toEqual({ missing: 999 });

    expect(store.update(a.experimentId!, { name: 'renamed', tags: ['y', 'y'], notes: 'looks good' })).toMatchObject({ name: 'renamed', tags: ['y'], notes: 'looks good' });
    expect(store.update(a.experimentId!, { name: null })!.name).toBeNull();
    expect(store.update(999, { name: 'x' })).toBeNull();

    expect(store.delete([opt.experimentId!])).toEqual([opt.experimentId, opt.experimentId! + 1]);
    expect(store.list().experiments.map((e) => e.id)).toEqual([b.experimentId, a.experimentId]);
    await new Promise((r) => setTimeout(r, 20));
    expect(events.items('backtest.experiments.changed').filter((c) => c.change === 'added')).toHaveLength(4);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
