import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RegimeBank } from '../../../src/shared/regime/bank';
import { resolveRegimeConfig } from '../../../src/shared/regime/config';
import type { RegimeBatch } from '../../../src/shared/regime/output';
import { simulateRegimeSeries, type SyntheticSeries } from '../../../src/shared/regime/synthetic';
import type { RegimeBatchResult } from '../../../src/workers/regime-protocol';
import { RegimePool } from '../../../src/workers/regime-pool';
import { batchDifference } from '../../helpers/regime';

const CRASHING_WORKER = path.resolve(__dirname, '../../helpers/crashing-regime-worker.ts');
const SPEC = { clock: { timeframe: '1Day', calendar: 'weekdays' as const } };

const pools: RegimePool[] = [];
function pool(options: ConstructorParameters<typeof RegimePool>[0]): RegimePool {
  const created = new RegimePool(options);
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
  delete process.env.SEXTANT_TEST_CRASH_AFTER;
  delete process.env.SEXTANT_TEST_POISON;
});

function uninterrupted(series: SyntheticSeries): RegimeBatch {
  return new RegimeBank({ config: resolveRegimeConfig(), clock: SPEC.clock }).runBatch(series);
}

/** Concatenates batch results in order into one batch, to compare with an uninterrupted run. */
function concatenate(results: RegimeBatchResult[]): RegimeBatch {
  const count = results.reduce((n, r) => n + r.batch.count, 0);
  const columns = (pick: (b: RegimeBatch) => Float64Array | Int8Array | Uint8Array, width: number): Float64Array | Int8Array | Uint8Array => {
    const first = pick(results[0]!.batch);
    const out = new (first.constructor as new (n: number) => Float64Array)(width * count);
    let offset = 0;
    for (const r of results) {
      const column = pick(r.batch);
      for (let k = 0; k < width; k++) out.set(column.subarray(k * r.batch.count, (k + 1) * r.batch.count), k * count + offset);
      offset += r.batch.count;
    }
    return out;
  };
  return {
    count, skipped: 0, t: columns((b) => b.t, 1) as Float64Array, observed: columns((b) => b.observed, 1) as Uint8Array,
    probabilities: columns((b) => b.probabilities, 6) as Float64Array, mostLikely: columns((b) => b.mostLikely, 1) as Int8Array,
    label: columns((b) => b.label, 1) as Int8Array, transitionFrom: columns((b) => b.transitionFrom, 1) as Int8Array,
    confidence: columns((b) => b.confidence, 1) as Float64Array, expectedModeWeight: columns((b) => b.expectedModeWeight, 1) as Float64Array,
    predictedEntropy: columns((b) => b.predictedEntropy, 1) as Float64Array, state: columns((b) => b.state, 4) as Float64Array,
    variance: columns((b) => b.variance, 4) as Float64Array, reception: columns((b) => b.reception, 1) as Float64Array,
  };
}

/** Pushes a series in batches of `size` without waiting; returns every batch's promise in order. */
function pushAll(target: RegimePool, key: string, series: SyntheticSeries, size: number): Promise<RegimeBatchResult>[] {
  const promises: Promise<RegimeBatchResult>[] = [];
  for (let start = 0; start < series.t.length; start += size) {
    promises.push(target.push(key, series.t.subarray(start, start + size), series.close.subarray(start, start + size)));
  }
  return promises;
}

describe('regime worker pool', () => {
  it('shards streams over the workers and returns exactly what an in-process bank computes', async () => {
    const p = pool({ size: 2 });
    const series = [1, 2, 3, 4].map((seed) => simulateRegimeSeries({ bars: 3000, seed }));
    await Promise.all(series.map((_, i) => p.open(`S${i}`, SPEC)));
    const workers = new Set(series.map((_, i) => p.workerFor(`S${i}`).threadId));
    expect(workers.size).toBe(2);
    const results = await Promise.all(series.map((s, i) => Promise.all(pushAll(p, `S${i}`, s, 500))));
    results.forEach((r, i) => {
      expect(batchDifference(concatenate(r), uninterrupted(series[i]!))).toBeNull();
      expect(r[r.length - 1]!.bars).toBe(3000);
    });
    expect(p.restarts).toBe(0);
  });

  it('a worker terminated mid-stream is restarted, its streams resume from their last states, and no bar is lost', async () => {
    const p = pool({ size: 1 });
    const series = [7, 8, 9].map((seed) => simulateRegimeSeries({ bars: 4000, seed }));
    await Promise.all(series.map((_, i) => p.open(`S${i}`, SPEC)));
    const promises = series.map((s, i) => pushAll(p, `S${i}`, s, 200));
    await promises[0]![3]; // some batches answered, most still in flight
    expect(p.inFlight('S0')).toBeGreaterThan(0);
    await p.workerFor('S0').terminate();
    const results = await Promise.all(promises.map((list) => Promise.all(list)));
    expect(p.restarts).toBe(1);
    results.forEach((r, i) => expect(batchDifference(concatenate(r), uninterrupted(series[i]!))).toBeNull());
  });

  it('a worker that exits from inside mid-stream (process.exit) is restarted with no bar lost', async () => {
    process.env.SEXTANT_TEST_CRASH_AFTER = '6';
    const restarts: string[] = [];
    const p = pool({ size: 1, workerFile: CRASHING_WORKER, onRestart: (e) => restarts.push(e.reason) });
    delete process.env.SEXTANT_TEST_CRASH_AFTER; // the replacement thread starts healthy
    const series = simulateRegimeSeries({ bars: 5000, seed: 3 });
    await p.open('SPY', SPEC);
    const results = await Promise.all(pushAll(p, 'SPY', series, 250));
    expect(restarts).toEqual(['exit code 7']);
    expect(batchDifference(concatenate(results), uninterrupted(series))).toBeNull();
    expect(p.snapshot('SPY')!.byteLength).toBeGreaterThan(0);
  });

  it('a batch that kills its worker every time is refused after 3 attempts, with the reason', async () => {
    process.env.SEXTANT_TEST_POISON = '666.5';
    const p = pool({ size: 1, workerFile: CRASHING_WORKER, maxAttempts: 3 });
    await p.open('BAD', SPEC);
    const good = await p.push('BAD', Float64Array.of(Date.UTC(2024, 0, 2)), Float64Array.of(100));
    expect(good.batch.count).toBe(1);
    const poisoned = p.push('BAD', Float64Array.of(Date.UTC(2024, 0, 3)), Float64Array.of(666.5));
    await expect(poisoned).rejects.toThrow(/in flight through 3 worker crashes/);
    await expect(p.push('BAD', Float64Array.of(Date.UTC(2024, 0, 4)), Float64Array.of(100))).rejects.toThrow(/worker crashes/);
    expect(p.restarts).toBe(3);
  });

  it('a worker that cannot even start stops its streams with the reason instead of restarting forever', async () => {
    const p = pool({ size: 1, workerFile: path.join(os.tmpdir(), 'no-such-regime.worker.ts') });
    await expect(p.open('A', SPEC)).rejects.toThrow(/crashed 6 times within a minute \(last: .*no-such-regime\.worker\.ts/);
    await expect(p.open('B', SPEC)).rejects.toThrow(/crashed 6 times/);
    await p.terminate();
  });

  it('refuses bad specs and unknown streams with clear errors, and a fixed spec can be opened after', async () => {
    const p = pool({ size: 1 });
    await expect(p.open('X', { clock: { timeframe: '7Fortnights' } })).rejects.toThrow(/bar size/);
    await expect(p.open('X', { config: { models: { bull: { volatility: -1 } } }, clock: { timeframe: '1Day' } })).rejects.toThrow(/models\.bull\.volatility/);
    await expect(p.push('nope', new Float64Array(1), new Float64Array(1))).rejects.toThrow(/not open/);
    await p.open('X', SPEC);
    await expect(p.open('X', SPEC)).rejects.toThrow(/already open/);
    await expect(p.push('X', new Float64Array(2), new Float64Array(1))).rejects.toThrow(/2 times but 1 closes/);
    const resumed = new RegimeBank({ clock: SPEC.clock });
    resumed.runBatch(simulateRegimeSeries({ bars: 10, seed: 1 }));
    await p.close('X');
    expect(await p.open('X', SPEC, resumed.saveState())).toEqual({ bars: 10, lastT: resumed.lastTime });
  });

  it('runs from a bundled .cjs worker next to a bundled caller (the packaged app’s layout)', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-bundle-'));
    try {
      const harness = path.join(root, 'harness.ts');
      const poolModule = JSON.stringify(path.resolve(__dirname, '../../../src/workers/regime-pool'));
      fs.writeFileSync(
        harness,
        `import { RegimePool } from ${poolModule};
         async function main(): Promise<void> {
           const pool = new RegimePool({ size: 1 });
           await pool.open('A', { clock: { timeframe: '1Day' } });
           const r = await pool.push('A', Float64Array.of(Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)), Float64Array.of(100, 101));
           process.stdout.write(JSON.stringify({ count: r.batch.count, bars: r.bars }));
           await pool.terminate();
         }
         main().catch((error) => { console.error(error); process.exit(1); });`,
      );
      // The options of scripts/build-main.mjs, import.meta shim included.
      const common = {
        bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node22', logLevel: 'silent' as const, external: ['better-sqlite3', 'electron'],
        banner: { js: 'const __sextant_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
        define: { 'import.meta.url': '__sextant_import_meta_url' },
      };
      const repo = path.resolve(__dirname, '../../..');
      const runtimeDependencies = Object.keys((JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
      // Like the app's main bundle, the caller keeps the runtime dependencies (comlink) external.
      await build({ ...common, entryPoints: [harness], outfile: path.join(root, 'dist/main/harness.cjs'), external: ['electron', ...runtimeDependencies] });
      await build({ ...common, entryPoints: [path.resolve(__dirname, '../../../src/workers/regime.worker.ts')], outfile: path.join(root, 'dist/workers/regime.cjs') });
      const output = execFileSync(process.execPath, [path.join(root, 'dist/main/harness.cjs')], {
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, NODE_PATH: path.join(repo, 'node_modules') },
      });
      expect(JSON.parse(output)).toEqual({ count: 2, bars: 2 });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
