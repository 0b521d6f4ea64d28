/**
 * Import speed: parsing+validation and the SQLite insert, measured separately, for the bundled
 * files, Lean's SPY hourly file (40k rows, skipped when ../shared/data is absent) and a synthetic
 * million-row file. Prints one JSON document.
 *
 *   npx tsx bench/import.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseBarsCsv, parseWideClosesCsv } from '../src/shared/market/csv/index';
import { DatasetStore } from '../src/main/market/dataset-store';
import { openDatabase } from '../src/main/storage/database';
import type { BarColumns } from '../src/shared/domain/bar';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHARED = [path.resolve(ROOT, '../shared/data'), path.resolve(ROOT, '../../shared/data'), '/work/shared/data'].find((dir) => fs.existsSync(dir));
const WARM_RUNS = 7;

interface Case {
  readonly name: string;
  readonly text: string;
  readonly wide: boolean;
  readonly timeframe?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function parse(c: Case): BarColumns[] {
  if (c.wide) return parseWideClosesCsv(c.text, c.name, { timeframe: c.timeframe }).map((s) => s.bars);
  return [parseBarsCsv(c.text, c.name, { timeframe: c.timeframe }).bars];
}

function insertOnce(series: BarColumns[]): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-bench-'));
  const db = openDatabase(dir);
  try {
    const store = new DatasetStore(db);
    const started = performance.now();
    store.transaction(() => {
      series.forEach((bars, i) => store.create({ symbol: `S${i}`, timeframe: '1Day', source: 'bench', timeKind: 'date', tz: 'UTC' }, bars));
    });
    return performance.now() - started;
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function measure(c: Case): Record<string, unknown> {
  const coldStart = performance.now();
  const series = parse(c);
  const coldMs = performance.now() - coldStart;
  const rows = series.reduce((sum, bars) => sum + bars.t.length, 0);
  const parseMs: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const started = performance.now();
    parse(c);
    parseMs.push(performance.now() - started);
  }
  const insertRuns = rows > 500_000 ? 1 : 3;
  const insertMs = Array.from({ length: insertRuns }, () => insertOnce(series));
  const warm = median(parseMs);
  const insert = median(insertMs);
  return {
    file: c.name,
    bytes: c.text.length,
    rows,
    datasets: series.length,
    parse: { coldMs: round(coldMs), warmMedianMs: round(warm), rowsPerSecond: Math.round(rows / (warm / 1000)), coldRowsPerSecond: Math.round(rows / (coldMs / 1000)) },
    insert: { medianMs: round(insert), rowsPerSecond: Math.round(rows / (insert / 1000)), runs: insertRuns },
    total: { ms: round(warm + insert), rowsPerSecond: Math.round(rows / ((warm + insert) / 1000)) },
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function syntheticMinuteFile(rows: number): string {
  const lines = ['timestamp,open,high,low,close,volume'];
  let t = Date.UTC(2015, 0, 2, 14, 30);
  let price = 100;
  for (let i = 0; i < rows; i++) {
    const open = price;
    price = Math.round(price * (1 + Math.sin(i * 0.37) * 0.001) * 100) / 100;
    const high = Math.max(open, price) + 0.05;
    const low = Math.min(open, price) - 0.05;
    lines.push(`${new Date(t).toISOString().replace('.000Z', 'Z')},${open},${high.toFixed(2)},${low.toFixed(2)},${price},${1000 + (i % 977)}`);
    t += 60_000;
  }
  return lines.join('\n') + '\n';
}

const cases: Case[] = [
  { name: 'ETF23_arbitragelab_1d_close.csv (bundled, largest)', text: fs.readFileSync(path.join(ROOT, 'resources/data/ETF23_arbitragelab_1d_close.csv'), 'utf8'), wide: true },
  { name: 'SPY_pandas-ta_1d.csv (bundled)', text: fs.readFileSync(path.join(ROOT, 'resources/data/SPY_pandas-ta_1d.csv'), 'utf8'), wide: false },
];
const leanHourly = SHARED ? path.join(SHARED, 'intraday/SPY_lean_1h.csv') : null;
const skipped: string[] = [];
if (leanHourly && fs.existsSync(leanHourly)) cases.push({ name: 'SPY_lean_1h.csv (../shared/data)', text: fs.readFileSync(leanHourly, 'utf8'), wide: false });
else skipped.push('SPY_lean_1h.csv: ../shared/data is absent');
cases.push({ name: 'synthetic 1,000,000 one-minute bars (UTC ISO)', text: syntheticMinuteFile(1_000_000), wide: false, timeframe: '1Min' });

const results = cases.map(measure);
process.stdout.write(JSON.stringify({ benchmark: 'import', node: process.version, warmRuns: WARM_RUNS, results, skipped }, null, 2) + '\n');
