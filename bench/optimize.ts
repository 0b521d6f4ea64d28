/**
 * Optimisation throughput: SMA-crossover backtests per second across the backtest worker pool,
 * with 1 worker and with 2 (and the inline baseline in this thread), on 5,000 synthetic daily
 * bars (the size of SPY since 1999). Each pool is warmed on a first search before the timed one,
 * so thread start-up and JIT are not counted. Prints JSON: `npx tsx bench/optimize.ts [--quick]`.
 */
import { sharedSymbolData } from '../src/main/backtest/shared-data';
import { InlineExecutor, type LabExecutor } from '../src/shared/lab/executor';
import type { RunSettings } from '../src/shared/lab/jobs';
import { planOptimization, runOptimization } from '../src/shared/lab/optimize';
import { parseParameterSpec } from '../src/shared/optimization';
import { BacktestPool } from '../src/workers/backtest-pool';
import { defaultPoolSize } from '../src/workers/supervised-worker';
import { syntheticBars } from './backtest';

export interface OptimizeBenchResult {
  readonly strategy: 'sma-cross';
  readonly bars: number;
  readonly parameter_sets: number;
  /** Best of the timed searches, per pool size (0: this thread, no pool). */
  readonly runs_per_sec: Array<{ workers: number; runs_per_sec: number; bars_per_sec: number }>;
  /** runs/s with 2 workers over runs/s with 1. */
  readonly speedup_2_vs_1: number | null;
  readonly default_workers: number;
  readonly cores_note: string;
  readonly node: string;
}

const SETTINGS: RunSettings = { initialCash: 100_000, fillModel: {}, risk: {}, timeframe: '1Day', sessionTimeZone: 'UTC', riskFreeRate: 0 };

export async function benchOptimize(options: { quick?: boolean } = {}): Promise<OptimizeBenchResult> {
  const quick = options.quick ?? false;
  const barCount = 5000;
  const job = { data: [sharedSymbolData({ symbol: 'SYN', bars: syntheticBars(barCount) })], strategy: 'sma-cross', settings: SETTINGS };
  const plan = planOptimization({
    strategy: 'sma-cross',
    fixedParams: {},
    space: [parseParameterSpec(quick ? 'fast=5:50:5' : 'fast=2:60:2'), parseParameterSpec(quick ? 'slow=60:200:20' : 'slow=70:250:10')],
    search: { kind: 'grid' },
  });
  const rounds = quick ? 1 : 3;
  const measure = async (executor: LabExecutor): Promise<number> => {
    await runOptimization(job, plan, executor, { objective: 'sharpe' });
    let best = Infinity;
    for (let r = 0; r < rounds; r++) {
      const started = performance.now();
      await runOptimization(job, plan, executor, { objective: 'sharpe' });
      best = Math.min(best, performance.now() - started);
    }
    return (plan.candidates.length / best) * 1000;
  };
  const results: OptimizeBenchResult['runs_per_sec'] = [];
  const record = (workers: number, runsPerSec: number) => results.push({ workers, runs_per_sec: Math.round(runsPerSec * 10) / 10, bars_per_sec: Math.round(runsPerSec * barCount) });
  record(0, await measure(new InlineExecutor()));
  for (const workers of [1, 2]) {
    const pool = new BacktestPool({ size: workers });
    try {
      record(workers, await measure(pool));
    } finally {
      await pool.terminate();
    }
  }
  const one = results.find((r) => r.workers === 1)!.runs_per_sec;
  const two = results.find((r) => r.workers === 2)!.runs_per_sec;
  return {
    strategy: 'sma-cross',
    bars: barCount,
    parameter_sets: plan.candidates.length,
    runs_per_sec: results,
    speedup_2_vs_1: one > 0 ? Math.round((two / one) * 100) / 100 : null,
    default_workers: defaultPoolSize(),
    cores_note: 'workers share the machine\'s cores with main and anything else running; on 2 cores 2 workers compete with the main thread',
    node: process.version,
  };
}

const isEntry = /bench[\\/]optimize\.ts$/.test(process.argv[1] ?? '');
if (isEntry) void benchOptimize({ quick: process.argv.includes('--quick') }).then((result) => process.stdout.write(JSON.stringify(result, null, 2) + '\n'));
