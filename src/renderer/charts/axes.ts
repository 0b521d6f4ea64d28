import type uPlot from 'uplot';
import type { TimeKind } from '../../shared/domain/time-format';
import { formatAxisLabel } from './format';
import { chartTheme } from './theme';

/** Width of the price scale on the right; every pane of a chart uses it so their x lines up. */
export const AXIS_WIDTH = 72;

/**
 * The bar-time axis of a pane whose x is the bar index; only the bottom pane shows its labels
 * (`labels` may change while the pane lives: redraw it with `recalcAxes`).
 */
export function xAxis(times: () => ArrayLike<number>, timeKind: TimeKind, tz: string, labels: boolean | (() => boolean)): uPlot.Axis {
  const show = typeof labels === 'function' ? labels : () => labels;
  return {
    stroke: chartTheme.axis,
    font: chartTheme.font,
    grid: { stroke: chartTheme.grid, width: 1 },
    ticks: { stroke: () => (show() ? chartTheme.grid : 'transparent'), width: 1, size: 4 },
    size: () => (show() ? 28 : 2),
    space: 90,
    incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000],
    values: (u, splits) => {
      if (!show()) return splits.map(() => '');
      const t = times();
      const n = t.length;
      const lo = Math.max(0, Math.round(u.scales.x!.min ?? 0));
      const hi = Math.min(n - 1, Math.round(u.scales.x!.max ?? n - 1));
      const span = n > 0 ? t[hi]! - t[lo]! : 0;
      // Two ticks in one month (or year) would both say "2020-07": keep the first.
      let previous = '';
      return splits.map((i) => {
        const k = Math.round(i);
        const text = k >= 0 && k < n ? formatAxisLabel(t[k]!, timeKind, tz, span) : '';
        if (text === previous) return '';
        previous = text;
        return text;
      });
    },
  };
}

export function yAxis(format: (v: number) => string, overrides: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    side: 1,
    stroke: chartTheme.axis,
    font: chartTheme.font,
    size: AXIS_WIDTH,
    grid: { stroke: chartTheme.grid, width: 1 },
    ticks: { stroke: chartTheme.grid, width: 1, size: 4 },
    values: (_u, splits) => splits.map(format),
    ...overrides,
  };
}
