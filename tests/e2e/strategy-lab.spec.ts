/**
 * The strategy lab in the browser against the real web host and its worker pool: a backtest of
 * sma-cross on the bundled SPY bars (progress to the end, every metric, equity and drawdown drawn,
 * trades marked on the price chart, as many trade rows as the engine made, a trade click zooms),
 * a long optimisation cancelled, a small one drawn as a heatmap with its best cell, and two runs
 * compared. Screenshots of every state go to test-results/screenshots/lab-*.png.
 */
import type { Page } from '@playwright/test';
import { DatasetStore } from '../../src/main/market/dataset-store';
import { openDatabase } from '../../src/main/storage/database';
import { runBacktest } from '../../src/shared/backtest/run-backtest';
import { colorPixels } from './canvas-pixels';
import { expect, test } from './web-host.fixture';

const SHOTS = 'test-results/screenshots';
const LINE = '#5a8cff';
const DOWN = '#ef5350';
const UP = '#26a69a';
const BUY = '#4fc3f7';
const SELL = '#ffb74d';

test.describe.configure({ mode: 'serial' });

async function openLab(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId('connection')).toHaveText(/Connected/);
  // The saved layout first: whether the lab is already open depends on it.
  await expect(page.locator('.workspace-loading')).toHaveCount(0);
  await expect(page.locator('section.panel').first()).toBeVisible();
  // The lab needs the room: close the other main panels (the chart the workstation opens with,
  // panels other tests left in the saved layout).
  const others = page.locator('main section.panel:not([data-panel-kind="strategy-lab"]) .panel-actions button[aria-label^="Close"]');
  while ((await others.count()) > 0) await others.first().click();
  const lab = page.getByTestId('strategy-lab');
  if (!(await lab.isVisible())) {
    await page.getByRole('button', { name: '+ Panel' }).click();
    await page.getByRole('menuitem', { name: 'Strategy lab' }).click();
  }
  await expect(lab).toBeVisible();
  // The panel reopens on the tab it was left on (a setting of the saved layout).
  await page.getByTestId('lab-tab-backtest').click();
  await expect(page.getByTestId('lab-strategy')).toBeVisible();
  return lab;
}

async function setParams(page: Page, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) await page.getByTestId(`param-${name}`).fill(value);
}

/** The searched parameters' ranges (start, stop, step) across and up. */
async function setRanges(page: Page, x: [string, string, string], y: [string, string, string]) {
  for (const [axis, range] of [['x', x], ['y', y]] as const) {
    await page.getByTestId(`axis-${axis}-start`).fill(range[0]);
    await page.getByTestId(`axis-${axis}-stop`).fill(range[1]);
    await page.getByTestId(`axis-${axis}-step`).fill(range[2]);
  }
}

async function runBacktestAndWait(page: Page) {
  await page.getByTestId('run-backtest').click();
  const job = page.getByTestId('lab-job');
  await expect(job).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
  return job;
}

/** The engine run directly on the dataset the lab ran: what the lab must show. */
function engineRun(dataDir: string, dataset: number, fast: number, slow: number) {
  const db = openDatabase(dataDir);
  try {
    const store = new DatasetStore(db);
    return runBacktest({ data: [{ symbol: 'SPY', bars: store.bars(dataset) }], strategy: { name: 'sma-cross', params: { fast, slow } } });
  } finally {
    db.close();
  }
}

test('a backtest of sma-cross on SPY: progress to the end, metrics, curves, trades on the chart', async ({ webHost, page, pageErrors }) => {
  const lab = await openLab(page, webHost.url);
  // SPY's full OHLCV bars (the ETF file has SPY closes too: those come after, as closes).
  await expect(page.getByTestId('lab-dataset-0').locator('option:checked')).toContainText(/^SPY · 1Day · .*\(5,241\)$/);
  const dataset = Number(await page.getByTestId('lab-dataset-0').inputValue());
  await page.getByTestId('lab-strategy').selectOption('sma-cross');
  await expect(page.getByTestId('param-fast')).toHaveValue('10');
  await expect(page.getByTestId('param-slow')).toHaveValue('30');

  // A bad value is refused at its field before anything is sent, with the schema's own rule.
  await setParams(page, { fast: '40' });
  await page.getByTestId('run-backtest').click();
  await expect(page.getByTestId('problem-param.fast')).toHaveText('fast must be shorter than slow');
  await expect(page.getByTestId('lab-job')).toHaveCount(0);
  await lab.screenshot({ path: `${SHOTS}/lab-form-problem.png` });
  await setParams(page, { fast: '10' });
  await expect(page.getByTestId('problem-param.fast')).toHaveCount(0);
  await lab.screenshot({ path: `${SHOTS}/lab-form.png` });

  const job = await runBacktestAndWait(page);
  const total = Number(await job.getAttribute('data-total'));
  expect(total).toBe(5241);
  await expect(job).toHaveAttribute('data-done', String(total));
  await expect(page.getByTestId('lab-progress')).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByTestId('lab-job-status')).toContainText('5,241 bars');

  const expected = engineRun(webHost.dataDir, dataset, 10, 30);
  const results = page.getByTestId('run-results');
  await expect(results).toBeVisible();

  // Every metric, formatted: signed percents, ratios with two decimals, durations, dashes for none.
  const metrics = page.getByTestId('metrics-table');
  expect(Number(await metrics.getAttribute('data-count'))).toBeGreaterThanOrEqual(35);
  await expect(page.getByTestId('metric-totalReturn')).toHaveText(/^[+−][\d,]+\.\d\d%$/);
  await expect(page.getByTestId('metric-sharpe')).toHaveText(/^−?\d+\.\d\d$/);
  await expect(page.getByTestId('metric-maxDrawdown')).toHaveText(/^−\d+\.\d\d%$/);
  await expect(page.getByTestId('metric-maxDrawdownDays')).toHaveText(/^[\d,]+ d$/);
  await expect(page.getByTestId('metric-trades.tradeCount')).toHaveText(String(expected.trades.length));
  const finalEquity = expected.finalEquity.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  await expect(page.getByTestId('metric-endEquity')).toHaveText(finalEquity);

  // The trades table lists exactly the engine's trades.
  const trades = page.getByTestId('trades-table');
  await expect(trades).toHaveAttribute('data-count', String(expected.trades.length));
  expect(expected.trades.length).toBeGreaterThan(20);

  // Equity and drawdown are drawn; the trades are marked on the price chart.
  await expect.poll(async () => (await colorPixels(page, '[data-testid="equity-chart"]', { line: LINE })).line).toBeGreaterThan(400);
  await expect.poll(async () => (await colorPixels(page, '[data-testid="drawdown-chart"]', { dd: DOWN })).dd).toBeGreaterThan(400);
  const price = page.getByTestId('lab-price-chart');
  await expect(price).toHaveAttribute('data-markers', String(expected.trades.length * 2 + expected.openPositions.length));
  const marks = await colorPixels(page, '[data-testid="lab-price-chart"] [data-pane="price"]', { buy: BUY, sell: SELL });
  expect(marks.buy).toBeGreaterThan(100);
  expect(marks.sell).toBeGreaterThan(100);
  await lab.screenshot({ path: `${SHOTS}/lab-results.png` });
  await page.getByTestId('metrics-table').scrollIntoViewIfNeeded();
  await lab.screenshot({ path: `${SHOTS}/lab-results-tables.png` });

  // A trade picked in the table zooms the chart to it: far fewer bars in view, wider candles.
  const before = await colorPixels(page, '[data-testid="lab-price-chart"] [data-pane="price"]', { up: UP, down: DOWN });
  await trades.locator('[data-testid="trade-row"][data-index="3"]').click();
  await expect(trades.locator('[data-testid="trade-row"][data-index="3"]')).toHaveAttribute('aria-selected', 'true');
  await expect.poll(async () => (await colorPixels(page, '[data-testid="lab-price-chart"] [data-pane="price"]', { up: UP, down: DOWN })).up).toBeGreaterThan((before.up ?? 0) * 2);
  await page.getByTestId('lab-price-chart').scrollIntoViewIfNeeded();
  await lab.screenshot({ path: `${SHOTS}/lab-results-trade-zoom.png` });
  expect(pageErrors).toEqual([]);
});

test('a long optimisation is cancelled: the job stops and nothing is stored', async ({ webHost, page, pageErrors }) => {
  const lab = await openLab(page, webHost.url);
  await page.getByTestId('lab-tab-optimize').click();
  await expect(page.getByTestId('search-form')).toBeVisible();
  await setRanges(page, ['2', '200', '2'], ['10', '400', '2']);
  await expect(page.getByTestId('search-size')).toHaveText('19,600 backtests');
  await page.getByTestId('run-optimization').click();
  const job = page.getByTestId('lab-job');
  await expect(job).toHaveAttribute('data-status', 'running', { timeout: 20_000 });
  await expect.poll(async () => Number(await job.getAttribute('data-done')), { timeout: 20_000 }).toBeGreaterThan(0);
  await lab.screenshot({ path: `${SHOTS}/lab-running.png` });
  await page.getByTestId('lab-cancel').click();
  await expect(job).toHaveAttribute('data-status', 'cancelled', { timeout: 20_000 });
  const done = Number(await job.getAttribute('data-done'));
  expect(done).toBeLessThan(19_600);
  await expect(page.getByTestId('lab-job-status')).toContainText('cancelled');
  await expect(page.getByTestId('lab-job-status')).toContainText('nothing was stored');
  await lab.screenshot({ path: `${SHOTS}/lab-cancelled.png` });

  await page.getByTestId('lab-tab-compare').click();
  await expect(page.getByTestId('experiment-list')).toBeVisible();
  await expect(page.locator('[data-testid="experiment-row"][data-kind="optimization"]')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('a small optimisation draws the heatmap with the best cell marked; a cell opens its backtest', async ({ webHost, page, pageErrors }) => {
  const lab = await openLab(page, webHost.url);
  await page.getByTestId('lab-tab-optimize').click();
  await setRanges(page, ['5', '30', '5'], ['40', '200', '20']);
  await expect(page.getByTestId('search-size')).toHaveText('54 backtests');
  await page.getByTestId('run-optimization').click();
  const job = page.getByTestId('lab-job');
  await expect(job).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  await expect(job).toHaveAttribute('data-done', '54');

  const heatmap = page.getByTestId('heatmap');
  await expect(heatmap).toHaveAttribute('data-columns', '6');
  await expect(heatmap).toHaveAttribute('data-rows', '9');
  await expect(heatmap).not.toHaveAttribute('data-best', '');
  await expect(page.getByTestId('best-combination')).toContainText(/fast=\d+ slow=\d+/);
  // Cells are coloured (not one flat colour), and the best one is outlined in white.
  const pixels = await colorPixels(page, '[data-testid="heatmap"]', { white: '#ffffff', dark: '#1a1d27' }, 6);
  expect(pixels.white).toBeGreaterThan(40);
  const distinct = await page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="heatmap"] canvas') as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 16) if (data[i + 3]! > 200) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  });
  expect(distinct).toBeGreaterThan(30);

  // Hover shows the parameters and the score; the best cell says so.
  const [bestX, bestY] = (await heatmap.getAttribute('data-best'))!.split(',').map(Number) as [number, number];
  await heatmap.scrollIntoViewIfNeeded();
  const box = (await heatmap.locator('canvas').boundingBox())!;
  const cellCenter = (xi: number, yi: number) => {
    const left = 64;
    const top = 10;
    const width = box.width - 64 - 96;
    const height = box.height - 10 - 44;
    return { x: box.x + left + (xi + 0.5) * (width / 6), y: box.y + top + (9 - 1 - yi + 0.5) * (height / 9) };
  };
  const best = cellCenter(bestX, bestY);
  await page.mouse.move(best.x, best.y, { steps: 4 });
  const tip = page.getByTestId('heatmap-tip');
  await expect(tip).toContainText(/fast \d+ · slow \d+/);
  await expect(tip).toContainText('★ best');
  await lab.screenshot({ path: `${SHOTS}/lab-heatmap.png` });

  // Clicking another cell runs that combination's backtest and shows it.
  const otherX = bestX === 0 ? 1 : 0;
  const other = cellCenter(otherX, bestY);
  await page.mouse.move(other.x, other.y, { steps: 4 });
  await expect(tip).not.toContainText('★ best');
  const tipText = await tip.innerText();
  const fast = /fast (\d+)/.exec(tipText)![1]!;
  const slow = /slow (\d+)/.exec(tipText)![1]!;
  await page.mouse.click(other.x, other.y);
  await expect(page.getByTestId('strategy-lab')).toHaveAttribute('data-tab', 'backtest');
  await expect(page.getByTestId('lab-job')).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
  await expect(page.getByTestId('run-header')).toContainText(`fast=${fast} slow=${slow}`);
  await expect(page.getByTestId('param-fast')).toHaveValue(fast);
  await expect(page.getByTestId('param-slow')).toHaveValue(slow);
  expect(pageErrors).toEqual([]);
});

test('two runs compared: metrics side by side, equity curves overlaid; a run renamed and deleted', async ({ webHost, page, pageErrors }) => {
  const lab = await openLab(page, webHost.url);
  await setParams(page, { fast: '20', slow: '100' });
  await page.getByTestId('lab-name').fill('slow cross');
  await runBacktestAndWait(page);
  await page.getByTestId('lab-job').getByRole('button', { name: 'dismiss' }).click();
  await setParams(page, { fast: '5', slow: '15' });
  await page.getByTestId('lab-name').fill('fast cross');
  await runBacktestAndWait(page);

  await page.getByTestId('lab-tab-compare').click();
  const rows = page.locator('[data-testid="experiment-row"][data-kind="backtest"]');
  await expect(rows.first()).toContainText('fast cross');
  await expect(rows.nth(1)).toContainText('slow cross');
  const ids = await rows.evaluateAll((els) => els.slice(0, 2).map((el) => Number(el.getAttribute('data-id'))));
  for (const id of ids) await page.getByTestId(`select-${id}`).check();

  const comparison = page.getByTestId('comparison');
  await expect(comparison).toHaveAttribute('data-count', '2');
  const table = page.getByTestId('compare-table');
  await expect(table.locator('thead th')).toContainText(['Metric', 'fast cross', 'slow cross']);
  await expect(table.locator('tr[data-metric="sharpe"] td')).toHaveCount(3);
  // Each row names its best run (none for rows where neither direction is better).
  await expect(table.locator('tr[data-metric="totalReturn"] td.best')).toHaveCount(1);
  const overlay = await colorPixels(page, '[data-testid="compare-chart"]', { first: '#5a8cff', second: '#ffb74d' });
  expect(overlay.first).toBeGreaterThan(300);
  expect(overlay.second).toBeGreaterThan(300);
  await lab.screenshot({ path: `${SHOTS}/lab-compare.png` });

  // Rename with a tag, then delete it: the log follows.
  await page.getByTestId(`label-${ids[0]}`).click();
  await page.getByTestId('experiment-label-input').fill('fast cross v2 #short');
  await page.getByTestId('experiment-label-input').press('Enter');
  await expect(page.getByTestId(`label-${ids[0]}`)).toContainText('fast cross v2');
  await expect(page.getByTestId(`label-${ids[0]}`)).toContainText('#short');
  await page.getByRole('button', { name: `Delete run ${ids[0]}` }).click();
  await page.getByTestId('confirm-delete-yes').click();
  await expect(page.locator(`[data-testid="experiment-row"][data-id="${ids[0]}"]`)).toHaveCount(0);
  await expect(page.getByTestId('comparison')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test('a walk-forward: windows optimised then tested, the joined test curve drawn', async ({ webHost, page, pageErrors }) => {
  const lab = await openLab(page, webHost.url);
  await page.getByTestId('lab-tab-walkforward').click();
  await setRanges(page, ['5', '20', '5'], ['40', '120', '40']);
  await page.getByTestId('wf-in-sample').fill('1000');
  await page.getByTestId('wf-out-of-sample').fill('500');
  // 5,241 bars: windows test on bars 1000–1500, 1500–2000, … 4500–5000.
  await expect(page.getByTestId('wf-size')).toHaveText('8 windows · 104 backtests');
  await page.getByTestId('run-walk-forward').click();
  await expect(page.getByTestId('lab-job')).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  const windows = page.getByTestId('wf-windows');
  await expect(windows).toHaveAttribute('data-count', '8');
  await expect(windows.locator('tbody tr').first()).toContainText(/fast=\d+ slow=\d+|none scored/);
  await expect(page.getByTestId('run-header')).toContainText('Walk-forward, out of sample');
  await expect.poll(async () => (await colorPixels(page, '[data-testid="equity-chart"]', { line: LINE })).line).toBeGreaterThan(300);
  await lab.screenshot({ path: `${SHOTS}/lab-walk-forward.png` });
  await page.getByTestId('equity-chart').scrollIntoViewIfNeeded();
  await lab.screenshot({ path: `${SHOTS}/lab-walk-forward-curve.png` });
  expect(pageErrors).toEqual([]);
});

test('a Monte Carlo of a backtest: the fan of paths, percentiles and histograms', async ({ webHost, page, pageErrors }) => {
  const lab = await openLab(page, webHost.url);
  await setParams(page, { fast: '10', slow: '30' });
  await runBacktestAndWait(page);
  const runId = await page.getByTestId('run-header').getAttribute('data-experiment');
  await page.getByTestId('lab-tab-montecarlo').click();
  await expect(page.getByTestId('mc-source')).toHaveValue(runId!);
  await page.getByTestId('mc-simulations').fill('2000');
  await page.getByTestId('run-monte-carlo').click();
  await expect(page.getByTestId('lab-job')).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  const result = page.getByTestId('monte-carlo-result');
  await expect(result).toContainText(`of run #${runId}`);
  await expect(result).toContainText('2,000 paths');
  await expect(page.getByTestId('mc-percentiles').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('mc-loss')).toHaveText(/^\d+\.\d%$/);
  // Drawdowns are falls of at most 100%.
  for (const text of await page.getByTestId('mc-percentiles').locator('tbody td:nth-child(4)').allInnerTexts()) {
    const value = Number(text.replace('−', '-').replace('%', ''));
    expect(value).toBeLessThanOrEqual(0);
    expect(value).toBeGreaterThanOrEqual(-100);
  }
  await expect.poll(async () => (await colorPixels(page, '[data-testid="fan-chart"]', { median: LINE })).median).toBeGreaterThan(200);
  await lab.screenshot({ path: `${SHOTS}/lab-monte-carlo.png` });
  expect(pageErrors).toEqual([]);
});

test('a pairs backtest on two datasets: both legs chosen, each leg\'s trades on its own chart', async ({ webHost, page, pageErrors }) => {
  const lab = await openLab(page, webHost.url);
  await page.getByTestId('lab-strategy').selectOption('pairs');
  await expect(page.getByTestId('lab-dataset-1')).toBeVisible();
  // Two legs are needed, and two different ones.
  await page.getByTestId('lab-dataset-1').selectOption({ label: await optionLabel(page, 'lab-dataset-1', /^EFA ·/) });
  await page.getByTestId('lab-dataset-0').selectOption({ label: await optionLabel(page, 'lab-dataset-0', /^EFA ·/) });
  await page.getByTestId('run-backtest').click();
  await expect(page.getByTestId('problem-dataset.1')).toHaveText('choose two different datasets');
  await page.getByTestId('lab-dataset-1').selectOption({ label: await optionLabel(page, 'lab-dataset-1', /^VGK ·/) });
  await runBacktestAndWait(page);
  await expect(page.getByTestId('run-header')).toContainText('EFA/VGK');
  const trades = Number(await page.getByTestId('trades-table').getAttribute('data-count'));
  expect(trades).toBeGreaterThan(0);
  const price = page.getByTestId('lab-price-chart');
  await expect(price).toHaveAttribute('data-symbol', 'EFA');
  const efaMarkers = Number(await price.getAttribute('data-markers'));
  await page.getByRole('button', { name: 'VGK', exact: true }).click();
  await expect(price).toHaveAttribute('data-symbol', 'VGK');
  const vgkMarkers = Number(await price.getAttribute('data-markers'));
  // Every closed trade is two marks on its leg's chart; a position still open adds its entry.
  expect(efaMarkers + vgkMarkers).toBeGreaterThanOrEqual(trades * 2);
  expect(efaMarkers).toBeGreaterThan(0);
  expect(vgkMarkers).toBeGreaterThan(0);
  await lab.screenshot({ path: `${SHOTS}/lab-pairs.png` });
  expect(pageErrors).toEqual([]);
});

async function optionLabel(page: Page, select: string, pattern: RegExp): Promise<string> {
  const labels = await page.getByTestId(select).locator('option').allInnerTexts();
  const found = labels.find((label) => pattern.test(label));
  if (!found) throw new Error(`no option matching ${pattern} in ${select}: ${labels.join(' | ')}`);
  return found;
}
