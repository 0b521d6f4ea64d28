import type uPlot from 'uplot';

/** A stretch of bars to shade behind the data (a trade picked in a table), in x values. */
export interface XSpan {
  readonly from: number;
  readonly to: number;
}

const SHADE = 'rgba(90, 140, 255, 0.12)';
const EDGE = 'rgba(90, 140, 255, 0.55)';

/** Shades `getSpan()` (half a bar beyond each end) across the pane's height, under the series. */
export function spanPlugin(getSpan: () => XSpan | null): uPlot.Plugin {
  return {
    hooks: {
      drawClear: [
        (u) => {
          const span = getSpan();
          if (!span) return;
          const left = Math.max(u.bbox.left, u.valToPos(span.from - 0.5, 'x', true));
          const right = Math.min(u.bbox.left + u.bbox.width, u.valToPos(span.to + 0.5, 'x', true));
          if (!(right > left)) return;
          const ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = SHADE;
          ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
          ctx.fillStyle = EDGE;
          ctx.fillRect(left, u.bbox.top, 1, u.bbox.height);
          ctx.fillRect(right - 1, u.bbox.top, 1, u.bbox.height);
          ctx.restore();
        },
      ],
    },
  };
}
