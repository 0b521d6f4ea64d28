import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/shared/backtest/run-backtest';
import { removeTempDirs, runCliCaptured, tempDir as makeTempDir } from '../../helpers/cli';
import { loadSpyDaily } from '../../helpers/spy-fixture';

const spyCsv = path.resolve(__dirname, '../../fixtures/SPY_pandas-ta_1d.csv');
const tempDir = () => makeTempDir('sextant-backtest-');

afterAll(removeTempDirs);

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const { code, out } = await runCliCaptured(args);
  return { code, out };
}

/** Runs the CLI with stderr captured. */
async function cliWithErrors(args: string[]): Promise<{ code: number; errors: string }> {
  const { code, errors } = await runCliCaptured(args);
  return { code, errors };
}

describe('sextant backtest (end to end)', () => {
  it('--csv SPY --strategy sma-cross --qty 100 --json prints the run as the issue specifies', async () => {
    const dataDir = tempDir();
    const { code, out } = await cli(['backtest', '--csv', spyCsv, '--strategy', 'sma-cross', '--param', 'fast=10', '--param', 'slow=30', '--qty', '100', '--json', '--data-dir', dataDir]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['strategy', 'params', 'bars', 'final_equity', 'trades', 'open_positions', 'metrics', 'elapsed_ms']));
    expect(report.strategy).toBe('sma-cross');
    expect(report.params).toEqual({ fast: 10, slow: 30 });
    expect(report.bars).toBe(5241);
    expect(typeof report.elapsed_ms).toBe('number');
    // The same run through the API gives the same numbers.
    const direct = runBacktest({ data: [{ symbol: 'SPY', bars: loadSpyDaily() }], strategy: { name: 'sma-cross', params: { fast: 10, slow: 30 } }, sizing: 'fixed:100' });
    expect(report.final_equity).toBe(direct.finalEquity);
    expect(report.trades).toHaveLength(direct.trades.length);
    expect(report.trades[0]).toEqual({ symbol: 'SPY', side: 'long', qty: 100, entry_time: '2000-01-20', entry_price: 146.9687, exit_time: '2000-01-28', exit_price: 139.4375, pnl: expect.closeTo((139.4375 - 146.9687) * 100, 9), commission: 0 });
    for (const trade of report.trades) expect(trade.entry_time).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report.open_positions).toEqual([{ symbol: 'SPY', qty: 100, entry_time: '2020-07-13', entry_price: 320.13, last_price: 350.58, unrealized_pnl: expect.closeTo((350.58 - 320.13) * 100, 6) }]);
    // final_equity values the open position at the last close.
    const realised = report.trades.reduce((sum: number, t: { pnl: number }) => sum + t.pnl, 0);
    expect(report.final_equity).toBeCloseTo(100_000 + realised + (350.58 - 320.13) * 100, 6);
    expect(report.metrics).toMatchObject({ start: '1999-11-01', end: '2020-08-28', trades: { trade_count: report.trades.length } });
    expect(typeof report.metrics.sharpe).toBe('number');
    expect(typeof report.metrics.max_drawdown).toBe('number');
  });

  it('--dataset ID runs on bars stored by `sextant import`', async () => {
    const dataDir = tempDir();
    expect((await cli(['import', spyCsv, '--symbol', 'SPY', '--data-dir', dataDir, '--json'])).code).toBe(0);
    const fromDataset = JSON.parse((await cli(['backtest', '--dataset', '1', '--strategy', 'rsi-reversion', '--sizing', 'percent:50', '--json', '--data-dir', dataDir])).out);
    const fromCsv = JSON.parse((await cli(['backtest', '--csv', spyCsv, '--strategy', 'rsi-reversion', '--sizing', 'percent:50', '--json', '--data-dir', dataDir])).out);
    expect(fromDataset.symbols).toEqual(['SPY']);
    expect(fromDataset.final_equity).toBe(fromCsv.final_equity);
    expect(fromDataset.trades).toEqual(fromCsv.trades);
  });

  it('pairs takes two inputs, A then B (--csv twice), and trades both legs', async () => {
    const dir = tempDir();
    let b = 50;
    let spread = 0;
    let state = 12345;
    const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const rows: Array<[string, number, number]> = [];
    for (let i = 0; i < 400; i++) {
      b = Math.max(5, b + (next() - 0.5) * 2);
      spread = 0.6 * spread + (next() - 0.5) * 3;
      rows.push([new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), 2 * b + 10 + spread, b]);
    }
    const write = (name: string, column: 1 | 2) =>
      fs.writeFileSync(path.join(dir, name), 'date,open,high,low,close,volume\n' + rows.map((r) => `${r[0]},${r[column].toFixed(2)},${r[column].toFixed(2)},${r[column].toFixed(2)},${r[column].toFixed(2)},100000`).join('\n') + '\n');
    write('AAA.csv', 1);
    write('BBB.csv', 2);
    const { code, out } = await cli(['backtest', '--csv', path.join(dir, 'AAA.csv'), '--csv', path.join(dir, 'BBB.csv'), '--strategy', 'pairs', '--param', 'lookback=20', '--json', '--data-dir', dir]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.symbols).toEqual(['AAA', 'BBB']);
    const sides = new Set(report.trades.map((t: { symbol: string; side: string }) => `${t.symbol} ${t.side}`));
    expect(sides.has('AAA long') || sides.has('AAA short')).toBe(true);
    expect(report.trades.filter((t: { symbol: string }) => t.symbol === 'AAA').length).toBe(report.trades.filter((t: { symbol: string }) => t.symbol === 'BBB').length);
  });

  it.each([
    [['--strategy', 'nope'], /unknown strategy "nope"/],
    [['--strategy', 'sma-cross', '--param', 'fast'], /should be name=value/],
    [['--strategy', 'sma-cross', '--param', 'fast=50'], /fast must be shorter than slow/],
    [['--strategy', 'sma-cross', '--qty', '10', '--sizing', 'all-in'], /--qty or --sizing, not both/],
    [['--strategy', 'sma-cross', '--fill', 'vwap'], /--fill must be next-open or close/],
    [['--strategy', 'sma-cross', '--commission', 'per-share'], /commission "per-share"/],
    [['--strategy', 'pairs'], /trades 2 symbols; the data has 1/],
  ])('bad input %j exits 2 with a message', async (extra, message) => {
    const { code, errors } = await cliWithErrors(['backtest', '--csv', spyCsv, ...extra, '--json', '--data-dir', tempDir()]);
    expect(code).toBe(2);
    expect(errors).toMatch(message);
  });

  it('without bars it says how to give them', async () => {
    const { code, errors } = await cliWithErrors(['backtest', '--strategy', 'sma-cross', '--data-dir', tempDir()]);
    expect(code).toBe(2);
    expect(errors).toContain('--csv FILE or --dataset ID');
  });
});

describe('sextant bench backtest', () => {
  it('prints bars per second as JSON', async () => {
    const { code, out } = await cli(['bench', 'backtest', '--quick', '--json', '--data-dir', tempDir()]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result).toMatchObject({ strategy: 'sma-cross', bars: 200_000 });
    expect(result.bars_per_sec).toBeGreaterThan(0);
  });
});
