import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/shared/backtest/run-backtest';
import { InlineExecutor, type LabExecutor, type TaskControl } from '../../../src/shared/lab/executor';
import { timeRange, type BacktestJob, type EvaluateJob } from '../../../src/shared/lab/jobs';
import { planOptimization } from '../../../src/shared/lab/optimize';
import { runWalkForward } from '../../../src/shared/lab/walk-forward';
import { parseParameterSpec } from '../../../src/shared/optimization';
import { DAILY_SETTINGS } from '../../helpers/lab';
import { loadSpyDaily } from '../../helpers/spy-fixture';

const spy = loadSpyDaily();
const job = { data: [{ symbol: 'SPY', bars: spy }], strategy: 'sma-cross', settings: DAILY_SETTINGS };
const plan = planOptimization({ strategy: 'sma-cross', fixedParams: {}, space: [parseParameterSpec('fast=5,10,20'), parseParameterSpec('slow=50,100')], search: { kind: 'grid' } });

/** Runs jobs in this thread and notes which bars each one was given. */
class RecordingExecutor implements LabExecutor {
  readonly concurrency = 3;
  readonly evaluated: { start: number; end: number }[] = [];
  readonly ran: { start: number; end: number; params: unknown }[] = [];
  private readonly inner = new InlineExecutor();
  run(j: BacktestJob, control?: TaskControl) {
    this.ran.push({ ...timeRange(spy.t, j.window!), params: j.params });
    return this.inner.run(j, control);
  }
  evaluate(j: EvaluateJob, control?: TaskControl) {
    this.evaluated.push(timeRange(spy.t, j.window!));
    return this.inner.evaluate(j, control);
  }
  monteCarlo: LabExecutor['monteCarlo'] = (j, control) => this.inner.monteCarlo(j, control);
}

describe('walk-forward', () => {
  it('fits each window on its in-sample bars only and tests on the out-of-sample bars only (rolling)', async () => {
    const executor = new RecordingExecutor();
    const outcome = await runWalkForward(job, plan, executor, { inSample: 1000, outOfSample: 250, mode: 'rolling' }, { objective: 'sharpe' });
    expect(outcome.windows).toHaveLength(Math.floor((spy.t.length - 1000) / 250));
    for (const w of outcome.windows) {
      expect(w.inSample.end).toBe(w.outOfSample.start);
      expect(w.inSample.end - w.inSample.start).toBe(1000);
      expect(w.outOfSample.end - w.outOfSample.start).toBe(250);
      expect(w.inSample.endT).toBeLessThan(w.outOfSample.startT);
    }
    // Every evaluation saw exactly one window's in-sample bars, and no bar of its out-of-sample part.
    const inSamples = outcome.windows.map((w) => `${w.inSample.start}-${w.inSample.end}`);
    for (const seen of executor.evaluated) expect(inSamples).toContain(`${seen.start}-${seen.end}`);
    expect(new Set(executor.evaluated.map((e) => `${e.start}-${e.end}`)).size).toBe(outcome.windows.length);
    // Every test run saw exactly its window's out-of-sample bars, with the set chosen in sample.
    expect(executor.ran.map((r) => ({ start: r.start, end: r.end, params: r.params })).sort((a, b) => a.start - b.start)).toEqual(
      outcome.windows.map((w) => ({ start: w.outOfSample.start, end: w.outOfSample.end, params: w.params })),
    );
    // The chosen set is the in-sample best: rerun each candidate on the in-sample bars alone.
    const w = outcome.windows[3]!;
    const bars = { t: spy.t.subarray(w.inSample.start, w.inSample.end), o: spy.o.subarray(w.inSample.start, w.inSample.end), h: spy.h.subarray(w.inSample.start, w.inSample.end), l: spy.l.subarray(w.inSample.start, w.inSample.end), c: spy.c.subarray(w.inSample.start, w.inSample.end), v: spy.v.subarray(w.inSample.start, w.inSample.end) };
    const sharpes = plan.candidates.map((c) => runBacktest({ data: [{ symbol: 'SPY', bars }], strategy: { name: 'sma-cross', params: c.params } }).metrics.sharpe ?? -Infinity);
    expect(w.inSampleScore).toBe(Math.max(...sharpes));
    expect(w.params).toEqual(plan.candidates[sharpes.indexOf(Math.max(...sharpes))]!.params);
  });

  it('anchored windows all start at bar 0 and grow; the stitched curve is continuous and covers the out-of-sample bars', async () => {
    const executor = new RecordingExecutor();
    const outcome = await runWalkForward(job, plan, executor, { inSample: 2000, outOfSample: 1000, mode: 'anchored' }, { objective: 'totalReturn' });
    expect(outcome.windows.map((w) => [w.inSample.start, w.inSample.end, w.outOfSample.start, w.outOfSample.end])).toEqual([
      [0, 2000, 2000, 3000],
      [0, 3000, 3000, 4000],
      [0, 4000, 4000, 5000],
    ]);
    expect(Array.from(outcome.t)).toEqual(Array.from(spy.t.subarray(2000, 5000)));
    for (let k = 1; k < outcome.segmentStarts.length; k++) {
      const at = outcome.segmentStarts[k]!;
      expect(outcome.equity[at]).toBe(outcome.equity[at - 1]);
    }
    expect(outcome.equity[0]).toBe(DAILY_SETTINGS.initialCash);
    expect(outcome.finalEquity).toBe(outcome.equity.at(-1));
    expect(outcome.metrics.startEquity).toBe(DAILY_SETTINGS.initialCash);
  });

  it('refuses a step shorter than the out-of-sample part (the parts would overlap)', async () => {
    await expect(runWalkForward(job, plan, new InlineExecutor(), { inSample: 1000, outOfSample: 500, step: 250, mode: 'rolling' }, { objective: 'sharpe' })).rejects.toThrow(/would overlap/);
  });

  it('a cancelled walk-forward stops with a CancelledError', async () => {
    const controller = new AbortController();
    const running = runWalkForward(job, plan, new InlineExecutor(), { inSample: 1000, outOfSample: 250, mode: 'rolling' }, { objective: 'sharpe', signal: controller.signal });
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'CancelledError' });
  });
});
