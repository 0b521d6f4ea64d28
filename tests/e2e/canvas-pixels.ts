import type { Page } from '@playwright/test';

/**
 * Counts the pixels of given colours (hex, within a tolerance per channel) on the canvases under
 * a selector: how an end-to-end test tells a drawn chart from a blank one.
 */
export async function colorPixels(page: Page, selector: string, colors: Record<string, string>, tolerance = 14): Promise<Record<string, number>> {
  return await page.evaluate(
    ({ selector, colors, tolerance }) => {
      const targets = Object.entries(colors).map(([name, hex]) => ({ name, r: parseInt(hex.slice(1, 3), 16), g: parseInt(hex.slice(3, 5), 16), b: parseInt(hex.slice(5, 7), 16) }));
      const counts: Record<string, number> = Object.fromEntries(targets.map((t) => [t.name, 0]));
      for (const canvas of Array.from(document.querySelectorAll(`${selector} canvas`)) as HTMLCanvasElement[]) {
        if (canvas.width === 0 || canvas.height === 0) continue;
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! < 128) continue;
          for (const t of targets) {
            if (Math.abs(data[i]! - t.r) <= tolerance && Math.abs(data[i + 1]! - t.g) <= tolerance && Math.abs(data[i + 2]! - t.b) <= tolerance) {
              counts[t.name]!++;
              break;
            }
          }
        }
      }
      return counts;
    },
    { selector, colors, tolerance },
  );
}
