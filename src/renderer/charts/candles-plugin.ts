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
          for (let i = i0; i <= i1; i++) {
            const o = s.o[i]!;
            const c = s.c[i]!;
            const h = s.h[i]!;
            const l = s.l[i]!;
            if (!Number.isFinite(o + h + l + c)) continue;
            const x = Math.round(u.valToPos(i, 'x', true));
            const yH = Math.round(u.valToPos(h, 'y', true));
            const yL = Math.round(u.valToPos(l, 'y', true));
            const yO = Math.round(u.valToPos(o, 'y', true));
            const yC = Math.round(u.valToPos(c, 'y', true));
            const up = c >= o;
            (up ? upWicks : downWicks).rect(x - Math.floor(wick / 2), yH, wick, Math.max(1, yL - yH));
            const top = Math.min(yO, yC);
            const height = Math.max(1, Math.abs(yC - yO));
            (up ? upBodies : downBodies).rect(x - Math.floor(body / 2), top, body, height);
          }
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
          for (let i = i0; i <= i1; i++) {
            const v = s.v[i]!;
            if (!(v > 0)) continue;
            const x = Math.round(u.valToPos(i, 'x', true));
            const y = Math.round(u.valToPos(v, 'y', true));
            (s.c[i]! >= s.o[i]! ? up : down).rect(x - Math.floor(width / 2), y, width, Math.max(1, y0 - y));
          }
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
