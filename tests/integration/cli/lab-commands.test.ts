import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/shared/backtest/run-backtest';
import { removeTempDirs, runCliCaptured, tempDir as makeTempDir } from '../../helpers/cli';
import { loadSpyDaily } from '../../helpers/spy-fixture';

const spyCsv = path.resolve(__dirname, '../../fixtures/SPY_pandas-ta_1d.csv');
const spy = loadSpyDaily();
const tempDir = () => makeTempDir('sextant-lab-cli-');
const cli = runCliCaptured;

afterAll(removeTempDirs);

async function json(args: string[]): Promise<any> {
  const { code, out, errors } = await cli([...args, '--json']);
  if (code !== 0) throw new Error(`exit ${code}: ${errors}`);
  return JSON.parse(out);
}

describe('sextant optimize', () => {
  it('prints every combination with its metrics, the best and the time; the same with 1 or 2 workers', async () => {
    const dir = tempDir();
    const args = ['optimize', '--csv', spyCsv, '--strategy', 'sma-cross', '--param', 'fast=10:30:10', '--param', 'slow=20:60:20', '--data-dir', dir];
    const report = await json([...args, '--workers', '2']);
    expect(report).toMatchObject({ strategy: 'sma-cross', symbols: ['SPY'], objective: 'sharpe', direction: 'max', combinations: 9, evaluated: 7, skipped: 2, workers: 2, experiment_id: 1 });
    expect(report.parameters).toEqual([{ name: 'fast', values: [10, 20, 30] }, { name: 'slow', values: [20, 40, 60] }]);
    expect(report.results.map((r: any) => r.params)).toEqual([
      { fast: 10, slow: 20 }, { fast: 10, slow: 40 }, { fast: 10, slow: 60 },
      { fast: 20, slow: 20 }, { fast: 20, slow: 40 }, { fast: 20, slow: 60 },
      { fast: 30, slow: 20 }, { fast: 30, slow: 40 }, { fast: 30, slow: 60 },
    ]);
    expect(report.results[3]).toEqual({ params: { fast: 20, slow: 20 }, score: null, metrics: null, error: 'fast: fast must be shorter than slow' });
    for (const row of report.results.filter((r: any) => r.error === null)) {
      const direct = runBacktest({ data: [{ symbol: 'SPY', bars: spy }], strategy: { name: 'sma-cross', params: row.params } });
      expect(row.metrics).toMatchObject({ final_equity: direct.finalEquity, sharpe: direct.metrics.sharpe, trade_count: direct.trades.length });
      expect(row.score).toBe(direct.metrics.sharpe);
    }
    const scored = report.results.filter((r: any) => r.score !== null);
    const best = scored.reduce((a: any, b: any) => (b.score > a.score ? b : a));
    expect(report.best).toMatchObject({ params: best.params, score: best.score });
    expect(report.best.metrics.sharpe).toBe(best.score);
    expect(report.elapsed_ms).toBeGreaterThan(0);
    const single = await json([...args, '--workers', '1', '--no-save']);
    expect(single.results).toEqual(report.results);
    expect(single.best).toEqual(report.best);
    expect(single.experiment_id).toBeNull();
    // The run was stored with its best run under it.
    const stored = await json(['experiments', '--show', '1', '--data-dir', dir]);
    expect(stored).toMatchObject({ kind: 'optimization', objective: 'sharpe', childCount: 1, optimization: { best: { params: best.params } } });
  });

  it('random samples with a seed, another objective', async () => {
    const dir = tempDir();
    const args = ['optimize', '--csv', spyCsv, '--strategy', 'sma-cross', '--param', 'fast=2:40', '--param', 'slow=50:250:10', '--random', '8', '--seed', '3', '--objective', 'max_drawdown', '--workers', '1', '--no-save', '--data-dir', dir];
    const a = await json(args);
    expect(a.results).toHaveLength(8);
    expect(a).toMatchObject({ objective: 'max_drawdown', direction: 'min', search: { kind: 'random', samples: 8, seed: 3 } });
    expect(a.best.score).toBe(Math.min(...a.results.filter((r: any) => r.score !== null).map((r: any) => r.score)));
    expect((await json(args)).results.map((r: any) => r.params)).toEqual(a.results.map((r: any) => r.params));
  });

  it.each([
    [[], /say what to search: --param/],
    [['--param', 'fast=5:50:5', '--objective', 'volume'], /--objective "volume" is not one of sharpe/],
    [['--param', 'fsat=5:50:5'], /no parameter "fsat"/],
    [['--param', 'fast=1:300', '--param', 'slow=2:300'], /more than the 50000 allowed/],
    [['--param', 'fast=5:50:5', '--seed', '2'], /--seed goes with --random/],
    [['--param', 'fast=5:50:5', '--workers', '0'], /--workers must be a whole number from 1 to 64/],
    [['--param', 'fast=50:5'], /stop must not be below start/],
  ])('bad input %j exits 2 with a message', async (extra, message) => {
    const { code, errors } = await cli(['optimize', '--csv', spyCsv, '--strategy', 'sma-cross', ...extra, '--json', '--data-dir', tempDir()]);
    expect(code).toBe(2);
    expect(errors).toMatch(message);
  });
});

describe('sextant walkforward', () => {
  it('prints each window with its chosen parameters and out-of-sample metrics, and the stitched curve', async () => {
    const dir = tempDir();
    const report = await json(['walkforward', '--csv', spyCsv, '--strategy', 'sma-cross', '--param', 'fast=5,20', '--param', 'slow=50,100', '--in-sample', '1000', '--out-of-sample', '1000', '--workers', '2', '--data-dir', dir]);
    expect(report).toMatchObject({ mode: 'rolling', in_sample: 1000, out_of_sample: 1000, step: 1000, objective: 'sharpe', experiment_id: 1 });
    expect(report.windows).toHaveLength(4);
    report.windows.forEach((w: any, k: number) => {
      expect(w.in_sample).toMatchObject({ start: k * 1000, end: 1000 + k * 1000 });
      expect(w.out_of_sample).toMatchObject({ start: 1000 + k * 1000, end: 2000 + k * 1000 });
      expect(w.in_sample.last < w.out_of_sample.first).toBe(true);
      expect(w.in_sample.first).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(w.params).toHaveProperty('fast');
    });
    expect(report.stitched).toMatchObject({ bars: 4000, first: report.windows[0].out_of_sample.first, last: report.windows[3].out_of_sample.last, start_equity: 100_000 });
    expect(report.stitched.metrics.max_drawdown).toBeGreaterThanOrEqual(0);
    expect(report.stitched.final_equity).toBe(report.stitched.metrics.end_equity);
    const stored = await json(['experiments', '--list', '--data-dir', dir]);
    expect(stored.experiments.map((e: any) => e.kind)).toEqual(['backtest', 'backtest', 'backtest', 'backtest', 'walkforward']);
  });

  it('anchored windows start at the first bar', async () => {
    const report = await json(['walkforward', '--csv', spyCsv, '--strategy', 'sma-cross', '--param', 'fast=5,20', '--in-sample', '2000', '--out-of-sample', '1500', '--anchored', '--workers', '1', '--no-save', '--data-dir', tempDir()]);
    expect(report.windows.map((w: any) => [w.in_sample.start, w.in_sample.end, w.out_of_sample.start, w.out_of_sample.end])).toEqual([[0, 2000, 2000, 3500], [0, 3500, 3500, 5000]]);
  });

  it.each([
    [['--out-of-sample', '500'], /--in-sample N is required/],
    [['--in-sample', '1000', '--out-of-sample', '500', '--step', '100'], /would overlap/],
    [['--in-sample', '5000', '--out-of-sample', '500'], /too few/],
    [['--in-sample', '1.5', '--out-of-sample', '500'], /whole number of bars/],
  ])('bad input %j exits 2 with a message', async (extra, message) => {
    const { code, errors } = await cli(['walkforward', '--csv', spyCsv, '--strategy', 'sma-cross', '--param', 'fast=5,10', ...extra, '--workers', '1', '--json', '--data-dir', tempDir()]);
    expect(code).toBe(2);
    expect(errors).toMatch(message);
  });
});

describe('sextant montecarlo', () => {
  it('percentiles of final equity and max drawdown (within 0–100%), reproducible with the seed; on a new or a stored backtest', async () => {
    const dir = tempDir();
    const args = ['montecarlo', '--csv', spyCsv, '--strategy', 'sma-cross', '--param', 'fast=10', '--param', 'slow=50', '--runs', '3000', '--seed', '11', '--data-dir', dir];
    const report = await json(args);
    expect(report).toMatchObject({ method: 'trades', runs: 3000, seed: 11, start_equity: 100_000, source: { strategy: 'sma-cross', params: { fast: 10, slow: 50 }, experiment_id: null } });
    expect(report.final_equity.map((p: any) => p.percentile)).toEqual([5, 25, 50, 75, 95]);
    const finals = report.final_equity.map((p: any) => p.value);
    expect(finals).toEqual([...finals].sort((a: number, b: number) => a - b));
    for (const p of report.max_drawdown) expect(p.value >= 0 && p.value <= 1).toBe(true);
    expect(report.probability_of_loss).toBeGreaterThanOrEqual(0);
    // Stored: the backtest (1) with the Monte Carlo run (2) under it.
    expect(report.experiment_id).toBe(2);
    const again = await json([...args, '--no-save']);
    expect(again.final_equity).toEqual(report.final_equity);
    expect(again.max_drawdown).toEqual(report.max_drawdown);
    const other = await json([...args.map((a) => (a === '11' ? '12' : a)), '--no-save']);
    expect(other.final_equity).not.toEqual(report.final_equity);
    // The same numbers from the stored backtest.
    const stored = await json(['montecarlo', '--experiment', '1', '--runs', '3000', '--seed', '11', '--data-dir', dir]);
    expect(stored.final_equity).toEqual(report.final_equity);
    expect(stored.source.experiment_id).toBe(1);
    const boot = await json(['montecarlo', '--experiment', '1', '--method', 'bootstrap', '--block', '10', '--block-method', 'fixed', '--runs', '500', '--data-dir', dir]);
    expect(boot).toMatchObject({ method: 'bootstrap', block_length: 10, block_method: 'fixed', steps_per_path: spy.t.length - 1 });
    for (const p of boot.max_drawdown) expect(p.value >= 0 && p.value <= 1).toBe(true);
  });

  it.each([
    [['--experiment', '5'], /there is no stored backtest 5/],
    [['--csv', spyCsv, '--strategy', 'sma-cross', '--method', 'jackknife'], /--method must be trades .* or bootstrap/],
    [['--csv', spyCsv, '--strategy', 'sma-cross', '--runs', '5'], /--runs must be a whole number from 10/],
    [['--csv', spyCsv, '--strategy', 'sma-cross', '--block', '5'], /--block and --block-method go with --method bootstrap/],
    [['--csv', spyCsv, '--strategy', 'buy-and-hold'], /closed no trades; use the bootstrap method/],
    [['--experiment', '1', '--csv', spyCsv], /not both/],
  ])('bad input %j exits 2 with a message', async (extra, message) => {
    const { code, errors } = await cli(['montecarlo', ...extra, '--json', '--data-dir', tempDir()]);
    expect(code).toBe(2);
    expect(errors).toMatch(message);
  });
});

describe('sextant experiments, and backtest runs stored', () => {
  it('backtest stores its run (not with --no-save); list, show, compare, delete', async () => {
    const dir = tempDir();
    const first = await json(['backtest', '--csv', spyCsv, '--strategy', 'sma-cross', '--name', 'ten-thirty', '--tag', 'spy', '--data-dir', dir]);
    expect(first.experiment_id).toBe(1);
    expect((await json(['backtest', '--csv', spyCsv, '--strategy', 'buy-and-hold', '--no-save', '--data-dir', dir])).experiment_id).toBeNull();
    const second = await json(['backtest', '--csv', spyCsv, '--strategy', 'buy-and-hold', '--data-dir', dir]);
    expect(second.experiment_id).toBe(2);

    const list = await json(['experiments', '--data-dir', dir]);
    expect(list.experiments.map((e: any) => [e.id, e.strategy, e.name])).toEqual([[2, 'buy-and-hold', null], [1, 'sma-cross', 'ten-thirty']]);
    expect((await json(['experiments', '--tag', 'spy', '--data-dir', dir])).experiments.map((e: any) => e.id)).toEqual([1]);

    const shown = await json(['experiments', '--show', '1', '--points', '100000', '--data-dir', dir]);
    expect(shown).toMatchObject({ id: 1, kind: 'backtest', strategy: 'sma-cross', params: { fast: 10, slow: 30 }, summary: { finalEquity: first.final_equity } });
    expect(shown.trades).toHaveLength(first.trades.length);
    expect(shown.equity.points).toBe(spy.t.length);
    expect(shown.data[0]).toMatchObject({ source: 'csv', file: spyCsv, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(shown.spec).toMatchObject({ csv: [spyCsv], strategy: 'sma-cross', params: {}, initialCash: 100_000 });

    const comparison = await json(['experiments', '--compare', '1', '2', '--data-dir', dir]);
    expect(comparison.experiments.map((e: any) => e.id)).toEqual([1, 2]);
    expect(comparison.metrics.find((m: any) => m.metric === 'finalEquity').values).toEqual([first.final_equity, second.final_equity]);
    expect(comparison.curves.series).toHaveLength(2);
    const text = await cli(['experiments', '--compare', '1', '2', '--data-dir', dir]);
    expect(text.out).toContain('Sharpe');

    expect(await json(['experiments', '--delete', '1', '--data-dir', dir])).toEqual({ deleted: [1] });
    expect((await json(['experiments', '--data-dir', dir])).experiments.map((e: any) => e.id)).toEqual([2]);
  });

  it('backtest of regime-switch runs with the regime computed per bar (no look-ahead), stored with its source', async () => {
    const dir = tempDir();
    const report = await json(['backtest', '--csv', spyCsv, '--strategy', 'regime-switch', '--data-dir', dir]);
    expect(report.notes.join(' ')).not.toMatch(/no regime data/);
    const none = await json(['backtest', '--csv', spyCsv, '--strategy', 'regime-switch', '--regime', 'none', '--no-save', '--data-dir', dir]);
    expect(none.notes.join(' ')).toMatch(/no regime data/);
    expect(none.final_equity).not.toBe(report.final_equity);
    expect((await json(['experiments', '--show', String(report.experiment_id), '--data-dir', dir])).data[0].regime).toBe('computed');
  });

  it.each([
    [['--show'], /--show needs an experiment id/],
    [['--show', '9'], /there is no experiment 9/],
    [['--compare', '1'], /at least 2 experiment ids/],
    [['--show', '1', '--compare', '2'], /one of --show, --compare, --delete/],
    [['--kind', 'bogus'], /--kind must be one of backtest/],
    [['--show', 'x'], /"x" is not an experiment id/],
  ])('bad input %j exits 2 with a message', async (extra, message) => {
    const { code, errors } = await cli(['experiments', ...extra, '--json', '--data-dir', tempDir()]);
    expect(code).toBe(2);
    expect(errors).toMatch(message);
  });
});

describe('sextant bench optimize', () => {
  it('prints backtests per second in this thread and across 1 and 2 workers', async () => {
    const result = await json(['bench', 'optimize', '--quick', '--data-dir', tempDir()]);
    expect(result).toMatchObject({ strategy: 'sma-cross', bars: 5000 });
    expect(result.runs_per_sec.map((r: any) => r.workers)).toEqual([0, 1, 2]);
    for (const r of result.runs_per_sec) expect(r.runs_per_sec).toBeGreaterThan(0);
  });
});
