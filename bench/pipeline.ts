/**
 * Signal → order handed to the broker: the latency of the live pipeline (signal checks, sizing,
 * every risk rule, the order manager, the SQLite journal written in one transaction), measured per
 * signal up to the moment the order is handed to the broker adapter (here the offline paper broker,
 * the backtester's simulated broker). The journal is a real database file (WAL), as in the app.
 *
 *   npx tsx bench/pipeline.ts [--signals 20000] [--warmup 2000]     (or: sextant bench pipeline --json)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { barColumnsFromBars } from '../src/shared/domain/bar';
import type { Signal } from '../src/shared/domain/signal';
import { percentileOfSorted } from '../src/shared/metrics/percentiles';
import { DEFAULT_RISK_LIMITS } from '../src/shared/risk/risk-limits';
import { silentLogger } from '../src/main/log';
import { DatasetStore } from '../src/main/market/dataset-store';
import { openDatabase } from '../src/main/storage/database';
import { buildTradingService } from '../src/main/trading/runtime';

export interface PipelineBenchOptions {
  readonly signals?: number;
  readonly warmup?: number;
}

export interface PipelineBenchResult {
  readonly benchmark: string;
  readonly node: string;
  readonly signals: number;
  readonly warmup: number;
  readonly journal: string;
  /** Signal received → order handed to the broker, microseconds. */
  readonly p50_us: number;
  readonly p90_us: number;
  readonly p99_us: number;
  readonly max_us: number;
  readonly mean_us: number;
  /** Time inside the risk manager alone, microseconds. */
  readonly risk_p50_us: number;
  readonly risk_p99_us: number;
  readonly target_p99_us: number;
  readonly pass: boolean;
  readonly sent: number;
  readonly refused: number;
}

const round = (x: number): number => Math.round(x * 10) / 10;

export async function runPipelineBench(options: PipelineBenchOptions = {}): Promise<PipelineBenchResult> {
  const signals = options.signals ?? 20_000;
  const warmup = options.warmup ?? 2_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-bench-pipeline-'));
  const db = openDatabase(dir);
  try {
    const store = new DatasetStore(db);
    const day = 86_400_000;
    const bars = Array.from({ length: 300 }, (_, i) => ({ t: Date.UTC(2024, 0, 1) + i * day, o: 100, h: 101, l: 99, c: 100 + (i % 7) * 0.1, v: 1e6 }));
    store.transaction(() => store.create({ symbol: 'SPY', timeframe: '1Day', source: 'csv', timeKind: 'date', tz: 'UTC' }, barColumnsFromBars(bars)));
    const { service } = await buildTradingService(
      { kind: 'paper', delivery: 'sync' },
      { db, log: silentLogger(), owner: 'bench', limits: { ...DEFAULT_RISK_LIMITS, orderRate: null } },
    );
    await service.start();
    let handedOff = 0;
    service.onHandOff(() => {
      handedOff = performance.now();
    });
    const total = warmup + signals;
    const latency = new Float64Array(signals);
    const risk = new Float64Array(signals);
    let sent = 0;
    let refused = 0;
    for (let i = 0; i < total; i++) {
      const signal: Signal = { symbol: 'SPY', action: i % 2 === 0 ? 'BUY' : 'SELL', quantity: 1, confidence: 0.9, strategyId: 'bench', timestamp: Date.now() };
      handedOff = 0;
      const started = performance.now();
      const outcome = await service.submitSignal(signal, 'strategy');
      if (handedOff === 0) {
        refused++;
        continue;
      }
      sent++;
      if (i < warmup) continue;
      latency[i - warmup] = (handedOff - started) * 1000;
      risk[i - warmup] = (outcome.latency_ms.risk ?? 0) * 1000;
    }
    await service.close();
    const measured = Math.min(signals, sent - Math.min(sent, warmup));
    const sorted = latency.slice(0, measured).sort();
    const riskSorted = risk.slice(0, measured).sort();
    const p99 = percentileOfSorted(sorted, 99);
    return {
      benchmark: 'signal → risk → order manager (SQLite journal) → order handed to the simulated broker',
      node: process.version,
      signals: measured,
      warmup,
      journal: 'SQLite file, WAL, synchronous=NORMAL, one transaction per order',
      p50_us: round(percentileOfSorted(sorted, 50)),
      p90_us: round(percentileOfSorted(sorted, 90)),
      p99_us: round(p99),
      max_us: round(sorted[sorted.length - 1] ?? Number.NaN),
      mean_us: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
      risk_p50_us: round(percentileOfSorted(riskSorted, 50)),
      risk_p99_us: round(percentileOfSorted(riskSorted, 99)),
      target_p99_us: 1000,
      pass: refused === 0 && p99 < 1000,
      sent,
      refused,
    };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function argument(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? Number(process.argv[index + 1]) : undefined;
}

// Run directly (`npx tsx bench/pipeline.ts`); the CLI imports the function instead. The test is on the
// file name, not import.meta.url, which the CommonJS bundle maps to the CLI bundle itself.
if (/bench[\\/]pipeline\.ts$/.test(process.argv[1] ?? '')) {
  runPipelineBench({ signals: argument('signals'), warmup: argument('warmup') }).then(
    (result) => process.stdout.write(JSON.stringify(result, null, 2) + '\n'),
    (error: unknown) => {
      process.stderr.write(`bench pipeline: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
