import { afterEach, describe, expect, it } from 'vitest';
import { sharedSymbolData } from '../../../src/main/backtest/shared-data';
import { runBacktest } from '../../../src/shared/backtest/run-backtest';
import { InlineExecutor } from '../../../src/shared/lab/executor';
import { isCancelled, type BacktestJob } from '../../../src/shared/lab/jobs';
import { planOptimization, runOptimization } from '../../../src/shared/lab/optimize';
import { parseParameterSpec } from '../../../src/shared/optimization';
import { BacktestPool, WorkerCrashedError } from '../../../src/workers/backtest-pool';
import { CRASH_CASH, HANG_CASH } from '../../helpers/faulty-backtest-markers';
import { DAILY_SETTINGS, FAULTY_BACKTEST_WORKER } from '../../helpers/lab';
import { loadSpyDaily } from '../../helpers/spy-fixture';

const spy = loadSpyDaily();
const data = [sharedSymbolData({ symbol: 'SPY', bars: spy })];
const base = { data, strategy: 'sma-cross', settings: DAILY_SETTINGS };
const pools: BacktestPool[] = [];
function pool(options: ConstructorParameters<typeof BacktestPool>[0] = {}): BacktestPool {
  const p = new BacktestPool(options);
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('backtest pool', () => {
  it('a backtest in a worker gives the same run as in this thread, with its curve transferred', async () => {
    const record = await pool({ size: 1 }).run({ ...base, params: { fast: 10, slow: 30 } });
    const direct = runBacktest({ data: [{ symbol: 'SPY', bars: spy }], strategy: { name: 'sma-cross', params: { fast: 10, slow: 30 } } });
    expect(record.finalEquity).toBe(direct.finalEquity);
    expect(record.trades).toEqual(direct.trades);
    expect(Array.from(record.equity)).toEqual(Array.from(direct.equity.equity));
    expect(Array.from(record.t)).toEqual(Array.from(spy.t));
    expect(record.summary.tradeCount).toBe(direct.trades.length);
  });

  it('an optimisation over a small grid gives the same table and best in a pool of 2 as run one by one in this thread', async () => {
    const plan = planOptimization({ strategy: 'sma-cross', fixedParams: {}, space: [parseParameterSpec('fast=5:30:5'), parseParameterSpec('slow=20:60:20')], search: { kind: 'grid' } });
    expect(plan.sets).toHaveLength(18);
    // fast 20 or 25 with slow 20, fast 30 … : refused before running, reported in their rows.
    expect(plan.sets.filter((s) => s.error !== null).map((s) => s.params)).toEqual([
      { fast: 20, slow: 20 }, { fast: 25, slow: 20 }, { fast: 30, slow: 20 },
    ]);
    const progress: number[] = [];
    const pooled = await runOptimization(base, plan, pool({ size: 2 }), { objective: 'sharpe', onProgress: (done) => progress.push(done) });
    const sequential = await runOptimization(base, plan, new InlineExecutor(), { objective: 'sharpe' });
    expect(pooled.rows).toEqual(sequential.rows);
    expect(pooled.best).toEqual(sequential.best);
    expect(pooled.best).not.toBeNull();
    expect(pooled.rows.map((r) => r.index)).toEqual([...Array(18).keys()]);
    for (const row of pooled.rows.filter((r) => r.error === null)) {
      const direct = runBacktest({ data: [{ symbol: 'SPY', bars: spy }], strategy: { name: 'sma-cross', params: row.params }, benchmark: null });
      expect(row.metrics!.finalEquity).toBe(direct.finalEquity);
      expect(row.score).toBe(direct.metrics.sharpe);
    }
    // Progress: monotone, ends at every set.
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(18);
  });

  it('a worker that dies mid-task fails that task with a clear error, and the next task runs on a fresh thread', async () => {
    const p = pool({ size: 1, workerFile: FAULTY_BACKTEST_WORKER });
    const crashed = p.run({ ...base, params: {}, settings: { ...DAILY_SETTINGS, initialCash: CRASH_CASH } });
    await expect(crashed).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(crashed).rejects.toThrow(/backtest worker 0 stopped \(exit code 9\) while running a backtest/);
    const next = await p.run({ ...base, params: { fast: 10, slow: 30 } });
    expect(next.bars).toBe(spy.t.length);
    expect(p.restarts).toBe(1);
  });

  it('cancel removes a queued task at once and stops a running one', async () => {
    const p = pool({ size: 1, cancelGraceMs: 5000 });
    // A long run (the SPY bars repeated) keeps the single worker busy.
    const long = repeated(spy, 100);
    const running = new AbortController();
    const queued = new AbortController();
    const first = p.run({ data: [sharedSymbolData({ symbol: 'SPY', bars: long })], strategy: 'sma-cross', params: {}, settings: DAILY_SETTINGS }, { signal: running.signal });
    const second = p.run({ ...base, params: {} }, { signal: queued.signal });
    expect(p.queued).toBe(1);
    queued.abort();
    await expect(second).rejects.toSatisfy(isCancelled);
    expect(p.queued).toBe(0);
    await new Promise((r) => setTimeout(r, 30));
    running.abort();
    await expect(first).rejects.toSatisfy(isCancelled);
    // The worker stopped by itself (cooperatively): no restart, and it takes the next task.
    expect(p.restarts).toBe(0);
    expect((await p.run({ ...base, params: {} })).bars).toBe(spy.t.length);
  });

  it('a worker that never looks at the cancel flag is replaced after the grace period', async () => {
    const p = pool({ size: 1, workerFile: FAULTY_BACKTEST_WORKER, cancelGraceMs: 50 });
    const controller = new AbortController();
    const stuck = p.run({ ...base, params: {}, settings: { ...DAILY_SETTINGS, initialCash: HANG_CASH } }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await expect(stuck).rejects.toSatisfy(isCancelled);
    expect((await p.run({ ...base, params: { fast: 10, slow: 30 } })).bars).toBe(spy.t.length);
  });
});

function repeated(bars: ReturnType<typeof loadSpyDaily>, times: number): BacktestJob['data'][number]['bars'] {
  const n = bars.t.length;
  const out = { t: new Float64Array(n * times), o: new Float64Array(n * times), h: new Float64Array(n * times), l: new Float64Array(n * times), c: new Float64Array(n * times), v: new Float64Array(n * times) };
  for (let k = 0; k < times; k++) {
    for (let i = 0; i < n; i++) {
      const j = k * n + i;
      out.t[j] = Date.UTC(1900, 0, 1) + j * 86_400_000;
      out.o[j] = bars.o[i]!;
      out.h[j] = bars.h[i]!;
      out.l[j] = bars.l[i]!;
      out.c[j] = bars.c[i]!;
      out.v[j] = bars.v[i]!;
    }
  }
  return out;
}
