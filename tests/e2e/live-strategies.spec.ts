/**
 * The live strategies panel in the browser against the real web host: a strategy added to
 * trading.yaml shows up warmed up on the bundled SPY days, trades a paper replay (its last bar and
 * signal follow), and its Stop and Start buttons write `enabled` into the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { patchTradingConfig, readTradingConfig } from '../../src/shared/trading/trading-config-yaml';
import { expect, startWebHost, stopWebHost, test, type RunningWebHost } from './web-host.fixture';

const SHOTS = 'test-results/screenshots';

async function invoke<T>(host: RunningWebHost, name: string, input: unknown): Promise<T> {
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ipc?token=${host.token}`);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise<T>((resolve, reject) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { kind: string; id?: number; result?: { ok: boolean; value?: unknown; error?: unknown } };
        if (message.kind !== 'result' || message.id !== 1) return;
        if (message.result?.ok) resolve(message.result.value as T);
        else reject(new Error(JSON.stringify(message.result?.error)));
      });
      ws.send(JSON.stringify({ kind: 'invoke', id: 1, name, input }));
    });
  } finally {
    ws.close();
  }
}

function patchYaml(dataDir: string, patch: Record<string, unknown>): void {
  const file = path.join(dataDir, 'trading.yaml');
  const result = patchTradingConfig(fs.readFileSync(file, 'utf8'), patch);
  if (!result.ok) throw new Error(result.problems.map((p) => p.text).join('; '));
  fs.writeFileSync(`${file}.tmp`, result.text);
  fs.renameSync(`${file}.tmp`, file);
}

function enabledInFile(dataDir: string): boolean | undefined {
  const read = readTradingConfig(fs.readFileSync(path.join(dataDir, 'trading.yaml'), 'utf8'));
  return read.ok ? read.config.strategies['spy-trend']?.enabled : undefined;
}

async function openPanel(page: Page): Promise<void> {
  await page.getByRole('button', { name: '+ Panel' }).click();
  await page.getByRole('menuitem', { name: 'Live strategies' }).click();
  await expect(page.getByTestId('live-strategies')).toBeVisible();
}

// A web host of its own: this test changes trading.yaml, which the worker's shared host must not see.
let webHost: RunningWebHost;
test.beforeAll(async () => {
  webHost = await startWebHost();
});
test.afterAll(async () => {
  await stopWebHost(webHost);
});

test('a strategy of trading.yaml warms up, trades a paper replay, and is stopped and started from the panel', async ({ page, pageErrors }) => {
  test.setTimeout(90_000);
  await page.goto(webHost.url);
  await expect(page.getByTestId('connection')).toHaveText(/Connected/);
  await openPanel(page);
  await expect(page.getByTestId('strategies-empty')).toContainText('No strategy runs live yet');

  patchYaml(webHost.dataDir, {
    execution: { paper: { marketFill: 'next-open', commission: 'per-share:0.005,min:1' } },
    risk: { maxPositionPct: 25 },
    strategies: { 'spy-trend': { strategy: 'sma-cross', symbols: ['SPY'], timeframe: '1Day', parameters: { fast: 10, slow: 30 }, sizing: 'percent:20', warmupBars: 250 } },
  });
  const row = page.locator('[data-testid="strategy-row"][data-strategy="spy-trend"]');
  await expect(row).toHaveAttribute('data-state', 'waiting');
  await expect(row.getByTestId('strategy-warmup')).toContainText('250 bars');
  await page.getByTestId('live-strategies').screenshot({ path: `${SHOTS}/live-strategies-waiting.png` });

  // A paper replay of the bundled SPY days since 2019: the strategy is warmed up on the 250 days before.
  const datasets = await invoke<Array<{ dataset: number; symbol: string; timeframe: string; rows: number; source: string }>>(webHost, 'datasets.list', {});
  const spy = datasets.filter((d) => d.symbol === 'SPY' && d.timeframe === '1Day').sort((a, b) => b.rows - a.rows)[0]!;
  await invoke(webHost, 'trading.replay.start', { datasets: [spy.dataset], barsPerSecond: 400, from: Date.UTC(2019, 0, 1) });
  await expect(row).toHaveAttribute('data-state', 'running');
  await expect.poll(async () => ((await invoke<{ finished: boolean } | null>(webHost, 'trading.replay.status', {}))?.finished ?? false), { timeout: 60_000 }).toBe(true);
  await expect(row.getByTestId('strategy-last-bar')).toContainText('replay');
  await expect(row.getByTestId('strategy-last-signal')).toContainText(/(BUY|SELL) SPY → (accepted|filled|submitted)/);
  await expect(row.getByTestId('strategy-warmup')).toContainText('to 2018-12-31');
  await page.getByTestId('live-strategies').screenshot({ path: `${SHOTS}/live-strategies-running.png` });

  await row.getByTestId('strategy-stop').click();
  await expect(row).toHaveAttribute('data-state', 'disabled');
  expect(enabledInFile(webHost.dataDir)).toBe(false);
  await expect(row.getByTestId('strategy-start')).toBeVisible();
  await page.getByTestId('live-strategies').screenshot({ path: `${SHOTS}/live-strategies-stopped.png` });

  await row.getByTestId('strategy-start').click();
  await expect(row).toHaveAttribute('data-state', 'waiting');
  expect(enabledInFile(webHost.dataDir)).toBe(true);
  await page.screenshot({ path: `${SHOTS}/live-strategies-page.png` });

  // The settings' strategy card says what the entry runs.
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-strategies').click();
  await expect(page.getByTestId('strategy-spy-trend-runs')).toContainText('sma-cross on SPY (1Day), sizing percent:20, warm-up 250 bars');
  await page.getByTestId('strategy-spy-trend').screenshot({ path: `${SHOTS}/settings-strategies-live.png` });
  expect(pageErrors).toEqual([]);
});
