import type uPlot from 'uplot';
import type { OhlcSeries } from './ohlc';
import { visibleRange } from './candles-plugin';

/** A trade drawn on the price chart: ▲ under the bar for buys, ▼ over it for sells. */
export interface ChartMarker {
  /** Bar index. */
  readonly index: number;
  readonly side: 'buy' | 'sell';
  readonly price: number;
  readonly label?: string;
}

const BUY = '#4fc3f7';
const SELL = '#ffb74d';

export function markersPlugin(getSeries: () => OhlcSeries | null, getMarkers: () => readonly ChartMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const s = getSeries();
          const markers = getMarkers();
          if (!s || markers.length === 0) return;
          const [i0, i1] = visibleRange(u, s.t.length);
          const size = Math.round(5 * (devicePixelRatio || 1));
          const ctx = u.ctx;
          ctx.save();
          ctx.beginPath();
          ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
          ctx.clip();
          const buys = new Path2D();
          const sells = new Path2D();
          for (const m of markers) {
            if (m.index < i0 || m.index > i1) continue;
            const x = u.valToPos(m.index, 'x', true);
            if (m.side === 'buy') {
              const y = u.valToPos(s.l[m.index]!, 'y', true) + size * 1.6;
              buys.moveTo(x, y - size);
              buys.lineTo(x - size, y + size * 0.7);
              buys.lineTo(x + size, y + size * 0.7);
              buys.closePath();
            } else {
              const y = u.valToPos(s.h[m.index]!, 'y', true) - size * 1.6;
              sells.moveTo(x, y + size);
              sells.lineTo(x - size, y - size * 0.7);
              sells.lineTo(x + size, y - size * 0.7);
              sells.closePath();
            }
          }
          ctx.fillStyle = BUY;
          ctx.fill(buys);
          ctx.fillStyle = SELL;
          ctx.fill(sells);
          ctx.restore();
        },
      ],
    },
  };
}
