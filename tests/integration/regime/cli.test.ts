import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegimeReport as Report } from '../../../src/main/cli/commands/regime';
import { runCli } from '../../../src/main/cli/index';
import { silentLogger } from '../../../src/main/log';
import { openDatabase } from '../../../src/main/storage/database';
import { REGIMES } from '../../../src/shared/domain/regime';
import { SPY_FILE, spyBars } from '../../helpers/regime';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-cli-'));
  dirs.push(dir);
  return dir;
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await runCli(args, { stdout: (text) => (stdout += text), log: silentLogger() });
    return { code, stdout, stderr };
  } finally {
    process.stderr.write = write;
  }
}

describe('sextant regime', () => {
  it('--csv prints the bank’s series with the input’s own times, the transitions and the final state', async () => {
    const { code, stdout } = await cli(['regime', '--csv', SPY_FILE, '--json', '--data-dir', tempDir()]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const input = spyBars();
    expect(report.symbol).toBe('SPY');
    expect(report.bars).toBe(5241);
    expect(report.regimes).toEqual([...REGIMES]);
    expect(report.series.map((row) => row.t)).toEqual(input.times);
    for (const row of report.series) {
      expect(row.p).toHaveLength(6);
      expect(Math.abs(row.p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      expect(REGIMES).toContain(row.label);
    }
    // Once a label is established, every change of it is a transition, and every transition is one.
    const changes = report.series.slice(1).flatMap((row, i) => (row.label !== report.series[i]!.label ? [row.t] : []));
    const first = report.transitions[0]!.t;
    expect(report.transitions.map((x) => x.t)).toEqual(changes.filter((t) => t >= first));
    for (const x of report.transitions) {
      const at = report.series.findIndex((row) => row.t === x.t);
      expect(report.series[at]!.label).toBe(x.to);
      expect(report.series[at - 1]!.label).toBe(x.from);
    }
    expect(report.final.p).toEqual(report.series.at(-1)!.p);
    expect(report.final.label).toBe(report.series.at(-1)!.label);
    expect(report.final.reception).toBeCloseTo(5242 / 5243, 12);
    expect(report.final.reception_interval[0]).toBeLessThan(report.final.reception);
    expect(report.elapsed_ms).toBeGreaterThan(0);
  });

  it('--symbol names the series; a row without prices is a missed bar; datetimes echo as written', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'minutes.csv');
    const rows = ['datetime_et,open,high,low,close,volume'];
    for (let m = 0; m < 120; m++) {
      const time = `2024-06-14 ${String(9 + Math.floor((30 + m) / 60)).padStart(2, '0')}:${String((30 + m) % 60).padStart(2, '0')}:00`;
      const price = (100 + Math.sin(m / 5)).toFixed(4);
      rows.push(m === 50 ? `${time},,,,,10` : `${time},${price},${price},${price},${price},10`);
    }
    fs.writeFileSync(file, rows.join('\n'));
    const { code, stdout } = await cli(['regime', '--csv', file, '--symbol', 'abc', '--json', '--data-dir', dir]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.symbol).toBe('ABC');
    expect(report.bars).toBe(119); // the importer leaves the empty row out, with a warning
    expect(report.series[0]!.t).toBe('2024-06-14 09:30:00');
    expect(report.series[50]!.t).toBe('2024-06-14 10:21:00');
    expect(report.final.reception).toBeCloseTo(120 / 122, 12); // 119 of 120 due bars received
  });

  it('--dataset runs over stored bars and prints their times as the dataset shows them', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    db.prepare("INSERT INTO datasets (id, symbol, timeframe, source, time_kind, tz, created_at) VALUES (3, 'SPY', '1Day', 'test', 'date', 'UTC', 0)").run();
    const input = spyBars();
    const insert = db.prepare('INSERT INTO bars (dataset_id, t, o, h, l, c, v) VALUES (3, ?, 1, 1, 1, ?, 0)');
    for (let i = 0; i < 300; i++) insert.run(input.t[i], input.close[i]);
    db.close();
    const fromDb = JSON.parse((await cli(['regime', '--dataset', '3', '--json', '--data-dir', dir])).stdout) as Report;
    const fromCsv = JSON.parse((await cli(['regime', '--csv', SPY_FILE, '--json', '--data-dir', dir])).stdout) as Report;
    expect(fromDb.bars).toBe(300);
    expect(fromDb.series).toEqual(fromCsv.series.slice(0, 300));
  });

  it('bad input exits 2 with a message that says what and where', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'date,open,high,low,close,volume\n2024-01-02,100,100,100,100,0\n2024-01-02,101,101,101,101,0\n');
    const duplicate = await cli(['regime', '--csv', bad, '--data-dir', dir]);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toMatch(/bad\.csv, line 3, column "date": 2024-01-02 appears twice/);
    fs.writeFileSync(bad, 'date,open,high,low,close,volume\n2024-01-02,1,1,1,abc,0\n');
    expect((await cli(['regime', '--csv', bad, '--data-dir', dir])).stderr).toMatch(/line 2, column "close": "abc" is not a number/);
    expect((await cli(['regime', '--csv', path.join(dir, 'nope.csv'), '--data-dir', dir])).stderr).toMatch(/cannot read .*nope\.csv: no such file/);
    expect((await cli(['regime', '--data-dir', dir])).stderr).toMatch(/either --csv FILE or --dataset ID/);
    expect((await cli(['regime', '--dataset', '9', '--data-dir', dir])).stderr).toMatch(/no dataset 9/);
    expect((await cli(['regime', '--csv', SPY_FILE, '--timeframe', 'weekly', '--data-dir', dir])).code).toBe(2);
  });
});

describe('sextant bench', () => {
  it('bench regime --quick --json prints the figures the issue asks for', async () => {
    const { code, stdout } = await cli(['bench', 'regime', '--quick', '--json', '--data-dir', tempDir()]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Record<string, unknown>;
    for (const key of ['bank_steps_per_sec_single_thread', 'bank_steps_per_sec_pool', 'workers', 'us_per_bank_step']) expect(result[key]).toBeGreaterThan(0);
    expect(result.pool_scaling).toEqual(expect.arrayContaining([expect.objectContaining({ workers: 1 }), expect.objectContaining({ workers: 2 })]));
    expect(result.recovery_accuracy).toBeGreaterThan(0.5);
  });

  it('an unknown benchmark is refused with the list', async () => {
    const { code, stderr } = await cli(['bench', 'nope', '--data-dir', tempDir()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown benchmark "nope"; there are: .*regime/);
  });
});
