import type uPlot from 'uplot';
import { visibleRange } from './candles-plugin';

/** A faint vertical line at the left edge of a bar (e.g. where the regime label changed). */
export interface VerticalLine {
  /** Bar index. */
  readonly index: number;
  readonly color: string;
}

/** Lines closer than this (CSS px on average) would turn the pane into stripes: none are drawn then. */
const MIN_SPACING = 24;

/** Dashed vertical lines under the candles, only while they are few enough to read. */
export function verticalLinesPlugin(getLength: () => number, getLines: () => readonly VerticalLine[]): uPlot.Plugin {
  return {
    hooks: {
      drawClear: [
        (u) => {
          const lines = getLines();
          if (lines.length === 0) return;
          const [i0, i1] = visibleRange(u, getLength());
          const visible = lines.filter((l) => l.index >= i0 && l.index <= i1);
          const dpr = devicePixelRatio || 1;
          if (visible.length === 0 || u.bbox.width / dpr / visible.length < MIN_SPACING) return;
          const ctx = u.ctx;
          const { top, height } = u.bbox;
          ctx.save();
          ctx.lineWidth = Math.max(1, Math.round(dpr));
          ctx.setLineDash([3 * dpr, 4 * dpr]);
          ctx.globalAlpha = 0.45;
          for (const l of visible) {
            const x = Math.round(u.valToPos(l.index - 0.5, 'x', true)) + 0.5;
            ctx.strokeStyle = l.color;
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}
