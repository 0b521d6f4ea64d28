/**
 * Where the heatmap's cells sit on its canvas (CSS pixels): x values left to right, y values
 * bottom to top (the way a chart reads), axis labels left and below, the colour legend on the right.
 */
export interface HeatmapLayout {
  readonly plot: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
  readonly cellWidth: number;
  readonly cellHeight: number;
  readonly legend: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
}

export const MARGIN = { left: 64, right: 96, top: 10, bottom: 44 } as const;
const LEGEND_WIDTH = 14;

export function heatmapLayout(width: number, height: number, columns: number, rows: number): HeatmapLayout {
  const plotWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotHeight = Math.max(10, height - MARGIN.top - MARGIN.bottom);
  return {
    plot: { left: MARGIN.left, top: MARGIN.top, width: plotWidth, height: plotHeight },
    cellWidth: plotWidth / Math.max(1, columns),
    cellHeight: plotHeight / Math.max(1, rows),
    legend: { left: MARGIN.left + plotWidth + 22, top: MARGIN.top, width: LEGEND_WIDTH, height: plotHeight },
  };
}

/** Top-left corner of cell (xi, yi); row yi = 0 is the bottom row. */
export function cellOrigin(layout: HeatmapLayout, rows: number, xi: number, yi: number): { x: number; y: number } {
  return { x: layout.plot.left + xi * layout.cellWidth, y: layout.plot.top + (rows - 1 - yi) * layout.cellHeight };
}

/** The cell under a point, or null outside the grid. */
export function cellAt(layout: HeatmapLayout, columns: number, rows: number, px: number, py: number): { xi: number; yi: number } | null {
  const { left, top, width, height } = layout.plot;
  if (px < left || py < top || px >= left + width || py >= top + height) return null;
  const xi = Math.min(columns - 1, Math.floor((px - left) / layout.cellWidth));
  const row = Math.min(rows - 1, Math.floor((py - top) / layout.cellHeight));
  return { xi, yi: rows - 1 - row };
}

/** Every k-th label so labels never overlap: at least `minGap` pixels between the ones drawn. */
export function labelStride(count: number, cellSize: number, minGap: number): number {
  if (count <= 0 || cellSize <= 0) return 1;
  return Math.max(1, Math.ceil(minGap / cellSize));
}
