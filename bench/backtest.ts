/**
 * Backtest throughput: SMA crossover (fast 10, slow 30) through the full engine (strategy, sizing,
 * risk, order manager, simulated broker, portfolio, equity curve) over a synthetic random walk of
 * daily-stamped bars. Prints JSON. Run: `npx tsx bench/backtest.ts [--bars N] [--runs R]`.
 */
import { runBacktest } from '../src/shared/backtest/run-backtest';
import { allocateBarColumns, type BarColumns } from '../src/shared/domain/bar';

export interface BacktestBenchResult {
  readonly strategy: 'sma-cross';
  readonly bars: number;
  readonly runs: number;
  /** Best of the runs (the least disturbed by other work on the machine). */
  readonly bars_per_sec: number;
  readonly median_bars_per_sec: number;
  readonly best_ms: number;
  readonly trades: number;
  readonly node: string;
}

/** A seeded geometric random walk (xorshift32), stamped one bar per day. */
export function syntheticBars(count: number, seed = 42): BarColumns {
  const bars = allocateBarColumns(count);
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  let price = 100;
  const start = Date.UTC(1970, 0, 1);
  for (let i = 0; i < count; i++) {
    const open = price;
    const close = Math.max(1, open * (1 + (uniform() - 0.5) * 0.04));
    const high = Math.max(open, close) * (1 + uniform() * 0.01);
    const low = Math.min(open, close) * (1 - uniform() * 0.01);
    bars.t[i] = start + i * 86_400_000;
    bars.o[i] = open;
    bars.h[i] = high;
    bars.l[i] = low;
    bars.c[i] = close;
    bars.v[i] = 1_000_000;
    price = close;
  }
  return bars;
}

export function benchBacktest(barCount = 2_000_000, runs = 5): BacktestBenchResult {
  const bars = syntheticBars(barCount);
  const times: number[] = [];
  let trades = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const result = runBacktest({ data: [{ symbol: 'SYN', bars }], strategy: { name: 'sma-cross', params: { fast: 10, slow: 30 } }, sizing: 'fixed:100', benchmark: null });
    times.push(performance.now() - started);
    trades = result.trades.length;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const best = sorted[0]!;
  const median = sorted[sorted.length >> 1]!;
  return {
    strategy: 'sma-cross',
    bars: barCount,
    runs,
    bars_per_sec: Math.round((barCount / best) * 1000),
    median_bars_per_sec: Math.round((barCount / median) * 1000),
    best_ms: Math.round(best * 10) / 10,
    trades,
    node: process.version,
  };
}

const isEntry = /bench[\\/]backtest\.ts$/.test(process.argv[1] ?? '');
if (isEntry) {
  const arg = (name: string, fallback: number) => {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? Number(process.argv[index + 1]) : fallback;
  };
  process.stdout.write(JSON.stringify(benchBacktest(arg('bars', 2_000_000), arg('runs', 5))) + '\n');
}
