import uPlot from 'uplot';

/**
 * Keeps the x range of several uPlot panes equal (price, volume, regime band...): zooming or
 * panning any of them moves all. Cursor sync is uPlot's own (`cursor.sync.key`).
 */
export class XRangeSync {
  private readonly plots = new Set<uPlot>();
  private applying = false;
  private last: { min: number; max: number } | null = null;
  readonly key: string;

  constructor(key: string) {
    this.key = key;
  }

  /** The x range last set on any pane: a pane created later (the band, toggled on) starts there. */
  get range(): { min: number; max: number } | null {
    return this.last;
  }

  add(plot: uPlot): () => void {
    this.plots.add(plot);
    return () => this.plots.delete(plot);
  }

  /** The hook each pane installs on `setScale`. */
  readonly onSetScale = (source: uPlot, scaleKey: string): void => {
    if (scaleKey !== 'x' || this.applying) return;
    const { min, max } = source.scales.x!;
    if (min === undefined || max === undefined) return;
    this.last = { min, max };
    this.applying = true;
    try {
      for (const plot of this.plots) {
        if (plot === source) continue;
        const current = plot.scales.x!;
        if (current.min !== min || current.max !== max) plot.setScale('x', { min, max });
      }
    } finally {
      this.applying = false;
    }
  };
}
