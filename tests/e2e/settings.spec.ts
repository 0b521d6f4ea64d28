/**
 * The trading settings and the signals log in the browser against the real web host: the risk
 * form writes trading.yaml and the change history, a bad value is shown with its key, an edit of
 * the file on disk shows up at once, live is refused without live keys, and with keys entered in
 * the UI (kept unencrypted by the web host, and said so) the typed-phrase confirmation switches
 * every window to LIVE and "Back to paper" switches back.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { openDatabase } from '../../src/main/storage/database';
import { SignalStore } from '../../src/main/storage/signal-store';
import type { Signal } from '../../src/shared/domain/signal';
import { readTradingConfig } from '../../src/shared/trading/trading-config-yaml';
import { expect, test } from './web-host.fixture';

const LIVE_KEY_ID = 'AKE2ETESTKEY0000WXYZ';
const LIVE_SECRET = 'e2eLiveSecret0123456789abcdefghijklmnopq';
const SHOTS = 'test-results/screenshots';

test.describe.configure({ mode: 'serial' });

const yamlOf = (dataDir: string) => fs.readFileSync(path.join(dataDir, 'trading.yaml'), 'utf8');

async function openSettings(page: Page, url: string, section: string) {
  await page.goto(url);
  await expect(page.getByTestId('connection')).toHaveText(/Connected/);
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('trading-settings')).toBeVisible();
  await page.getByTestId(`settings-tab-${section}`).click();
}

async function shot(page: Page, name: string, target?: string) {
  const element = target ? page.getByTestId(target) : null;
  if (element) await element.screenshot({ path: `${SHOTS}/${name}.png` });
  else await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** Replaces trading.yaml the way an editor saves: write a temporary file, rename it over. */
function saveYaml(dataDir: string, text: string) {
  const file = path.join(dataDir, 'trading.yaml');
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

test('a risk limit edited in the form is saved in trading.yaml and in the change history', async ({ webHost, page, pageErrors }) => {
  await openSettings(page, webHost.url, 'risk');
  const maxPosition = page.getByTestId('input-risk.maxPositionPct');
  await expect(maxPosition).toHaveValue('10');
  await expect(page.getByTestId('field-risk.maxPositionPct')).toContainText('% of equity');
  await expect(page.getByTestId('field-risk.maxPositionPct')).toContainText('default: 10 % of equity');
  await shot(page, 'settings-risk', 'trading-settings');

  await maxPosition.fill('8');
  // null turns a rule off.
  await page.getByTestId('toggle-risk.maxDailyLossPct').uncheck();
  await expect(page.getByTestId('input-risk.maxDailyLossPct')).toBeDisabled();
  await page.getByTestId('risk-save').click();
  await expect(page.getByTestId('risk-status')).toContainText('Saved to trading.yaml: risk.maxPositionPct, risk.maxDailyLossPct');
  const text = yamlOf(webHost.dataDir);
  expect(text).toMatch(/^ {2}maxPositionPct: 8$/m);
  expect(text).toMatch(/^ {2}maxDailyLossPct: null$/m);
  // The file's comments survive a save from the UI.
  expect(text).toContain('# Largest position, as % of equity');
  await shot(page, 'settings-risk-saved', 'trading-settings');

  await page.getByTestId('settings-tab-history').click();
  const row = page.locator('[data-testid="change-row"][data-key="risk.maxPositionPct"]').first();
  await expect(row).toContainText('app');
  await expect(row).toContainText('10');
  await expect(row).toContainText('8');
  await expect(page.locator('[data-testid="change-row"][data-key="risk.maxDailyLossPct"]').first()).toContainText('null (off)');
  await shot(page, 'settings-history', 'trading-settings');
  expect(pageErrors).toEqual([]);
});

test('a bad value is refused with its problem shown at the field, naming the key', async ({ webHost, page }) => {
  await openSettings(page, webHost.url, 'risk');
  const before = yamlOf(webHost.dataDir);
  await page.getByTestId('input-risk.maxPositionPct').fill('-5');
  await page.getByTestId('risk-save').click();
  const problem = page.getByTestId('problem-risk.maxPositionPct');
  await expect(problem).toContainText('risk.maxPositionPct');
  await expect(problem).toContainText("must be > 0, got -5");
  await expect(page.getByTestId('risk-status')).toContainText('Not saved');
  await shot(page, 'settings-risk-problem', 'trading-settings');

  await page.getByTestId('input-risk.maxPositionPct').fill('ten');
  await page.getByTestId('risk-save').click();
  await expect(problem).toContainText('"ten" is not a number');
  expect(yamlOf(webHost.dataDir)).toBe(before);
  await page.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByTestId('input-risk.maxPositionPct')).toHaveValue('8');
});

test('an edit of trading.yaml on disk shows up in the panel without a reload', async ({ webHost, page }) => {
  await openSettings(page, webHost.url, 'risk');
  const input = page.getByTestId('input-risk.maxPositionPct');
  await expect(input).toHaveValue('8');
  const good = yamlOf(webHost.dataDir);
  saveYaml(webHost.dataDir, good.replace(/^ {2}maxPositionPct: 8$/m, '  maxPositionPct: 6.5'));
  await expect(input).toHaveValue('6.5');

  // A broken edit: the panel says where and keeps the configuration in force.
  const broken = good.replace(/^ {2}maxPositionPct: 8$/m, '  maxPositionPct: ten');
  const line = broken.split('\n').findIndex((l) => l.includes('maxPositionPct: ten')) + 1;
  saveYaml(webHost.dataDir, broken);
  const banner = page.getByTestId('config-problems-banner');
  await expect(banner).toContainText(`trading.yaml line ${line}, risk.maxPositionPct`);
  await expect(input).toHaveValue('6.5');
  await shot(page, 'settings-problem-banner', 'trading-settings');
  await page.getByTestId('settings-tab-yaml').click();
  const problems = page.getByTestId('config-problems');
  await expect(problems).toContainText(`line ${line}`);
  await expect(problems).toContainText('risk.maxPositionPct');
  await expect(page.locator(`[data-line="${line}"]`)).toHaveClass(/has-problem/);
  await page.locator(`[data-line="${line}"]`).scrollIntoViewIfNeeded();
  await shot(page, 'settings-yaml-problem', 'trading-settings');

  saveYaml(webHost.dataDir, good.replace(/^ {2}maxPositionPct: 8$/m, '  maxPositionPct: 7'));
  await expect(banner).toBeHidden();
  await expect(page.getByTestId('raw-config-state')).toHaveText('In force');
  await expect(page.getByTestId('raw-config-text')).toContainText('maxPositionPct: 7');
  await page.getByTestId('settings-tab-history').click();
  await expect(page.locator('[data-testid="change-row"][data-key="risk.maxPositionPct"]').first()).toContainText('file edit');

  // Edits in the form while the file changes underneath: the save is refused as a conflict, then applied on request.
  await page.getByTestId('settings-tab-risk').click();
  await expect(input).toHaveValue('7');
  await page.getByTestId('input-risk.fatFingerPct').fill('4');
  saveYaml(webHost.dataDir, yamlOf(webHost.dataDir).replace(/^ {2}maxPositionPct: 7$/m, '  maxPositionPct: 9'));
  await expect(page.getByTestId('risk-status')).toContainText('changed on disk while you were editing');
  await page.getByTestId('risk-save').click();
  await expect(page.getByTestId('risk-conflict')).toBeVisible();
  await shot(page, 'settings-risk-conflict', 'trading-settings');
  await page.getByRole('button', { name: 'Apply my changes to the new file' }).click();
  await expect(page.getByTestId('risk-status')).toContainText('Saved to trading.yaml: risk.fatFingerPct');
  await expect(input).toHaveValue('9');
  expect(yamlOf(webHost.dataDir)).toMatch(/^ {2}fatFingerPct: 4$/m);
});

test('a strategy gets settings of its own, saved in trading.yaml, with bad values refused', async ({ webHost, page }) => {
  await openSettings(page, webHost.url, 'strategies');
  await page.getByTestId('add-strategy-id').fill('sma-cross');
  await page.getByRole('button', { name: 'Add strategy' }).click();
  const card = page.getByTestId('strategy-sma-cross');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('input-strategies.sma-cross.maxPositionPct')).toBeDisabled();
  await card.getByTestId('input-strategies.sma-cross.confidenceThreshold').fill('1.5');
  await card.getByTestId('strategy-sma-cross-save').click();
  await expect(card.getByTestId('problem-strategies.sma-cross.confidenceThreshold')).toContainText('strategies.sma-cross.confidenceThreshold');
  await card.getByTestId('input-strategies.sma-cross.confidenceThreshold').fill('0.6');
  await card.getByTestId('toggle-strategies.sma-cross.maxPositionPct').check();
  await card.getByTestId('input-strategies.sma-cross.maxPositionPct').fill('5');
  await card.getByTestId('strategy-sma-cross-save').click();
  await expect(card.getByTestId('strategy-sma-cross-status')).toContainText('Saved');
  const read = readTradingConfig(yamlOf(webHost.dataDir));
  expect(read.ok && read.config.strategies['sma-cross']).toEqual({ enabled: true, confidenceThreshold: 0.6, maxPositionPct: 5, maxPositionQty: null, parameters: {} });
  await shot(page, 'settings-strategies', 'trading-settings');
  await page.getByTestId('settings-tab-execution').click();
  await expect(page.getByTestId('broker-paper')).toBeChecked();
  await shot(page, 'settings-execution', 'trading-settings');
});

test('going live without live keys is refused with the reason and a way to the keys', async ({ webHost, page }) => {
  await openSettings(page, webHost.url, 'mode');
  await expect(page.getByTestId('mode-card')).toContainText('PAPER');
  await shot(page, 'settings-mode-paper', 'trading-settings');
  await page.getByTestId('go-live').click();
  const dialog = page.getByTestId('go-live-dialog');
  await expect(dialog).toContainText('Real money');
  await expect(page.getByTestId('go-live-refusal')).toContainText('live trading needs live Alpaca keys');
  await expect(page.getByTestId('live-phrase')).toHaveCount(0);
  await shot(page, 'go-live-refused');
  await page.getByTestId('go-to-live-keys').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('keys-live')).toHaveClass(/focused/);
  await expect(page.getByTestId('key-id-live')).toBeFocused();
  await expect(page.getByTestId('mode-badge')).toHaveText('PAPER');
});

test('live keys entered in the UI (unencrypted file, said so) and the typed phrase switch every window to LIVE and back', async ({ webHost, page, context }) => {
  await openSettings(page, webHost.url, 'keys');
  const secretsFile = path.join(webHost.dataDir, 'secrets.json');
  await expect(page.getByTestId('key-storage')).toContainText(`Stored unencrypted in ${secretsFile} because this is the web host`);
  await expect(page.getByTestId('key-status-live')).toContainText('No live keys');
  await page.getByTestId('key-id-live').fill(LIVE_KEY_ID);
  await page.getByTestId('secret-live').fill(LIVE_SECRET);
  await page.getByTestId('save-keys-live').click();
  await expect(page.getByTestId('key-status-live')).toContainText('…WXYZ');
  await expect(page.getByTestId('key-status-live')).toContainText('from file (unencrypted)');
  await expect(page.getByTestId('secret-live')).toHaveValue('');
  await shot(page, 'settings-keys', 'trading-settings');
  // Write-only: the secret is in the file the notice names and nowhere else.
  expect(JSON.parse(fs.readFileSync(secretsFile, 'utf8'))).toEqual({ 'alpaca.live.key_id': LIVE_KEY_ID, 'alpaca.live.secret_key': LIVE_SECRET });
  if (process.platform !== 'win32') expect(fs.statSync(secretsFile).mode & 0o777).toBe(0o600);
  expect(await page.content()).not.toContain(LIVE_SECRET);
  for (const file of fs.readdirSync(webHost.dataDir).filter((f) => f.startsWith('sextant.db'))) {
    const bytes = fs.readFileSync(path.join(webHost.dataDir, file)).toString('latin1');
    expect(bytes, file).not.toContain(LIVE_SECRET);
    expect(bytes, file).not.toContain(LIVE_KEY_ID);
  }

  await page.getByTestId('settings-tab-mode').click();
  await page.getByTestId('go-live').click();
  const phrase = (await page.getByTestId('live-phrase').textContent())!;
  expect(phrase).toMatch(/^GO LIVE [A-Z0-9]{6}$/);
  await expect(page.getByTestId('live-key-hint')).toHaveText('WXYZ');
  await expect(page.getByTestId('live-countdown')).toContainText(/Expires in [12]:\d\d/);
  const confirm = page.getByTestId('confirm-live');
  await expect(confirm).toBeDisabled();
  await page.getByTestId('live-phrase-input').fill('GO LIVE NOW');
  await expect(confirm).toBeDisabled();
  await page.getByTestId('live-phrase-input').fill(phrase.toLowerCase());
  await expect(confirm).toBeEnabled();
  await shot(page, 'go-live-confirm');
  await confirm.click();

  await expect(page.getByTestId('go-live-dialog')).toBeHidden();
  await expect(page.getByTestId('mode-badge')).toHaveText('LIVE');
  await expect(page.getByTestId('live-frame')).toBeVisible();
  await expect(page.getByTestId('mode-card')).toContainText('with real money');
  expect(yamlOf(webHost.dataDir)).toMatch(/^ {2}mode: live$/m);
  // Another window follows at once.
  const other = await context.newPage();
  await other.goto(webHost.url);
  await expect(other.getByTestId('mode-badge')).toHaveText('LIVE');
  await expect(other.getByTestId('live-frame')).toBeVisible();
  await shot(page, 'live-mode');

  await page.getByTestId('back-to-paper').click();
  await expect(page.getByTestId('mode-badge')).toHaveText('PAPER');
  await expect(page.getByTestId('live-frame')).toHaveCount(0);
  await expect(other.getByTestId('mode-badge')).toHaveText('PAPER');
  await expect(other.getByTestId('live-frame')).toHaveCount(0);
  expect(yamlOf(webHost.dataDir)).toMatch(/^ {2}mode: paper$/m);
  await page.getByTestId('settings-tab-history').click();
  await expect(page.locator('[data-testid="change-row"][data-key="mode.effective"]').first()).toContainText('live');
  await shot(page, 'settings-history-live', 'trading-settings');
  await other.close();
});

function seedSignal(store: SignalStore, symbol: string, strategyId: string, action: Signal['action'], at: number): number {
  const signal: Signal = { symbol, action, ...(action === 'HOLD' ? {} : { quantity: 10 }), confidence: 0.72, strategyId, timestamp: at };
  return store.recordReceived(signal, 'endpoint', at);
}

test('the signals log lists signals with their outcome and shows how to call the endpoint', async ({ webHost, page }) => {
  const db = openDatabase(webHost.dataDir);
  try {
    const store = new SignalStore(db);
    const now = Date.now();
    const filled = seedSignal(store, 'SPY', 'momo-1', 'BUY', now - 60_000);
    store.recordOutcome(
      filled,
      {
        status: 'filled',
        client_order_id: 'sx-momo-1-0001',
        broker_order_id: 'b-1',
        risk: { approved: true, rules: [{ rule: 'max-position-size', passed: true, detail: '4.1% of equity ≤ 10%' }] },
        filled_qty: 10,
        filled_avg_price: 512.25,
        latency_ms: { risk: 0.04, submit: 1.8, total: 2.3 },
      },
      now - 59_000,
    );
    const refused = seedSignal(store, 'QQQ', 'momo-1', 'BUY', now - 30_000);
    store.recordOutcome(
      refused,
      {
        status: 'rejected_by_risk',
        client_order_id: null,
        broker_order_id: null,
        risk: {
          approved: false,
          rules: [
            { rule: 'max-position-size', passed: false, detail: '12.4% of equity > 10%' },
            { rule: 'fat-finger', passed: true, detail: 'market order' },
          ],
        },
        filled_qty: 0,
        filled_avg_price: null,
        latency_ms: { risk: 0.05, submit: null, total: 0.3 },
      },
      now - 29_000,
    );
    store.recordInvalid({ symbol: 'spy', action: 'JUMP' }, 'endpoint', now - 10_000, 'action: must be BUY, SELL or HOLD, got "JUMP"');
  } finally {
    db.close();
  }

  await page.goto(webHost.url);
  await expect(page.getByTestId('connection')).toHaveText(/Connected/);
  // The log alone in the main area (the chart comes back at the end).
  await page.getByRole('button', { name: 'Close Chart' }).click();
  await page.getByRole('button', { name: 'Close Trading settings' }).click();
  await page.getByRole('button', { name: '+ Panel' }).click();
  await page.getByRole('menuitem', { name: 'Signals log' }).click();
  const log = page.getByTestId('signals-log');
  await expect(log).toBeVisible();
  const rows = log.getByTestId('signal-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveAttribute('data-status', 'invalid');
  await expect(rows.nth(0)).toContainText('must be BUY, SELL or HOLD');
  await expect(rows.nth(1)).toContainText('rejected by risk');
  await expect(rows.nth(1)).toContainText('max-position-size: 12.4% of equity > 10%');
  await expect(rows.nth(2)).toContainText('filled');
  await expect(rows.nth(2)).toContainText('2.3 ms');
  await rows.nth(1).click();
  const details = log.locator('[data-testid^="signal-details-"]');
  await expect(details).toContainText('✗ max-position-size 12.4% of equity > 10%');
  await expect(details).toContainText('✓ fat-finger market order');

  const endpoint = page.getByTestId('signal-endpoint');
  await expect(endpoint).toHaveAttribute('data-state', 'off');
  await expect(page.getByTestId('curl-example')).toContainText(`curl -sS -X POST http://127.0.0.1:8765/v1/signals`);
  await expect(page.getByTestId('curl-example')).toContainText(`$(cat '${path.join(webHost.dataDir, 'signal-endpoint.token')}')`);
  await page.getByText('How to send a signal').click();
  await expect(page.getByTestId('curl-example')).toBeVisible();
  await shot(page, 'signals-log');

  await page.getByTestId('filter-status').selectOption('rejected_by_risk');
  await expect(rows).toHaveCount(1);
  await page.getByTestId('filter-status').selectOption('');
  await page.getByTestId('filter-symbol').fill('spy');
  await page.getByTestId('filter-symbol').press('Enter');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('SPY');

  // The token is shown masked; copying asks main for it (and makes one the first time).
  await allowClipboard(page);
  await page.getByTestId('copy-token').click();
  await expect(page.getByTestId('copy-token')).toHaveText('Copied');
  const token = fs.readFileSync(path.join(webHost.dataDir, 'signal-endpoint.token'), 'utf8').trim();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await expect(page.getByTestId('endpoint-token')).toContainText(`••••${token.slice(-4)}`);
  expect(await page.getByTestId('signal-endpoint').textContent()).not.toContain(token);

  // Turned on: the trading service behind it is running, so it listens on loopback and takes a signal.
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-tab-execution').click();
  await page.getByTestId('toggle-endpoint').check();
  await page.getByTestId('execution-save').click();
  await expect(endpoint).toHaveAttribute('data-state', 'listening');
  await expect(endpoint).toContainText('127.0.0.1:8765');
  const answer = await page.request.post('http://127.0.0.1:8765/v1/signals', {
    headers: { authorization: `Bearer ${token}` },
    data: { symbol: 'SPY', action: 'HOLD', confidence: 0.5, strategy_id: 'e2e-endpoint', timestamp: Date.now() },
  });
  expect(answer.status()).toBe(200);
  expect(await answer.json()).toMatchObject({ type: 'outcome', status: 'held' });
  const refused = await page.request.post('http://127.0.0.1:8765/v1/signals', { data: { symbol: 'SPY' } });
  expect(refused.status()).toBe(401);
  await shot(page, 'signals-endpoint-listening', 'signals-log');
  await page.getByTestId('toggle-endpoint').uncheck();
  await page.getByTestId('execution-save').click();
  await expect(endpoint).toHaveAttribute('data-state', 'off');

  await page.getByRole('button', { name: 'Close Trading settings' }).click();
  await page.getByRole('button', { name: '+ Panel' }).click();
  await page.getByRole('menuitem', { name: 'Chart' }).click();
  await expect(page.locator('[data-panel-kind="chart"]')).toBeVisible();
});

async function allowClipboard(page: Page) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
}
