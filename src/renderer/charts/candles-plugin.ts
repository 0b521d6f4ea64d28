import type uPlot from 'uplot';
import type { OhlcSeries } from './ohlc';
import { chartTheme } from './theme';

/** Visible bar index range of a plot whose x values are bar indices. */
export function visibleRange(u: uPlot, length: number): [number, number] {
  const min = u.scales.x!.min ?? 0;
  const max = u.scales.x!.max ?? length - 1;
  return [Math.max(0, Math.floor(min)), Math.min(length - 1, Math.ceil(max))];
}

/** Width of one bar slot in canvas pixels. */
export function slotWidth(u: uPlot): number {
  const min = u.scales.x!.min ?? 0;
  const max = u.scales.x!.max ?? 1;
  return u.bbox.width / Math.max(1, max - min + 1);
}

/**
 * Calls `draw` once per pixel column of the visible bars. Zoomed out so far that several bars
 * share a column, they are drawn as one: first open, highest high, lowest low, last close, and the
 * largest volume (volume keeps the scale of a single bar). Zoomed in, every bar is its own column.
 */
export function forEachPixelBar(
  u: uPlot,
  s: OhlcSeries,
  i0: number,
  i1: number,
  draw: (x: number, o: number, h: number, l: number, c: number, v: number) => void,
): void {
  let column = Number.NaN;
  let o = 0;
  let h = 0;
  let l = 0;
  let c = 0;
  let v = 0;
  for (let i = i0; i <= i1; i++) {
    const bo = s.o[i]!;
    const bh = s.h[i]!;
    const bl = s.l[i]!;
    const bc = s.c[i]!;
    if (!Number.isFinite(bo + bh + bl + bc)) continue;
    const x = Math.round(u.valToPos(i, 'x', true));
    if (x === column) {
      if (bh > h) h = bh;
      if (bl < l) l = bl;
      c = bc;
      if (s.v[i]! > v) v = s.v[i]!;
      continue;
    }
    if (!Number.isNaN(column)) draw(column, o, h, l, c, v);
    column = x;
    o = bo;
    h = bh;
    l = bl;
    c = bc;
    v = s.v[i]!;
  }
  if (!Number.isNaN(column)) draw(column, o, h, l, c, v);
}

/**
 * Draws candles: wicks as one path per colour, bodies as one path per colour, so even 5,000
 * visible bars cost four fills. Doji bodies get a 1-pixel line.
 */
export function candlesPlugin(getSeries: () => OhlcSeries | null): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const s = getSeries();
          if (!s || s.t.length === 0) return;
          const [i0, i1] = visibleRange(u, s.t.length);
          const slot = slotWidth(u);
          const body = Math.max(1, Math.min(Math.round(slot * 0.7), 24));
          const wick = Math.max(1, Math.round(devicePixelRatio || 1));
          const ctx = u.ctx;
          ctx.save();
          ctx.beginPath();
          ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
          ctx.clip();
          const upWicks = new Path2D();
          const downWicks = new Path2D();
          const upBodies = new Path2D();
          const downBodies = new Path2D();
          forEachPixelBar(u, s, i0, i1, (x, o, h, l, c) => {
            const yH = Math.round(u.valToPos(h, 'y', true));
            const yL = Math.round(u.valToPos(l, 'y', true));
            const yO = Math.round(u.valToPos(o, 'y', true));
            const yC = Math.round(u.valToPos(c, 'y', true));
            const up = c >= o;
            (up ? upWicks : downWicks).rect(x - Math.floor(wick / 2), yH, wick, Math.max(1, yL - yH));
            const top = Math.min(yO, yC);
            const height = Math.max(1, Math.abs(yC - yO));
            (up ? upBodies : downBodies).rect(x - Math.floor(body / 2), top, body, height);
          });
          ctx.fillStyle = chartTheme.up;
          ctx.fill(upWicks);
          ctx.fill(upBodies);
          ctx.fillStyle = chartTheme.down;
          ctx.fill(downWicks);
          ctx.fill(downBodies);
          ctx.restore();
        },
      ],
    },
  };
}

/** Volume bars coloured by the bar's direction. */
export function volumePlugin(getSeries: () => OhlcSeries | null): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const s = getSeries();
          if (!s || s.t.length === 0) return;
          const [i0, i1] = visibleRange(u, s.t.length);
          const slot = slotWidth(u);
          const width = Math.max(1, Math.min(Math.round(slot * 0.7), 24));
          const ctx = u.ctx;
          const y0 = Math.round(u.valToPos(0, 'y', true));
          const up = new Path2D();
          const down = new Path2D();
          ctx.save();
          ctx.beginPath();
          ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
          ctx.clip();
          forEachPixelBar(u, s, i0, i1, (x, o, _h, _l, c, v) => {
            if (!(v > 0)) return;
            const y = Math.round(u.valToPos(v, 'y', true));
            (c >= o ? up : down).rect(x - Math.floor(width / 2), y, width, Math.max(1, y0 - y));
          });
          ctx.fillStyle = chartTheme.upVolume;
          ctx.fill(up);
          ctx.fillStyle = chartTheme.downVolume;
          ctx.fill(down);
          ctx.restore();
        },
      ],
    },
  };
}
