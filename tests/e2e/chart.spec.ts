import { expect, test } from './web-host.fixture';
import type { Page } from '@playwright/test';

/** Counts pixels of the candle colours (up #26a69a, down #ef5350) on the price pane's canvas. */
async function candlePixels(page: Page): Promise<{ up: number; down: number; line: number; width: number; height: number }> {
  return await page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="chart"] [data-pane="price"] canvas') as HTMLCanvasElement | null;
    if (!canvas) return { up: 0, down: 0, line: 0, width: 0, height: 0 };
    const ctx = canvas.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let up = 0;
    let down = 0;
    let line = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (Math.abs(r - 0x26) < 12 && Math.abs(g - 0xa6) < 12 && Math.abs(b - 0x9a) < 12) up++;
      else if (Math.abs(r - 0xef) < 12 && Math.abs(g - 0x53) < 12 && Math.abs(b - 0x50) < 12) down++;
      else if (Math.abs(r - 0x5a) < 16 && Math.abs(g - 0x8c) < 16 && Math.abs(b - 0xff) < 16) line++;
    }
    return { up, down, line, width: canvas.width, height: canvas.height };
  });
}

test('a fresh install opens on bundled real data and draws candles', async ({ webHost, page, pageErrors }) => {
  await page.goto(webHost.url);
  const list = page.getByTestId('dataset-list');
  await expect(list).toBeVisible();
  // The bundled SPY daily bars and the 23 ETF closes were imported on first start.
  const spy = list.locator('[data-symbol="SPY"][data-rows="5241"]');
  await expect(spy).toBeVisible();
  await expect(list.locator('button.dataset')).toHaveCount(24);
  await spy.click();
  await expect(spy).toHaveAttribute('aria-selected', 'true');

  const chart = page.getByTestId('chart');
  await expect(chart).toHaveAttribute('data-bars', '5241');
  await expect(chart.locator('[data-pane="price"] canvas')).toBeVisible();
  await expect.poll(async () => (await candlePixels(page)).up, { timeout: 10_000 }).toBeGreaterThan(500);
  const pixels = await candlePixels(page);
  expect(pixels.down).toBeGreaterThan(500);

  // Crosshair: hovering a bar shows its values in the legend.
  const box = (await chart.locator('[data-pane="price"] .u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await expect(chart.locator('.chart-legend')).toContainText(/SPY.*1Day.*\d{4}-\d{2}-\d{2}.*O .*H .*L .*C .*V /);
  await page.screenshot({ path: 'test-results/chart-spy.png' });

  // Zoom with the wheel: fewer bars in view means wider candles, so more coloured pixels per bar.
  await page.mouse.wheel(0, -600);
  await page.waitForTimeout(200);
  await page.screenshot({ path: 'test-results/chart-spy-zoomed.png' });
  expect(pageErrors).toEqual([]);
});

test('a dataset of closes only is drawn as a line, without a volume pane', async ({ webHost, page }) => {
  await page.goto(webHost.url);
  const list = page.getByTestId('dataset-list');
  await list.locator('[data-symbol="TLT"]').click();
  const chart = page.getByTestId('chart');
  await expect(chart).toHaveAttribute('data-bars', '2141');
  await expect.poll(async () => (await candlePixels(page)).line).toBeGreaterThan(300);
  await expect(chart.locator('[data-pane="volume"]')).toHaveCount(0);
  await expect(chart.locator('.chart-legend')).toContainText('TLT');
  await page.screenshot({ path: 'test-results/chart-tlt.png' });
});
