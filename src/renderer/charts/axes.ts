import type uPlot from 'uplot';
import type { TimeKind } from '../../shared/domain/time-format';
import { formatAxisLabel } from './format';
import { chartTheme } from './theme';

/** Width of the value axis on the right of every pane, so stacked panes line up. */
export const AXIS_WIDTH = 72;

/**
 * The x axis of a pane whose x values are bar indices (no gaps for nights and weekends): ticks on
 * whole bars, labelled with the bar's time, only as precise as the span shown needs. `labels`
 * false draws the grid without text (a pane above another that carries the labels).
 */
export function indexTimeAxis(times: () => ArrayLike<number>, timeKind: TimeKind, tz: string, labels: boolean): uPlot.Axis {
  return {
    stroke: chartTheme.axis,
    font: chartTheme.font,
    grid: { stroke: chartTheme.grid, width: 1 },
    ticks: { stroke: chartTheme.grid, width: 1, size: labels ? 4 : 0 },
    size: labels ? 28 : 2,
    space: 90,
    incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000],
    values: (u, splits) => {
      if (!labels) return splits.map(() => '');
      const t = times();
      const n = t.length;
      const lo = Math.max(0, Math.round(u.scales.x!.min ?? 0));
      const hi = Math.min(n - 1, Math.round(u.scales.x!.max ?? n - 1));
      const span = n > 0 ? t[hi]! - t[lo]! : 0;
      return splits.map((i) => {
        const k = Math.round(i);
        return k >= 0 && k < n ? formatAxisLabel(t[k]!, timeKind, tz, span) : '';
      });
    },
  };
}

/** The value axis on the right. */
export function valueAxis(format: (v: number) => string): uPlot.Axis {
  return {
    side: 1,
    stroke: chartTheme.axis,
    font: chartTheme.font,
    size: AXIS_WIDTH,
    grid: { stroke: chartTheme.grid, width: 1 },
    ticks: { stroke: chartTheme.grid, width: 1, size: 4 },
    values: (_u, splits) => splits.map(format),
  };
}
