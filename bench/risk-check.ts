/**
 * Pre-trade risk check latency: every standard rule on (live limits), an account with 20 open
 * positions, correlations known for each. Prints JSON with p50/p99 in microseconds.
 * Run: `npx tsx bench/risk-check.ts [--checks N]`.
 */
import { DEFAULT_RISK_LIMITS } from '../src/shared/risk/risk-limits';
import { RiskManager } from '../src/shared/risk/risk-manager';
import type { ProposedOrder, RiskAccount } from '../src/shared/risk/risk-types';

export interface RiskCheckBenchResult {
  readonly checks: number;
  readonly rules: number;
  readonly open_positions: number;
  readonly p50_us: number;
  readonly p99_us: number;
  readonly max_us: number;
}

export function benchRiskCheck(checks = 100_000): RiskCheckBenchResult {
  const symbols = Array.from({ length: 20 }, (_, i) => `S${i}`);
  const account: RiskAccount = {
    equity: () => 1_000_000,
    positionQty: (s) => (s.startsWith('S') ? 100 : 0),
    lastPrice: () => 100,
    workingQty: () => 0,
    openSymbols: () => symbols,
  };
  let now = 0;
  const manager = new RiskManager({
    account,
    clock: () => now,
    limits: { ...DEFAULT_RISK_LIMITS, orderRate: { maxOrders: 1_000_000_000, windowMs: 60_000 } },
    market: { correlation: () => 0.3, stopPrice: () => 95 },
  });
  manager.observe(0, 1_000_000, 1);
  const order: ProposedOrder = { clientOrderId: 'b', symbol: 'NEW', side: 'buy', qty: 100, type: 'limit', limitPrice: 100.5, stopPrice: null, orderClass: 'simple', stopLossPrice: 98, takeProfitPrice: null, exitOnly: false, replacesQty: 0, tag: null };
  const samples = new Float64Array(checks);
  for (let k = 0; k < checks; k++) {
    now = k;
    const started = process.hrtime.bigint();
    manager.check(order);
    samples[k] = Number(process.hrtime.bigint() - started) / 1000;
  }
  samples.sort();
  const at = (q: number) => Math.round(samples[Math.min(checks - 1, Math.floor(q * checks))]! * 100) / 100;
  return { checks, rules: 7, open_positions: symbols.length, p50_us: at(0.5), p99_us: at(0.99), max_us: at(1) };
}

if (/bench[\\/]risk-check\.ts$/.test(process.argv[1] ?? '')) {
  const index = process.argv.indexOf('--checks');
  process.stdout.write(JSON.stringify(benchRiskCheck(index >= 0 ? Number(process.argv[index + 1]) : 100_000)) + '\n');
}
