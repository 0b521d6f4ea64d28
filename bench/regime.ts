/**
 * Regime filter bank benchmark: bank steps per second on one thread (and its allocation), the
 * worker pool's throughput with its default size and with 1 and 2 workers, and regime recovery
 * on simulated series. Prints JSON when run directly: `npx tsx bench/regime.ts [--quick]`.
 */
import os from 'node:os';
import v8 from 'node:v8';
import { RegimeBank } from '../src/shared/regime/bank';
import { resolveRegimeConfig } from '../src/shared/regime/config';
import { RegimeStepOutput } from '../src/shared/regime/output';
import { bayesForwardAccuracy, recoveryAccuracy, simulateRegimeSeries, type SyntheticSeries } from '../src/shared/regime/synthetic';
import { defaultPoolSize, RegimePool } from '../src/workers/regime-pool';

export interface RegimeBenchOptions {
  /** A short run (seconds instead of tens of seconds), for smoke tests. */
  readonly quick?: boolean;
}

export interface RegimeBenchResult {
  bank_steps_per_sec_single_thread: number;
  us_per_bank_step: number;
  /** Minor + major GCs during the timed single-thread run (0 when a step allocates nothing). */
  gc_during_single_thread_run: number;
  heap_bytes_allocated_per_step: number;
  bank_steps_per_sec_pool: number;
  workers: number;
  pool_scaling: Array<{ workers: number; symbols: number; bank_steps_per_sec: number }>;
  recovery_accuracy: number;
  recovery_accuracy_20pct_missing: number;
  bayes_limit_accuracy: number;
  bayes_limit_accuracy_20pct_missing: number;
  cores: number;
  node: string;
}

const SPEC = { clock: { timeframe: '1Day', calendar: 'weekdays' as const } };

function singleThread(series: SyntheticSeries, warmUp: number): { stepsPerSec: number; gcs: number; bytesPerStep: number } {
  const bank = new RegimeBank({ config: resolveRegimeConfig(), clock: SPEC.clock });
  const out = new RegimeStepOutput();
  for (let i = 0; i < warmUp; i++) bank.stepAt(series.t, series.close, i, out);
  const steps = series.t.length - warmUp;
  const profiler = new v8.GCProfiler();
  profiler.start();
  const before = v8.getHeapStatistics().used_heap_size;
  const started = process.hrtime.bigint();
  for (let i = warmUp; i < series.t.length; i++) bank.stepAt(series.t, series.close, i, out);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = v8.getHeapStatistics().used_heap_size;
  const gcs = profiler.stop()?.statistics ?? [];
  // Allocated = growth of the used heap plus what every collection in between freed.
  const freed = gcs.reduce((sum, gc) => sum + Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize), 0);
  return { stepsPerSec: steps / seconds, gcs: gcs.length, bytesPerStep: Math.max(0, after - before + freed) / steps };
}

async function poolThroughput(workers: number, symbols: SyntheticSeries[], batch: number): Promise<number> {
  const pool = new RegimePool({ size: workers });
  try {
    await Promise.all(symbols.map((_, i) => pool.open(`S${i}`, SPEC)));
    // Warm the workers' JIT on a first slice, then time the rest.
    const warm = Math.min(batch, 5000);
    await Promise.all(symbols.map((s, i) => pool.push(`S${i}`, s.t.subarray(0, warm), s.close.subarray(0, warm))));
    let steps = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      symbols.map(async (s, i) => {
        for (let start = warm; start < s.t.length; start += batch) {
          const result = await pool.push(`S${i}`, s.t.subarray(start, start + batch), s.close.subarray(start, start + batch));
          steps += result.batch.count;
        }
      }),
    );
    return steps / (Number(process.hrtime.bigint() - started) / 1e9);
  } finally {
    await pool.terminate();
  }
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export async function runRegimeBench(options: RegimeBenchOptions = {}): Promise<RegimeBenchResult> {
  const quick = options.quick ?? false;
  const single = singleThread(simulateRegimeSeries({ bars: quick ? 60_000 : 520_000, seed: 1 }), 20_000);
  const symbols = Array.from({ length: quick ? 4 : 8 }, (_, i) => simulateRegimeSeries({ bars: quick ? 20_000 : 100_000, seed: 100 + i }));
  const defaultWorkers = defaultPoolSize();
  const sizes = [...new Set([1, 2, defaultWorkers])].sort((a, b) => a - b);
  const scaling: RegimeBenchResult['pool_scaling'] = [];
  for (const workers of sizes) scaling.push({ workers, symbols: symbols.length, bank_steps_per_sec: Math.round(await poolThroughput(workers, symbols, 5000)) });
  const recoverySeries = Array.from({ length: quick ? 2 : 8 }, (_, i) => simulateRegimeSeries({ bars: 5000, seed: i + 1 }));
  const config = resolveRegimeConfig();
  const accuracy = (missingRate: number): number =>
    mean(recoverySeries.map((s, i) => recoveryAccuracy(s, new RegimeBank({ config, clock: SPEC.clock }), { missingRate, missingSeed: 1000 + i })));
  const bayes = (missingRate: number): number => mean(recoverySeries.map((s, i) => bayesForwardAccuracy(s, { missingRate, missingSeed: 1000 + i })));
  return {
    bank_steps_per_sec_single_thread: Math.round(single.stepsPerSec),
    us_per_bank_step: Math.round((1e6 / single.stepsPerSec) * 1000) / 1000,
    gc_during_single_thread_run: single.gcs,
    heap_bytes_allocated_per_step: Math.round(single.bytesPerStep * 100) / 100,
    bank_steps_per_sec_pool: scaling.find((s) => s.workers === defaultWorkers)!.bank_steps_per_sec,
    workers: defaultWorkers,
    pool_scaling: scaling,
    recovery_accuracy: Math.round(accuracy(0) * 10_000) / 10_000,
    recovery_accuracy_20pct_missing: Math.round(accuracy(0.2) * 10_000) / 10_000,
    bayes_limit_accuracy: Math.round(bayes(0) * 10_000) / 10_000,
    bayes_limit_accuracy_20pct_missing: Math.round(bayes(0.2) * 10_000) / 10_000,
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
    node: process.version,
  };
}

// Run directly (npx tsx bench/regime.ts), not when bundled into the CLI, whose import.meta.url is the bundle's.
const isEntry = /bench[\\/]regime\.ts$/.test(process.argv[1] ?? '');
if (isEntry) {
  runRegimeBench({ quick: process.argv.includes('--quick') }).then(
    (result) => process.stdout.write(JSON.stringify(result, null, 2) + '\n'),
    (error: unknown) => {
      process.stderr.write(`bench/regime: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
