/**
 * Trading from the browser against the real web host on the offline paper broker (bundled SPY
 * data, last close 350.58 on 2020-08-28): the order ticket with its keys and risk preview, fills
 * into the blotters and the account bar (cash + positions = equity), a fat-finger refusal, cancel
 * and replace, the kill switch and its reset, a paper replay that fills an order on replayed bars,
 * blotters of thousands of rows that stay virtualised, and the LIVE ticket against an emulated
 * live Alpaca account. Screenshots of every state go to test-results/screenshots/trading-*.png.
 */
import type { Locator, Page } from '@playwright/test';
import { AlpacaEmulator, startAlpacaEmulator } from '../support/alpaca-emulator';
import { seedTradingHistory } from './trading-history-seed';
import { expect, startWebHost, stopWebHost, test, type RunningWebHost } from './web-host.fixture';

const SHOTS = 'test-results/screenshots';
const SPY_LAST = 350.58;

test.describe.configure({ mode: 'serial' });

let host: RunningWebHost;

test.beforeAll(async () => {
  host = await startWebHost();
});

test.afterAll(async () => {
  if (host) await stopWebHost(host);
});

// No view may fail quietly: an exception or a console error fails the test that caused it.
test.afterEach(({ pageErrors }) => {
  expect(pageErrors).toEqual([]);
});

async function shot(target: Page | Locator, name: string) {
  await target.screenshot({ path: `${SHOTS}/trading-${name}.png` });
}

async function open(page: Page, url = host.url) {
  await page.goto(url);
  await expect(page.getByTestId('connection')).toHaveText(/Connected/);
  await expect(page.getByTestId('trading-state')).toHaveAttribute('data-state', 'ACTIVE');
  await expect(page.getByTestId('order-ticket')).toBeVisible();
}

async function value(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).getAttribute('data-value');
  expect(text, `${testId} has a value`).not.toBe('');
  return Number(text);
}

async function expectAccount(page: Page, expected: { cash: number; positions: number }) {
  await expect.poll(async () => value(page, 'account-cash')).toBeCloseTo(expected.cash, 6);
  await expect.poll(async () => value(page, 'account-positions')).toBeCloseTo(expected.positions, 6);
  const [cash, positions, equity] = [await value(page, 'account-cash'), await value(page, 'account-positions'), await value(page, 'account-equity')];
  expect(cash + positions).toBeCloseTo(equity, 6);
}

function verdict(page: Page, rule: string): Locator {
  return page.getByTestId('preview-verdicts').locator(`[data-rule="${rule}"]`);
}

async function showTab(page: Page, kind: 'positions' | 'orders' | 'fills') {
  await page.getByTestId(`dock-tab-${kind}`).click();
  await expect(page.getByTestId(kind)).toBeVisible();
}

/** Fills in a ticket (the symbol is the window's: SPY). */
async function ticket(page: Page, fields: { side?: 'buy' | 'sell'; type?: string; qty?: string; limit?: string; tif?: string }) {
  const t = page.getByTestId('order-ticket');
  await page.keyboard.press('Escape');
  if (fields.side) await t.getByTestId(`ticket-side-${fields.side}`).click();
  if (fields.type) await t.getByTestId('ticket-type').selectOption(fields.type);
  if (fields.tif) await t.getByTestId('ticket-tif').selectOption(fields.tif);
  if (fields.qty) await t.getByTestId('ticket-qty').fill(fields.qty);
  if (fields.limit) await t.getByTestId('ticket-limit').fill(fields.limit);
}

test('a market buy from the ticket with its keys: risk preview, fill, position, fill row, account; then the position closed', async ({ page }) => {
  await open(page);
  const t = page.getByTestId('order-ticket');
  await expect(t.getByTestId('ticket-symbol')).toHaveValue('SPY');
  await expect(page.getByTestId('broker')).toHaveText('Paper (offline simulator)');
  await expect(page.getByTestId('stream-offline')).toBeVisible();
  await expectAccount(page, { cash: 100_000, positions: 0 });
  await expect(t.getByTestId('ticket-last-price')).toHaveAttribute('data-value', String(SPY_LAST));
  await shot(t, 'ticket-empty');

  // S and B choose the side when no text field has the focus.
  await page.keyboard.press('s');
  await expect(t).toHaveAttribute('data-side', 'sell');
  await page.keyboard.press('b');
  await expect(t).toHaveAttribute('data-side', 'buy');
  // ...and type into text fields, another panel's included.
  await showTab(page, 'orders');
  await page.getByTestId('orders-symbol-filter').pressSequentially('SPY');
  await expect(page.getByTestId('orders-symbol-filter')).toHaveValue('SPY');
  await expect(t).toHaveAttribute('data-side', 'buy');
  await page.getByTestId('orders-symbol-filter').fill('');

  await t.getByTestId('ticket-qty').fill('10');
  const preview = t.getByTestId('risk-preview');
  await expect(preview).toHaveAttribute('data-state', 'approved');
  await expect(preview).toContainText('All 7 rules pass');
  await expect(t.getByTestId('verdict')).toHaveCount(7);
  for (const rule of ['trading_state', 'max_position_size', 'fat_finger', 'order_rate', 'max_daily_loss', 'max_portfolio_risk', 'max_correlation']) {
    await expect(verdict(page, rule)).toHaveAttribute('data-passed', 'true');
  }
  await expect(verdict(page, 'max_position_size')).toContainText('10 × 350.58 = 3.51% of equity (limit 10.00%)');
  await expect(t.getByTestId('estimated-cost')).toHaveText('Est. cost $3,505.80 · 10 × 350.58 (last)');
  // The preview follows the fields.
  await t.getByTestId('ticket-qty').fill('20');
  await expect(verdict(page, 'max_position_size')).toContainText('20 × 350.58 = 7.01% of equity');
  await expect(t.getByTestId('estimated-cost')).toContainText('$7,011.60');
  await t.getByTestId('ticket-qty').fill('10');
  await expect(t.getByTestId('estimated-cost')).toContainText('$3,505.80');
  await expect(t.getByTestId('ticket-submit')).toHaveText('BUY 10 SPY MARKET DAY');
  await shot(t, 'ticket-preview');

  // Ctrl+Enter from inside the ticket's quantity field sends it.
  await t.getByTestId('ticket-qty').press('Control+Enter');
  const outcome = t.getByTestId('ticket-outcome');
  await expect(outcome).toHaveAttribute('data-status', 'filled');
  await expect(outcome).toContainText('Filled 10 @ 350.58');
  await expect(outcome).toContainText('BUY 10 SPY MARKET DAY');
  await shot(t, 'ticket-filled');

  await showTab(page, 'positions');
  const position = page.getByTestId('position-row');
  await expect(position).toHaveCount(1);
  await expect(position).toHaveAttribute('data-symbol', 'SPY');
  await expect(position).toHaveAttribute('data-qty', '10');
  await expect(position).toContainText('350.58');
  await expect(position).toContainText('$3,505.80');
  await expect(page.getByTestId('dock-tab-positions')).toContainText('1');
  await expectAccount(page, { cash: 100_000 - 3505.8, positions: 3505.8 });
  expect(await value(page, 'account-equity')).toBeCloseTo(100_000, 6);
  await shot(page.getByTestId('dock'), 'positions');
  await shot(page.getByTestId('account-bar'), 'account-bar-active');

  await showTab(page, 'fills');
  const fill = page.getByTestId('fill-row');
  await expect(fill).toHaveCount(1);
  await expect(fill.first()).toHaveAttribute('data-side', 'buy');
  await expect(fill.first()).toHaveAttribute('data-qty', '10');
  await expect(fill.first()).toHaveAttribute('data-price', String(SPY_LAST));

  // The order, filled, with the risk verdicts recorded when it was sent.
  await showTab(page, 'orders');
  await page.getByTestId('orders-scope-all').click();
  const order = page.getByTestId('order-row').first();
  await expect(order).toHaveAttribute('data-status', 'filled');
  await expect(order).toContainText('10/10');
  await order.getByTestId('order-risk').click();
  const risk = page.getByTestId('order-risk-dialog');
  await expect(risk.getByTestId('order-risk-verdict')).toHaveText('Approved while trading was ACTIVE');
  await expect(risk.getByTestId('verdict')).toHaveCount(7);
  await shot(risk, 'order-risk-dialog');
  await page.keyboard.press('Escape');
  await expect(risk).toBeHidden();

  // Close the position: the button asks again in place.
  await showTab(page, 'positions');
  await page.getByTestId('close-SPY').click();
  await expect(page.getByTestId('close-SPY')).toHaveText('Confirm close');
  await page.getByTestId('close-SPY').click();
  await expect(page.getByTestId('positions-message')).toContainText('SELL 10 SPY at market');
  await expect(page.getByTestId('position-row')).toHaveCount(0);
  await expectAccount(page, { cash: 100_000, positions: 0 });
  await showTab(page, 'fills');
  await expect(page.getByTestId('fill-row')).toHaveCount(2);
  await expect(page.getByTestId('fill-row').first()).toHaveAttribute('data-side', 'sell');
  await shot(page.getByTestId('dock'), 'fills');
});

test('a limit far from the last price is refused by the fat-finger rule, which the ticket names', async ({ page }) => {
  await open(page);
  const t = page.getByTestId('order-ticket');
  await ticket(page, { type: 'limit', qty: '1', limit: '500' });
  await expect(t.getByTestId('risk-preview')).toHaveAttribute('data-state', 'refused');
  await expect(t.getByTestId('risk-preview')).toContainText('1 of 7 rules fails');
  await expect(verdict(page, 'fat_finger')).toHaveAttribute('data-passed', 'false');
  await expect(verdict(page, 'fat_finger')).toContainText('limit 500 is 42.62% from last 350.58 (band 5.00%)');
  await expect(t.getByTestId('estimated-cost')).toContainText('1 × 500.00 (limit)');
  await t.getByTestId('ticket-submit').click();
  const outcome = t.getByTestId('ticket-outcome');
  await expect(outcome).toHaveAttribute('data-status', 'rejected_by_risk');
  await expect(outcome).toContainText('Rejected by risk: fat_finger');
  await expect(outcome).toContainText('fat_finger: limit 500 is 42.62% from last 350.58 (band 5.00%)');
  await shot(t, 'ticket-rejected');

  // Nothing reached the broker; the refusal is in the journal with its reason.
  await showTab(page, 'orders');
  await page.getByTestId('orders-scope-all').click();
  const refused = page.locator('[data-testid="order-row"][data-status="rejected"]');
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText('fat_finger');
  await expectAccount(page, { cash: 100_000, positions: 0 });

  // An invalid ticket says what is wrong at the field, and sends nothing.
  await ticket(page, { type: 'stop_limit', qty: '1' });
  await t.getByTestId('ticket-submit').click();
  await expect(t.getByTestId('ticket-stop-problem')).toHaveText('Enter a stop price');
  await expect(t.getByTestId('ticket-limit-problem')).toHaveText('Enter a limit price');
  await expect(t.getByTestId('ticket-outcome')).toHaveCount(0);
  await shot(t, 'ticket-invalid');
});

test('an open limit order is replaced and canceled from the orders blotter; cancel all asks first', async ({ page }) => {
  await open(page);
  const t = page.getByTestId('order-ticket');
  await ticket(page, { type: 'limit', qty: '5', limit: '340', tif: 'gtc' });
  await expect(t.getByTestId('risk-preview')).toHaveAttribute('data-state', 'approved');
  await t.getByTestId('ticket-submit').click();
  await expect(t.getByTestId('ticket-outcome')).toHaveAttribute('data-status', 'accepted');

  await showTab(page, 'orders');
  await page.getByTestId('orders-scope-open').click();
  const rows = page.getByTestId('order-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-status', 'accepted');
  await expect(rows.first()).toContainText('340.00');
  await expect(page.getByTestId('dock-tab-orders')).toContainText('1');

  await rows.first().getByTestId('order-replace').click();
  const replace = page.getByTestId('replace-dialog');
  await expect(replace.getByTestId('replace-limitPrice')).toHaveValue('340');
  await replace.getByTestId('replace-limitPrice').fill('341.5');
  await shot(replace, 'replace-dialog');
  await replace.getByTestId('replace-submit').click();
  await expect(replace).toBeHidden();
  await expect(page.getByTestId('orders-message')).toContainText('replaced by');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('341.50');
  await expect(rows.first()).toHaveAttribute('data-status', 'accepted');

  await rows.first().getByTestId('order-cancel').click();
  await expect(rows).toHaveCount(0);
  await page.getByTestId('orders-scope-all').click();
  await expect(page.locator('[data-testid="order-row"][data-status="canceled"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="order-row"][data-status="replaced"]')).toHaveCount(1);

  // Two more, then Cancel all through its confirmation.
  for (const limit of ['338', '339']) {
    await ticket(page, { type: 'limit', qty: '2', limit, tif: 'gtc' });
    await t.getByTestId('ticket-submit').click();
    await expect(t.getByTestId('ticket-outcome')).toHaveAttribute('data-status', 'accepted');
  }
  await page.getByTestId('orders-scope-open').click();
  await expect(rows).toHaveCount(2);
  await shot(page.getByTestId('dock'), 'orders-working');
  await page.getByTestId('cancel-all').click();
  const dialog = page.getByTestId('cancel-all-dialog');
  await expect(dialog).toContainText('every working order (2)');
  await shot(dialog, 'cancel-all-dialog');
  await dialog.getByTestId('cancel-all-dialog-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(0);
  await expect(page.getByTestId('orders-message')).toHaveText('Cancel asked for 2 orders');
});

test('the kill switch cancels, flattens and halts after a confirmation; Reset brings trading back', async ({ page }) => {
  await open(page);
  const t = page.getByTestId('order-ticket');
  await ticket(page, { qty: '10' });
  await t.getByTestId('ticket-submit').click();
  await expect(t.getByTestId('ticket-outcome')).toHaveAttribute('data-status', 'filled');
  await ticket(page, { type: 'limit', qty: '2', limit: '340', tif: 'gtc' });
  await t.getByTestId('ticket-submit').click();
  await expect(t.getByTestId('ticket-outcome')).toHaveAttribute('data-status', 'accepted');
  await showTab(page, 'positions');
  await expect(page.getByTestId('position-row')).toHaveCount(1);

  await page.getByTestId('kill-switch').click();
  const dialog = page.getByTestId('kill-switch-dialog');
  await expect(dialog).toContainText('Cancel the working order');
  await expect(dialog).toContainText('Flatten the position at market: SPY +10');
  await dialog.getByTestId('kill-switch-reason').fill('e2e drill');
  await shot(page, 'kill-switch-dialog');
  await dialog.getByTestId('kill-switch-confirm').click();
  const report = dialog.getByTestId('kill-switch-report');
  await expect(report).toContainText('1 working order asked to cancel');
  await expect(report).toContainText('Flatten SELL 10 SPY at market');
  await shot(dialog, 'kill-switch-report');
  await dialog.getByTestId('kill-switch-done').click();

  const state = page.getByTestId('trading-state');
  await expect(state).toHaveAttribute('data-state', 'HALTED');
  await expect(state).toContainText('kill switch: e2e drill');
  await expect(page.getByTestId('position-row')).toHaveCount(0);
  await expectAccount(page, { cash: 100_000, positions: 0 });
  await showTab(page, 'orders');
  await page.getByTestId('orders-scope-open').click();
  await expect(page.getByTestId('order-row')).toHaveCount(0);

  // Halted: a new buy is refused by the trading-state rule, named.
  await ticket(page, { qty: '1' });
  await expect(verdict(page, 'trading_state')).toHaveAttribute('data-passed', 'false');
  await t.getByTestId('ticket-submit').click();
  await expect(t.getByTestId('ticket-outcome')).toHaveAttribute('data-status', 'rejected_by_risk');
  await expect(t.getByTestId('ticket-outcome')).toContainText('trading_state');
  await shot(page, 'halted');
  await shot(page.getByTestId('account-bar'), 'account-bar-halted');

  await page.getByTestId('reset-halt').click();
  await expect(state).toHaveAttribute('data-state', 'ACTIVE');
  await expect(page.getByTestId('reset-halt')).toHaveCount(0);
  await expect(verdict(page, 'trading_state')).toHaveAttribute('data-passed', 'true');
});

test('paper replay: orders placed while it runs fill at the replayed prices, shown as it runs', async ({ page }) => {
  await open(page);
  const t = page.getByTestId('order-ticket');
  const replay = t.getByTestId('replay');
  await replay.locator('summary').click();
  await expect(replay.getByTestId('replay-dataset').locator('option:checked')).toHaveText('SPY 1Day');
  await replay.getByTestId('replay-speed').selectOption('5');
  await replay.getByTestId('replay-from').selectOption('year');
  await shot(t, 'replay-controls');
  await replay.getByTestId('replay-start').click();
  await expect(replay).toHaveAttribute('data-running', 'true');
  await expect(page.getByTestId('replay-chip')).toContainText(/Replay 2019-\d\d-\d\d/);
  // The ticket's last price follows the replayed bars (SPY traded near 290 a year before the data ends),
  // and the chart shows the bars up to the replayed one, not the ones still to come.
  await expect.poll(async () => Number(await t.getByTestId('ticket-last-price').getAttribute('data-value'))).toBeLessThan(320);
  const chart = page.getByTestId('chart');
  await expect(chart.getByTestId('chart-replay')).toContainText(/Replay · 2019-/);
  await expect.poll(async () => Number(await chart.getAttribute('data-bars'))).toBeLessThan(5241 - 200);
  await expect.poll(async () => Number(await chart.getAttribute('data-bars'))).toBeGreaterThan(4900);

  await ticket(page, { qty: '2' });
  await t.getByTestId('ticket-submit').click();
  await expect(t.getByTestId('ticket-outcome')).toHaveAttribute('data-status', 'filled');
  await expect.poll(async () => Number(await replay.getByTestId('replay-progress').getAttribute('data-done'))).toBeGreaterThan(5);
  await showTab(page, 'fills');
  // Stamped with the replayed time, so it sorts below today's fills.
  const fill = page.locator('[data-testid="fill-row"][data-qty="2"]');
  await expect(fill).toHaveCount(1);
  await expect(fill).toHaveAttribute('data-side', 'buy');
  const price = Number(await fill.getAttribute('data-price'));
  expect(price).toBeLessThan(320);
  await expect(fill).toContainText('2019');
  await showTab(page, 'positions');
  await expect(page.getByTestId('position-row')).toHaveAttribute('data-qty', '2');
  await shot(page, 'replay-running');

  await replay.getByTestId('replay-stop').click();
  await expect(replay).toHaveAttribute('data-running', 'false');
  await expect(page.getByTestId('replay-chip')).toHaveCount(0);
  await expect(chart).toHaveAttribute('data-bars', '5241');
  const [cash, positions, equity] = [await value(page, 'account-cash'), await value(page, 'account-positions'), await value(page, 'account-equity')];
  expect(cash + positions).toBeCloseTo(equity, 6);
  expect(cash).toBeCloseTo(100_000 - 2 * price, 6);
  await shot(t, 'ticket-replay');

  // Close all, after its confirmation.
  await showTab(page, 'positions');
  await page.getByTestId('close-all').click();
  const closeAll = page.getByTestId('close-all-dialog');
  await expect(closeAll).toContainText('SELL 2 SPY');
  await shot(closeAll, 'close-all-dialog');
  await closeAll.getByTestId('close-all-dialog-confirm').click();
  await expect(closeAll).toBeHidden();
  await expect(page.getByTestId('positions-message')).toHaveText('1 market order sent to close');
  await expect(page.getByTestId('position-row')).toHaveCount(0);
  await expectAccount(page, { cash: (await value(page, 'account-equity')), positions: 0 });
});

test('blotters of thousands of orders and fills stay virtualised and sortable', async ({ page }) => {
  const dataDir = await seedTradingHistory(1500);
  const seeded = await startWebHost(dataDir);
  try {
    await open(page, seeded.url);
    await showTab(page, 'orders');
    await page.getByTestId('orders-scope-all').click();
    await expect(page.getByTestId('orders-history')).toHaveAttribute('data-state', 'complete');
    const table = page.getByTestId('orders-table');
    await expect(table).toHaveAttribute('data-rows', '3000');
    const domRows = await page.getByTestId('order-row').count();
    expect(domRows).toBeGreaterThan(5);
    expect(domRows).toBeLessThan(80);
    await shot(page.getByTestId('dock'), 'orders-3000');

    // The oldest row is reachable by scrolling, and still only a window of rows is in the page.
    await table.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(page.locator('[data-testid="order-row"][aria-rowindex="3001"]')).toBeVisible();
    expect(await page.getByTestId('order-row').count()).toBeLessThan(80);

    // Sorting by side puts every buy first (ascending), then flips.
    await table.evaluate((el) => (el.scrollTop = 0));
    await page.getByTestId('sort-side').click();
    await expect(page.locator('[data-testid="order-row"][aria-rowindex="2"]')).toContainText('BUY');
    await page.getByTestId('sort-side').click();
    await expect(page.locator('[data-testid="order-row"][aria-rowindex="2"]')).toContainText('SELL');

    await showTab(page, 'fills');
    await expect(page.getByTestId('fills-history')).toHaveAttribute('data-state', 'complete');
    await expect(page.getByTestId('fills-table')).toHaveAttribute('data-rows', '3000');
    await expect(page.getByTestId('fills-summary')).toContainText('3,000 fills');
    expect(await page.getByTestId('fill-row').count()).toBeLessThan(80);
    await shot(page.getByTestId('dock'), 'fills-3000');
    // Seeded round trips leave the account flat: cash + positions = equity still.
    await expectAccount(page, { cash: 100_000, positions: 0 });
  } finally {
    await stopWebHost(seeded);
  }
});

test('LIVE: the ticket says so, every order is confirmed, and the streams show their state', async ({ page }) => {
  const keys = { keyId: 'AKE2ELIVETEST0000001', secret: 'e2e-live-secret-0123456789abcdef' };
  const emulator: AlpacaEmulator = await startAlpacaEmulator({ keys, initialCash: 50_000 });
  emulator.control.setPrice('SPY', 350);
  emulator.control.setMarketOpen(true);
  const live = await startWebHost(undefined, emulator.env());
  try {
    await page.goto(live.url);
    await expect(page.getByTestId('connection')).toHaveText(/Connected/);
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-tab-mode').click();
    await page.getByTestId('go-live').click();
    const phrase = (await page.getByTestId('live-phrase').textContent())!;
    await page.getByTestId('live-phrase-input').fill(phrase);
    await page.getByTestId('confirm-live').click();
    await expect(page.getByTestId('mode-badge')).toHaveText('LIVE');
    await page.getByRole('button', { name: 'Close Trading settings' }).click();

    await expect(page.getByTestId('broker')).toHaveText('Alpaca LIVE');
    await expect(page.getByTestId('trading-state')).toHaveAttribute('data-state', 'ACTIVE');
    await expect(page.getByTestId('stream-trading')).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('stream-market-data')).toHaveAttribute('data-state', 'connected');
    await expect.poll(async () => value(page, 'account-cash')).toBe(50_000);

    const t = page.getByTestId('order-ticket');
    await expect(t).toHaveAttribute('data-mode', 'live');
    await expect(t.getByTestId('ticket-live-warning')).toContainText('real money');
    await t.getByTestId('ticket-qty').fill('3');
    await expect(t.getByTestId('risk-preview')).toHaveAttribute('data-state', 'approved');
    await expect(t.getByTestId('ticket-submit')).toHaveText('Send LIVE: BUY 3 SPY MARKET DAY');
    await shot(page, 'live');
    await shot(t, 'ticket-live');

    await t.getByTestId('ticket-qty').press('Control+Enter');
    const confirm = page.getByTestId('live-order-dialog');
    await expect(confirm.getByTestId('live-order-line')).toHaveText('BUY 3 SPY MARKET DAY');
    await expect(confirm).toContainText('real money');
    await shot(confirm, 'live-confirm');
    // Nothing was sent before the confirmation.
    expect(emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders')).toHaveLength(0);
    await confirm.getByTestId('live-order-dialog-confirm').click();
    await expect(t.getByTestId('ticket-outcome')).toHaveAttribute('data-status', 'filled');
    await expect(t.getByTestId('ticket-outcome')).toContainText('Filled 3 @ 350.00');
    expect(emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders')).toHaveLength(1);
    await showTab(page, 'positions');
    await expect(page.getByTestId('position-row')).toHaveAttribute('data-qty', '3');

    // The broker's market-data stream keeps dropping: the indicator says so (the reason on hover), then recovers.
    const stream = page.getByTestId('stream-market-data');
    const dropping = setInterval(() => emulator.control.data.dropConnections(), 100);
    try {
      await expect(stream).not.toHaveAttribute('data-state', 'connected');
      expect(await stream.getAttribute('title')).toMatch(/^Market data stream: (reconnecting|connecting)/);
      await shot(page.getByTestId('account-bar'), 'account-bar-live-reconnecting');
    } finally {
      clearInterval(dropping);
    }
    await expect(stream).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    await shot(page.getByTestId('account-bar'), 'account-bar-live');
  } finally {
    await stopWebHost(live);
    await emulator.close();
  }
});
