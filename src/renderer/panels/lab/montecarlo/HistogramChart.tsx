import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { yAxis } from '../../../charts/axes';
import { chartTheme } from '../../../charts/theme';

export interface HistogramChartProps {
  readonly title: string;
  /** counts[i] paths fall in [edges[i], edges[i + 1]). */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
  readonly color: string;
  readonly format: (value: number) => string;
  /** A value to mark with a line (the start equity, the backtest's own drawdown). */
  readonly mark?: { readonly value: number; readonly label: string } | null;
  readonly testId?: string;
}

/** How the simulated paths spread: one bar per bin, with an optional reference line. */
export function HistogramChart({ title, edges, counts, color, format, mark = null, testId }: HistogramChartProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const legendRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const wrap = wrapRef.current;
    const el = plotRef.current;
    if (!wrap || !el || counts.length === 0) return;
    const centers = Float64Array.from(counts, (_c, i) => (edges[i]! + edges[i + 1]!) / 2);
    const total = counts.reduce((a, b) => a + b, 0);
    const legend = (i: number | null | undefined) => {
      if (!legendRef.current) return;
      const markText = mark ? ` <span class="muted">${mark.label}</span> ${format(mark.value)}` : '';
      legendRef.current.innerHTML =
        i === null || i === undefined || i < 0
          ? `<b>${title}</b>${markText}`
          : `<b>${title}</b> <span class="muted">${format(edges[i]!)} – ${format(edges[i + 1]!)}</span> ${((counts[i]! / Math.max(1, total)) * 100).toFixed(1)}% of paths`;
    };
    const plot = new uPlot(
      {
        width: Math.max(200, wrap.clientWidth),
        height: Math.max(100, wrap.clientHeight),
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: { x: { time: false, range: () => [edges[0]!, edges[edges.length - 1]!] }, y: { auto: true, range: (_u, _min, max) => [0, max * 1.08 || 1] } },
        series: [{}, { label: 'paths', fill: color, stroke: color, paths: uPlot.paths.bars!({ size: [1, Infinity], gap: 1 }), points: { show: false } }],
        axes: [
          { stroke: chartTheme.axis, font: chartTheme.font, grid: { show: false }, ticks: { stroke: chartTheme.grid, width: 1 }, values: (_u, splits) => splits.map(format), space: 70 },
          yAxis((v) => v.toLocaleString('en-US')),
        ],
        hooks: {
          setCursor: [(u) => legend(u.cursor.idx)],
          draw: [
            (u) => {
              if (!mark) return;
              const x = Math.round(u.valToPos(mark.value, 'x', true)) + 0.5;
              if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
              const ctx = u.ctx;
              ctx.save();
              ctx.strokeStyle = '#ffb74d';
              ctx.setLineDash([5, 4]);
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.restore();
            },
          ],
        },
      },
      [centers, Float64Array.from(counts)] as unknown as uPlot.AlignedData,
      el,
    );
    legend(null);
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(200, wrap.clientWidth), height: Math.max(100, wrap.clientHeight) }));
    observer.observe(wrap);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [title, edges, counts, color, format, mark]);

  return (
    <div className="series-pane histogram" ref={wrapRef} data-testid={testId}>
      <div className="chart-legend" ref={legendRef} />
      <div ref={plotRef} className="chart-pane" />
    </div>
  );
}
