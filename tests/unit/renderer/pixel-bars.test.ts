import { describe, expect, it } from 'vitest';
import type uPlot from 'uplot';
import { forEachPixelBar } from '../../../src/renderer/charts/candles-plugin';
import { toOhlcSeries } from '../../../src/renderer/charts/ohlc';

describe('bars sharing a pixel column', () => {
  const bars = toOhlcSeries({
    t: [1, 2, 3, 4, 5, 6, 7],
    o: [10, 11, 12, 20, 19, 18, 30],
    h: [12, 15, 13, 21, 25, 19, 31],
    l: [9, 10, 8, 17, 18, 16, 29],
    c: [11, 12, 12.5, 19, 18, 17, 30.5],
    v: [100, 300, 200, 50, 70, 60, 5],
  });

  it('zoomed out, draws one candle per column: first open, highest high, lowest low, last close, largest volume', () => {
    // Three bars per pixel column.
    const u = { valToPos: (i: number) => Math.floor(i / 3) + 0.2 } as unknown as uPlot;
    const drawn: number[][] = [];
    forEachPixelBar(u, bars, 0, 6, (x, o, h, l, c, v) => drawn.push([x, o, h, l, c, v]));
    expect(drawn).toEqual([
      [0, 10, 15, 8, 12.5, 300],
      [1, 20, 25, 16, 17, 70],
      [2, 30, 31, 29, 30.5, 5],
    ]);
  });

  it('zoomed in, draws every bar as it is', () => {
    const u = { valToPos: (i: number) => i * 10 } as unknown as uPlot;
    const drawn: number[][] = [];
    forEachPixelBar(u, bars, 2, 4, (x, o, h, l, c, v) => drawn.push([x, o, h, l, c, v]));
    expect(drawn).toEqual([
      [20, 12, 13, 8, 12.5, 200],
      [30, 20, 21, 17, 19, 50],
      [40, 19, 25, 18, 18, 70],
    ]);
  });
});
