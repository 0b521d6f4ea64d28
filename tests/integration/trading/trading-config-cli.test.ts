import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bus } from '../../../src/main/bus';
import { runCli } from '../../../src/main/cli/index';
import { parseKeyPath, patchFromAssignments } from '../../../src/main/cli/commands/trading-config';
import { createLogger } from '../../../src/main/log';
import { openDatabase } from '../../../src/main/storage/database';
import { TradingConfigService } from '../../../src/main/trading/config/trading-config-service';
import { DEFAULT_TRADING_CONFIG_TEXT } from '../../../src/shared/trading/default-trading-config';

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(argv, { stdout: (t) => (out += t), log: createLogger({ write: () => {} }) });
  return { code, out };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sx-tcfg-cli-'));
}

describe('sextant trading-config', () => {
  it('reads key paths with dots and quoted ids', () => {
    expect(parseKeyPath('risk.orderRate.maxOrders')).toEqual(['risk', 'orderRate', 'maxOrders']);
    expect(parseKeyPath('strategies["my.id"].enabled')).toEqual(['strategies', 'my.id', 'enabled']);
    expect(() => parseKeyPath('risk..x')).toThrow(/not a key path/);
    expect(patchFromAssignments(['risk.maxPositionPct=8', 'risk.orderRate=null', 'strategies.a.parameters={fast: 3}', 'execution.signalEndpoint.enabled=true'])).toEqual({
      risk: { maxPositionPct: 8, orderRate: null },
      strategies: { a: { parameters: { fast: 3 } } },
      execution: { signalEndpoint: { enabled: true } },
    });
    expect(() => patchFromAssignments(['risk.maxPositionPct'])).toThrow(/is not KEY=VALUE/);
  });

  it('sets keys in trading.yaml, keeping its comments, and records the change by cli', async () => {
    const dir = tempDir();
    const set = await cli('trading-config', 'set', 'risk.maxPositionPct=8', 'strategies.momo.enabled=false', '--data-dir', dir, '--json');
    expect(set.code).toBe(0);
    const result = JSON.parse(set.out);
    expect(result.changes.map((c: { actor: string; path: string; after: unknown }) => [c.actor, c.path, c.after])).toEqual([
      ['cli', 'risk.maxPositionPct', 8],
      ['cli', 'strategies.momo.enabled', false],
      ['cli', 'strategies.momo.confidenceThreshold', 0],
      ['cli', 'strategies.momo.maxPositionPct', null],
      ['cli', 'strategies.momo.maxPositionQty', null],
    ]);
    const text = fs.readFileSync(path.join(dir, 'trading.yaml'), 'utf8');
    expect(text).toContain('  # Largest position, as % of equity, valued at the order\'s price.\n  maxPositionPct: 8\n');
    const changes = await cli('trading-config', 'changes', '--data-dir', dir, '--json');
    expect(JSON.parse(changes.out)).toHaveLength(5);
  });

  it('refuses a bad value with exit code 2 and leaves the file alone', async () => {
    const dir = tempDir();
    expect((await cli('trading-config', 'set', 'risk.maxPositionPct=8', '--data-dir', dir)).code).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'trading.yaml'), 'utf8');
    expect((await cli('trading-config', 'set', 'risk.maxPositionPct=ten', '--data-dir', dir)).code).toBe(2);
    expect((await cli('trading-config', 'set', 'execution.mode=yolo', '--data-dir', dir)).code).toBe(2);
    expect((await cli('trading-config', 'frobnicate', '--data-dir', dir)).code).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'trading.yaml'), 'utf8')).toBe(before);
  });

  it('checks the file, naming line and key of each problem', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'trading.yaml'), DEFAULT_TRADING_CONFIG_TEXT);
    const good = await cli('trading-config', 'check', '--data-dir', dir, '--json');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out)).toMatchObject({ valid: true, config: { risk: { maxPositionPct: 10 } } });
    fs.writeFileSync(path.join(dir, 'trading.yaml'), 'risk:\n  maxPositionPct: ten\n');
    const bad = await cli('trading-config', 'check', '--data-dir', dir);
    expect(bad.code).toBe(2);
    expect(bad.out.trim()).toBe('trading.yaml line 2, risk.maxPositionPct: must be a number > 0 and ≤ 1000, or null, got "ten"');
  });

  it('a change by the CLI reaches the running app, recorded once', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const bus = new Bus();
    const app = await TradingConfigService.open({ dataDir: dir, db, bus, log: createLogger({ write: () => {} }), debounceMs: 30 });
    try {
      const applied = new Promise<unknown>((resolve) => bus.on('trading.config.applied', ({ config }) => resolve(config.risk.maxPositionPct)));
      expect((await cli('trading-config', 'set', 'risk.maxPositionPct=6', '--data-dir', dir)).code).toBe(0);
      expect(await applied).toBe(6);
      expect(app.changes().map((c) => [c.actor, c.path])).toEqual([['cli', 'risk.maxPositionPct']]);
    } finally {
      await app.close();
      db.close();
    }
  });
});
