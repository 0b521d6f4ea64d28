/**
 * `sextant signal` end to end: on the offline paper broker (filling against the last stored bar)
 * and on Alpaca (the emulator, through the SEXTANT_ALPACA_*_URL variables), the printed outcome,
 * the stored signal, and exit code 3 when risk or the broker refuses.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/main/cli/index';
import { createLogger } from '../../../src/main/log';
import { openDatabase } from '../../../src/main/storage/database';
import { startAlpacaEmulator, type AlpacaEmulator } from '../../support/alpaca-emulator';

const ROOT = path.resolve(__dirname, '../../..');
const SPY_CSV = path.join(ROOT, 'tests/fixtures/SPY_pandas-ta_1d.csv');

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-cli-signal-'));
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runCli([...args, '--data-dir', dir], { stdout: (text) => (stdout += text), log: createLogger({ level: 'error', write: () => {} }) });
    return { code, stdout, stderr };
  } finally {
    vi.mocked(process.stderr.write).mockRestore();
  }
}

const signal = (fields: Record<string, unknown>) => JSON.stringify({ symbol: 'SPY', action: 'BUY', confidence: 0.8, strategy_id: 'cli-test', timestamp: '2026-11-23T15:00:00Z', ...fields });

describe('sextant signal --broker paper', () => {
  beforeEach(async () => {
    expect((await cli('import', SPY_CSV, '--symbol', 'SPY')).code).toBe(0);
  });

  it('sizes, checks and fills against the last stored bar, says so, and stores the signal', async () => {
    const { code, stdout } = await cli('signal', '--broker', 'paper', '--json', signal({}), '--wait-fill', '5');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    // 10 % of 100,000 at the last close 350.58 → 28 shares (1 % risk to a 2 % stop would be 142).
    expect(out).toMatchObject({ status: 'filled', broker: 'paper', sized_qty: 28, filled_qty: 28, filled_avg_price: 350.58, risk: { approved: true } });
    expect(out.client_order_id).toMatch(/^sx-/);
    expect(out.broker_order_id).toMatch(/^paper-\d+$/);
    expect(out.risk.rules.map((r: { rule: string }) => r.rule)).toEqual(['trading_state', 'max_position_size', 'fat_finger', 'order_rate', 'max_daily_loss', 'max_portfolio_risk', 'max_correlation']);
    expect(Object.keys(out.latency_ms)).toEqual(['risk', 'submit', 'total']);
    expect(out.note).toBe('paper: simulated broker (the backtester\'s fill model) filling against the last stored bar of SPY (1Day bar of 2020-08-28T00:00:00.000Z, close 350.58, dataset 1)');
    expect(out).not.toHaveProperty('error');
    const db = openDatabase(dir);
    expect(db.prepare('SELECT source, status, client_order_id FROM signals WHERE id = ?').get(out.signal_id)).toEqual({ source: 'cli', status: 'filled', client_order_id: out.client_order_id });
    expect(db.prepare('SELECT status, filled_qty FROM orders WHERE client_order_id = ?').get(out.client_order_id)).toEqual({ status: 'filled', filled_qty: 28 });
    db.close();

    // The paper account lives on: a second run sells the 28 it holds.
    const sell = JSON.parse((await cli('signal', '--broker', 'paper', '--json', signal({ action: 'SELL' }), '--wait-fill', '5')).stdout);
    expect(sell).toMatchObject({ status: 'filled', filled_qty: 28, sized_qty: null });
  });

  it('exits 3 with the same JSON when risk refuses, naming every rule', async () => {
    const { code, stdout } = await cli('signal', '--broker', 'paper', '--json', signal({ quantity: 1000 }));
    expect(code).toBe(3);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ status: 'rejected_by_risk', risk: { approved: false }, filled_qty: 0, broker_order_id: null });
    expect(out.error).toBe('max_position_size: position after order 1000 × 350.58 = 350.58% of equity (limit 10.00%); max_portfolio_risk: risk to stops 7011.60 = 7.01% of equity (limit 5.00%)');
  });

  it('exits 2 on a signal that is not valid, saying which field', async () => {
    const result = await cli('signal', '--broker', 'paper', '--json', signal({ confidence: 1.5 }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/confidence/);
    expect(result.stdout).toBe('');
  });

  it('a HOLD is recorded and sends nothing', async () => {
    const { code, stdout } = await cli('signal', '--broker', 'paper', '--json', signal({ action: 'HOLD' }));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'held', client_order_id: null, risk: null });
  });

  it('as a process: exit code 3 on a refusal', () => {
    const run = spawnSync('npx', ['tsx', 'src/main/cli/index.ts', 'signal', '--broker', 'paper', '--json', signal({ quantity: 1000 }), '--data-dir', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, SEXTANT_LOG_LEVEL: 'warn' },
    });
    expect(run.status).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'rejected_by_risk' });
  });
});

describe('sextant signal --broker alpaca (the emulator)', () => {
  let emulator: AlpacaEmulator;

  beforeEach(async () => {
    emulator = await startAlpacaEmulator();
    emulator.control.setPrice('SPY', 500);
    for (const [name, value] of Object.entries(emulator.env())) vi.stubEnv(name, value);
  });

  afterEach(async () => {
    await emulator.close();
  });

  it('submits to Alpaca and waits for the fill', async () => {
    const { code, stdout } = await cli('signal', '--broker', 'alpaca', '--json', signal({ quantity: 3 }), '--wait-fill', '10');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ status: 'filled', broker: 'alpaca-paper', filled_qty: 3, filled_avg_price: 500 });
    expect(out.broker_order_id).toBe(emulator.control.orderByClientId(out.client_order_id)!.id);
    expect(out).not.toHaveProperty('note');
  });

  it("exits 3 with Alpaca's reason when Alpaca refuses", async () => {
    emulator.control.rest.rejectOrders(1, 403, { code: 40310000, message: 'insufficient buying power' });
    const { code, stdout } = await cli('signal', '--broker', 'alpaca', '--json', signal({ quantity: 3 }));
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'rejected_by_broker', error: 'rejected by broker: insufficient buying power (40310000)', risk: { approved: true } });
  });
});
