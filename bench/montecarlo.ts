/**
 * Monte Carlo throughput: simulated return steps per second for trade resampling and for both
 * block bootstraps (10,000 paths × 252 steps each). Prints JSON.
 *   npx tsx bench/montecarlo.ts
 */
import { blockBootstrapReturns, resampleTradeReturns } from '../src/shared/montecarlo';
import { Random } from '../src/shared/random';

const random = new Random(99);
const daily = Float64Array.from({ length: 5000 }, () => (random.next() - 0.5) * 0.04);
const trades = Float64Array.from({ length: 300 }, () => (random.next() - 0.45) * 0.2);
const simulations = 10_000;
const steps = 252;

function measure(run: () => unknown): number {
  run();
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const cases: Record<string, () => unknown> = {
  trade_resampling: () => resampleTradeReturns({ tradeReturns: trades, tradesPerPath: steps, startEquity: 1e5, simulations }),
  fixed_block_bootstrap: () => blockBootstrapReturns({ returns: daily, method: 'fixed', blockLength: 20, barsPerPath: steps, startEquity: 1e5, simulations }),
  stationary_block_bootstrap: () => blockBootstrapReturns({ returns: daily, method: 'stationary', blockLength: 20, barsPerPath: steps, startEquity: 1e5, simulations }),
};

const results: Record<string, { ms: number; steps_per_sec: number }> = {};
for (const [name, run] of Object.entries(cases)) {
  const ms = measure(run);
  results[name] = { ms: Math.round(ms * 10) / 10, steps_per_sec: Math.round((simulations * steps) / (ms / 1000)) };
}
console.log(JSON.stringify({ simulations, steps_per_path: steps, node: process.version, results }, null, 2));
