/**
 * What the trader sees of the regime bank, in the browser against the real web host: the gauges
 * for the bundled SPY (six probabilities summing to 1, a label, confidence, since when), the band
 * under the price chart drawn in the regime colours, the hovered bar's probabilities, the band
 * following zoom and dataset changes, the band's toggle, and a dataset imported while the window
 * is open getting its regime live.
 */
import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { openDatabase } from '../../src/main/storage/database';
import { REGIMES } from '../../src/shared/domain/regime';
import { regimeColors } from '../../src/renderer/charts/theme';
import { expect, test, type RunningWebHost } from './web-host.fixture';

const SHOTS = 'test-results/screenshots';
const SPY_BARS = 5241;

test.describe.configure({ mode: 'serial' });

type RegimePixels = Record<(typeof REGIMES)[number], number> & { width: number; height: number };

/** Pixels of each regime colour on the band's canvas. */
async function regimePixels(page: Page): Promise<RegimePixels> {
  const colors = REGIMES.map((name) => {
    const hex = regimeColors[name];
    return [name, parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)] as const;
  });
  return await page.evaluate((colors) => {
    const counts: Record<string, number> = Object.fromEntries(colors.map(([name]) => [name, 0]));
    const canvas = document.querySelector('[data-testid="regime-band"] [data-pane="regime"] canvas') as HTMLCanvasElement | null;
    if (!canvas) return { ...counts, width: 0, height: 0 } as never;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < data.length; i += 4) {
      for (const [name, r, g, b] of colors) {
        if (Math.abs(data[i]! - r) < 10 && Math.abs(data[i + 1]! - g) < 10 && Math.abs(data[i + 2]! - b) < 10) {
          counts[name]!++;
          break;
        }
      }
    }
    return { ...counts, width: canvas.width, height: canvas.height } as never;
  }, colors);
}

async function probabilities(page: Page, selector: string): Promise<number[]> {
  return await page.locator(selector).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-p'))));
}

async function openSpy(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const spy = page.getByTestId('dataset-list').locator(`[data-symbol="SPY"][data-rows="${SPY_BARS}"]`);
  await spy.click();
  await expect(page.getByTestId('chart')).toHaveAttribute('data-bars', String(SPY_BARS));
  await expect(page.getByTestId('regime-band')).toHaveAttribute('data-bars', String(SPY_BARS));
  await expect(page.getByTestId('regime-gauges')).toHaveAttribute('data-symbol', 'SPY');
  await expect(page.getByTestId('regime-label')).toBeVisible();
}

/** The SPY dataset's bar times, from the web host's database. */
function spyBarTimes(host: RunningWebHost): number[] {
  const db = openDatabase(host.dataDir);
  try {
    const dataset = db.prepare(`SELECT d.id FROM datasets d WHERE d.symbol = 'SPY' AND (SELECT COUNT(*) FROM bars b WHERE b.dataset_id = d.id) = ?`).pluck().get(SPY_BARS) as number;
    return db.prepare('SELECT t FROM bars WHERE dataset_id = ? ORDER BY t').pluck().all(dataset) as number[];
  } finally {
    db.close();
  }
}

/** Shows everything (double-click), then drags over the bars from `from` to `to` (ISO dates) to zoom in. */
async function zoomTo(page: Page, times: number[], from: string, to: string): Promise<void> {
  const over = page.locator('[data-testid="chart"] [data-pane="price"] .u-over');
  const box = (await over.boundingBox())!;
  await over.dblclick({ position: { x: box.width / 2, y: box.height / 2 } });
  const n = times.length;
  const index = (iso: string) => times.findIndex((t) => t >= Date.parse(`${iso}T00:00:00Z`));
  const x = (i: number) => box.x + ((i + 0.5) / n) * box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(x(index(from)), y);
  await page.mouse.down();
  await page.mouse.move(x(index(to)), y, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(150);
}

/** Invokes a request of the contract over the web host's WebSocket, as a second window would. */
async function invoke(host: RunningWebHost, name: string, input: unknown): Promise<unknown> {
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ipc?token=${host.token}`);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise((resolve, reject) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { kind: string; id?: number; result?: { ok: boolean; value?: unknown; error?: unknown } };
        if (message.kind !== 'result' || message.id !== 1) return;
        if (message.result?.ok) resolve(message.result.value);
        else reject(new Error(JSON.stringify(message.result?.error)));
      });
      ws.send(JSON.stringify({ kind: 'invoke', id: 1, name, input }));
    });
  } finally {
    ws.close();
  }
}

/** The chart's `regimeBand` setting in the layout main has saved. */
async function savedBandSetting(host: RunningWebHost): Promise<unknown> {
  const layout = (await invoke(host, 'layout.get', { name: 'default' })) as { windows: { panels: { kind: string; settings: Record<string, unknown> }[] }[] } | null;
  return layout?.windows.flatMap((w) => w.panels).find((p) => p.kind === 'chart')?.settings.regimeBand;
}

test('the gauges show the bundled SPY regime: six probabilities summing to 1, the label, confidence and since when', async ({ webHost, page, pageErrors }) => {
  await openSpy(page, webHost.url);
  const gauges = page.getByTestId('regime-gauges');
  const p = await probabilities(page, '[data-testid="regime-gauges"] [data-testid^="regime-prob-"]');
  expect(p).toHaveLength(6);
  for (const value of p) expect(value).toBeGreaterThanOrEqual(0);
  expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  const label = await page.getByTestId('regime-label').getAttribute('data-regime');
  expect(REGIMES).toContain(label);
  await expect(gauges.getByTestId(`regime-prob-${label}`)).toHaveClass(/is-label/);
  const confidence = Number(await page.getByTestId('regime-confidence').getAttribute('data-value'));
  expect(confidence).toBeGreaterThan(0);
  expect(confidence).toBeLessThanOrEqual(1);
  await expect(page.getByTestId('regime-since')).toContainText(/since \d{4}-\d{2}-\d{2} · \d[\d,]* bars? ago/);
  await expect(page.getByTestId('regime-reception')).toContainText(/\d+\.\d+% \(95%: \d+\.\d+–\d+\.\d+%\)/);
  await expect(page.getByTestId('regime-last-transition')).toContainText(/→.*on \d{4}-\d{2}-\d{2}/);
  // The overview lists every dataset with its label.
  await expect(page.getByTestId('regime-overview').locator('tbody tr[data-testid^="regime-row-"]')).toHaveCount(24);
  await expect(page.getByTestId('regime-overview').locator('tbody tr.selected')).toContainText('SPY');
  await gauges.screenshot({ path: `${SHOTS}/regime-gauges-spy.png` });
  // A tall window shows the whole panel, the overview of every dataset included.
  await page.setViewportSize({ width: 1440, height: 1500 });
  await page.locator('[data-panel-kind="regime-gauges"]').screenshot({ path: `${SHOTS}/regime-gauges-spy-tall.png` });
  await page.screenshot({ path: `${SHOTS}/regime-window-tall.png` });
  expect(pageErrors).toEqual([]);
});

test('the band under the price chart draws the regime colours over every bar', async ({ webHost, page, pageErrors }) => {
  await openSpy(page, webHost.url);
  await expect
    .poll(async () => {
      const px = await regimePixels(page);
      return REGIMES.reduce((sum, name) => sum + px[name], 0) / (px.width * px.height);
    })
    .toBeGreaterThan(0.5);
  const px = await regimePixels(page);
  // Several regimes share the last 320 bars of SPY: the stack shows more than one colour.
  expect(REGIMES.filter((name) => px[name] > 200).length).toBeGreaterThanOrEqual(2);
  await page.screenshot({ path: `${SHOTS}/regime-band-spy.png` });

  // All 21 years: the band still fills its width.
  const over = page.locator('[data-testid="chart"] [data-pane="price"] .u-over');
  await over.dblclick();
  await page.waitForTimeout(150);
  const all = await regimePixels(page);
  expect(REGIMES.reduce((sum, name) => sum + all[name], 0) / (all.width * all.height)).toBeGreaterThan(0.5);
  expect(REGIMES.filter((name) => all[name] > 200).length).toBeGreaterThanOrEqual(5);
  await page.screenshot({ path: `${SHOTS}/regime-band-spy-all.png` });
  expect(pageErrors).toEqual([]);
});

test('hovering the price pane or the band shows that bar’s six probabilities, with the same date in both legends', async ({ webHost, page, pageErrors }) => {
  await openSpy(page, webHost.url);
  const chart = page.getByTestId('chart');
  const bandLegend = page.getByTestId('regime-band-legend');
  const priceBox = (await chart.locator('[data-pane="price"] .u-over').boundingBox())!;
  await page.mouse.move(priceBox.x + priceBox.width * 0.4, priceBox.y + priceBox.height * 0.5);
  const priceDate = (await chart.locator('.chart-legend').textContent())!.match(/\d{4}-\d{2}-\d{2}/)![0];
  await expect(bandLegend).toContainText(priceDate);
  const hovered = Number(await bandLegend.getAttribute('data-index'));
  expect(hovered).toBeGreaterThan(SPY_BARS - 330);
  expect(hovered).toBeLessThan(SPY_BARS - 1);
  const p = await probabilities(page, '[data-testid="regime-band-legend"] .band-item');
  expect(p).toHaveLength(6);
  expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  await expect(bandLegend.locator('.band-label')).toHaveText(/Bull|Bear|Sideways|High vol|Low vol|Crisis/);
  await page.screenshot({ path: `${SHOTS}/regime-hover-price.png` });

  // On the band itself: the crosshair moves the price legend too.
  const bandBox = (await chart.locator('[data-pane="regime"] .u-over').boundingBox())!;
  await page.mouse.move(bandBox.x + bandBox.width * 0.75, bandBox.y + bandBox.height * 0.5);
  await expect.poll(async () => Number(await bandLegend.getAttribute('data-index'))).toBeGreaterThan(hovered);
  const bandDate = (await bandLegend.textContent())!.match(/\d{4}-\d{2}-\d{2}/)![0];
  await expect(chart.locator('.chart-legend')).toContainText(bandDate);
  await page.screenshot({ path: `${SHOTS}/regime-hover-band.png` });
  const band = (await page.getByTestId('regime-band').boundingBox())!;
  await page.screenshot({ path: `${SHOTS}/regime-hover-band-detail.png`, clip: { x: band.x, y: band.y - 40, width: band.width, height: band.height + 80 } });

  // Off the chart, the legend shows the newest bar, as the gauges do.
  await page.mouse.move(5, 5);
  await expect(bandLegend).toHaveAttribute('data-index', String(SPY_BARS - 1));
  const last = await probabilities(page, '[data-testid="regime-band-legend"] .band-item');
  const gauges = await probabilities(page, '[data-testid="regime-gauges"] [data-testid^="regime-prob-"]');
  expect(last).toEqual(gauges);
  expect(pageErrors).toEqual([]);
});

test('zoomed on 2008 and on 2020 the band follows the price pane and marks the label changes', async ({ webHost, page, pageErrors }) => {
  await openSpy(page, webHost.url);
  const times = spyBarTimes(webHost);
  const bandLegend = page.getByTestId('regime-band-legend');
  const chart = page.getByTestId('chart');
  for (const [name, from, to] of [
    ['2008', '2007-10-01', '2009-06-30'],
    ['2020', '2019-12-02', '2020-08-28'],
  ] as const) {
    await zoomTo(page, times, from, to);
    const priceBox = (await chart.locator('[data-pane="price"] .u-over').boundingBox())!;
    await page.mouse.move(priceBox.x + 3, priceBox.y + priceBox.height / 2);
    const date = (await bandLegend.textContent())!.match(/\d{4}-\d{2}-\d{2}/)![0];
    // The drag starts within a few bars of `from` (one bar is under a pixel when all are shown).
    expect(Math.abs(Date.parse(date) - Date.parse(from))).toBeLessThan(15 * 86_400_000);
    await expect(chart.locator('.chart-legend')).toContainText(date);
    // Both crashes reach the crisis regime somewhere in view.
    const px = await regimePixels(page);
    expect(px.crisis).toBeGreaterThan(500);
    await page.mouse.move(5, 5);
    await page.screenshot({ path: `${SHOTS}/regime-band-spy-${name}.png` });
  }
  // Hover the worst of March 2020.
  const march = times.findIndex((t) => t >= Date.parse('2020-03-16T00:00:00Z'));
  const first = times.findIndex((t) => t >= Date.parse('2019-12-02T00:00:00Z'));
  const last = times.findIndex((t) => t >= Date.parse('2020-08-28T00:00:00Z'));
  const priceBox = (await chart.locator('[data-pane="price"] .u-over').boundingBox())!;
  const x = priceBox.x + ((march - first + 0.5) / (last - first + 1)) * priceBox.width;
  await page.mouse.move(x, priceBox.y + priceBox.height * 0.6);
  await expect(bandLegend).toContainText('2020-03');
  await page.screenshot({ path: `${SHOTS}/regime-hover-2020-03.png` });
  expect(pageErrors).toEqual([]);
});

test('switching the dataset updates the band and the gauges', async ({ webHost, page, pageErrors }) => {
  await openSpy(page, webHost.url);
  const spyP = await probabilities(page, '[data-testid="regime-gauges"] [data-testid^="regime-prob-"]');
  await page.getByTestId('dataset-list').locator('[data-symbol="TLT"]').click();
  await expect(page.getByTestId('regime-gauges')).toHaveAttribute('data-symbol', 'TLT');
  await expect(page.getByTestId('chart')).toHaveAttribute('data-bars', '2141');
  await expect(page.getByTestId('regime-band')).toHaveAttribute('data-bars', '2141');
  await expect(page.getByTestId('regime-band-legend')).toContainText('2016-');
  const tltP = await probabilities(page, '[data-testid="regime-gauges"] [data-testid^="regime-prob-"]');
  expect(tltP.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  expect(tltP).not.toEqual(spyP);
  await expect
    .poll(async () => {
      const px = await regimePixels(page);
      return REGIMES.reduce((sum, name) => sum + px[name], 0) / (px.width * px.height);
    })
    .toBeGreaterThan(0.4);
  await page.screenshot({ path: `${SHOTS}/regime-band-tlt.png` });
  await page.getByTestId('regime-gauges').screenshot({ path: `${SHOTS}/regime-gauges-tlt.png` });

  // A row of the overview chooses the dataset for the window, as the dataset list does.
  const xlf = page.getByTestId('regime-overview').locator('tbody tr', { hasText: 'XLF' });
  await xlf.click();
  await expect(page.getByTestId('regime-gauges')).toHaveAttribute('data-symbol', 'XLF');
  await expect(page.getByTestId('chart').locator('.chart-legend')).toContainText('XLF');
  await expect(page.getByTestId('dataset-list').locator('[data-symbol="XLF"]')).toHaveAttribute('aria-selected', 'true');
  expect(pageErrors).toEqual([]);
});

test('the band can be hidden, and stays hidden after a reload', async ({ webHost, page, pageErrors }) => {
  await openSpy(page, webHost.url);
  const toggle = page.getByTestId('toggle-regime-band');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const priceHeight = (await page.locator('[data-testid="chart"] [data-pane="price"]').boundingBox())!.height;
  await toggle.click();
  await expect(page.getByTestId('regime-band')).toHaveCount(0);
  await expect(page.getByTestId('chart')).toHaveAttribute('data-regime-band', 'off');
  // The price pane takes the band's room.
  await expect.poll(async () => (await page.locator('[data-testid="chart"] [data-pane="price"]').boundingBox())!.height).toBeGreaterThan(priceHeight + 50);
  await expect.poll(() => savedBandSetting(webHost)).toBe(false);
  await page.reload();
  await expect(page.getByTestId('chart')).toHaveAttribute('data-bars', String(SPY_BARS));
  await expect(page.getByTestId('chart')).toHaveAttribute('data-regime-band', 'off');
  await expect(page.getByTestId('regime-band')).toHaveCount(0);
  await page.getByTestId('toggle-regime-band').click();
  await expect(page.getByTestId('regime-band')).toHaveAttribute('data-bars', String(SPY_BARS));
  await expect.poll(() => savedBandSetting(webHost)).toBe(true);
  expect(pageErrors).toEqual([]);
});

test('a dataset imported while the window is open gets its regime live', async ({ webHost, page, pageErrors }) => {
  await openSpy(page, webHost.url);
  await expect(page.getByTestId('regime-overview').locator('tbody tr[data-testid^="regime-row-"]')).toHaveCount(24);
  // 6,000 business days of a random walk: the bank reads it in two batches.
  const lines = ['Date,Open,High,Low,Close,Volume'];
  let price = 100;
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let day = Date.parse('2000-01-03T00:00:00Z'), n = 0; n < 6000; day += 86_400_000) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const next = price * Math.exp((random() - 0.5) * 0.03);
    lines.push(`${new Date(day).toISOString().slice(0, 10)},${price.toFixed(2)},${(Math.max(price, next) * 1.004).toFixed(2)},${(Math.min(price, next) * 0.996).toFixed(2)},${next.toFixed(2)},${1000 + n}`);
    price = next;
    n++;
  }
  const report = (await invoke(webHost, 'datasets.importText', { fileName: 'zzz.csv', text: lines.join('\n'), symbol: 'ZZZ', timeframe: '1Day', skipBadRows: true })) as { dataset: number };
  const row = page.getByTestId(`regime-row-${report.dataset}`);
  await expect(row).toContainText('ZZZ');
  await expect(row.locator('.regime-chip')).toBeVisible();
  await row.click();
  await expect(page.getByTestId('regime-gauges')).toHaveAttribute('data-symbol', 'ZZZ');
  await expect(page.getByTestId('regime-band')).toHaveAttribute('data-bars', '6000');
  const p = await probabilities(page, '[data-testid="regime-gauges"] [data-testid^="regime-prob-"]');
  expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  expect(pageErrors).toEqual([]);
});
