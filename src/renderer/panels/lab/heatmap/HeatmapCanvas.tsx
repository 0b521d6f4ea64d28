import { useEffect, useMemo, useRef, useState } from 'react';
import { chartTheme } from '../../../charts/theme';
import { cssColor, makeColorScale, niceTicks, textColorOn, type ColorScale } from './color-scale';
import { cellAt, cellOrigin, heatmapLayout, labelStride, type HeatmapLayout } from './heatmap-layout';

export type HeatmapValue = number | string;

export interface HeatmapData {
  readonly x: { readonly name: string; readonly values: readonly HeatmapValue[] };
  readonly y: { readonly name: string; readonly values: readonly HeatmapValue[] };
  /** z[yi][xi]; null where nothing scored. */
  readonly z: readonly (readonly (number | null)[])[];
  readonly best: { readonly xi: number; readonly yi: number } | null;
}

export interface HeatmapCanvasProps {
  readonly data: HeatmapData;
  readonly metricLabel: string;
  readonly better: 'higher' | 'lower' | null;
  readonly format: (value: number) => string;
  /** Click on a cell (one that has a value). */
  readonly onPick?: (cell: { xi: number; yi: number }) => void;
  /** Cell marked as picked (its run is open). */
  readonly selected?: { readonly xi: number; readonly yi: number } | null;
}

const BEST = '#ffffff';
const EMPTY = '#1a1d27';

function valueText(v: HeatmapValue): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(6))) : v;
}

interface DrawOptions {
  readonly format: (value: number) => string;
  readonly selected: { readonly xi: number; readonly yi: number } | null;
}

function draw(ctx: CanvasRenderingContext2D, layout: HeatmapLayout, data: HeatmapData, scale: ColorScale, options: DrawOptions) {
  const columns = data.x.values.length;
  const rows = data.y.values.length;
  const { plot, cellWidth, cellHeight, legend } = layout;
  ctx.font = chartTheme.font;
  ctx.textBaseline = 'middle';
  const showValues = cellWidth >= 44 && cellHeight >= 18;
  const gap = cellWidth >= 8 && cellHeight >= 8 ? 1 : 0;
  for (let yi = 0; yi < rows; yi++) {
    for (let xi = 0; xi < columns; xi++) {
      const v = data.z[yi]?.[xi] ?? null;
      const { x, y } = cellOrigin(layout, rows, xi, yi);
      const rgb = scale.rgb(v);
      ctx.fillStyle = rgb ? cssColor(rgb) : EMPTY;
      ctx.fillRect(x, y, cellWidth - gap, cellHeight - gap);
      if (!rgb) {
        // No value: a thin diagonal, so an empty cell never passes for a dark colour.
        ctx.strokeStyle = 'rgba(139,147,167,0.35)';
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(x + 2, y + cellHeight - gap - 2);
        ctx.lineTo(x + cellWidth - gap - 2, y + 2);
        ctx.stroke();
      } else if (showValues && v !== null) {
        ctx.fillStyle = textColorOn(rgb);
        ctx.textAlign = 'center';
        ctx.fillText(options.format(v), x + (cellWidth - gap) / 2, y + (cellHeight - gap) / 2);
      }
    }
  }
  const outline = (cell: { xi: number; yi: number }, color: string, width: number) => {
    const { x, y } = cellOrigin(layout, rows, cell.xi, cell.yi);
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.strokeRect(x + width / 2, y + width / 2, Math.max(1, cellWidth - gap - width), Math.max(1, cellHeight - gap - width));
  };
  if (options.selected) outline(options.selected, chartTheme.line, 2);
  if (data.best) {
    outline(data.best, BEST, 2);
    const { x, y } = cellOrigin(layout, rows, data.best.xi, data.best.yi);
    ctx.fillStyle = BEST;
    ctx.textAlign = 'left';
    ctx.fillText('★', x + 3, y + Math.min(8, cellHeight / 2));
  }

  // Axes: every label that fits, the parameter names along them.
  ctx.fillStyle = chartTheme.axis;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const xStride = labelStride(columns, cellWidth, 40);
  data.x.values.forEach((v, xi) => {
    if (xi % xStride !== 0) return;
    ctx.fillText(valueText(v), plot.left + (xi + 0.5) * cellWidth, plot.top + plot.height + 5);
  });
  ctx.fillText(data.x.name, plot.left + plot.width / 2, plot.top + plot.height + 24);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const yStride = labelStride(rows, cellHeight, 16);
  data.y.values.forEach((v, yi) => {
    if (yi % yStride !== 0) return;
    ctx.fillText(valueText(v), plot.left - 6, plot.top + (rows - 1 - yi + 0.5) * cellHeight);
  });
  ctx.save();
  ctx.translate(14, plot.top + plot.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(data.y.name, 0, 0);
  ctx.restore();

  // Legend: the scale from its low end (bottom) to its high end (top), with round ticks.
  const steps = Math.max(2, Math.round(legend.height));
  const ramp = scale.ramp(steps);
  ramp.forEach((rgb, k) => {
    ctx.fillStyle = cssColor(rgb);
    ctx.fillRect(legend.left, legend.top + legend.height - ((k + 1) * legend.height) / steps, legend.width, legend.height / steps + 0.5);
  });
  ctx.strokeStyle = chartTheme.grid;
  ctx.strokeRect(legend.left, legend.top, legend.width, legend.height);
  ctx.fillStyle = chartTheme.axis;
  ctx.textAlign = 'left';
  const span = scale.max - scale.min;
  for (const tick of niceTicks(scale.min, scale.max, 6)) {
    const y = legend.top + legend.height - (span > 0 ? ((tick - scale.min) / span) * legend.height : legend.height / 2);
    ctx.fillRect(legend.left + legend.width, y, 3, 1);
    ctx.fillText(options.format(tick), legend.left + legend.width + 6, y);
  }
}

/**
 * An optimisation's score over two parameters as a grid of coloured cells: a colour legend, the
 * best cell outlined with a star, hover for the parameters and score, click to open that run.
 */
export function HeatmapCanvas(props: HeatmapCanvasProps) {
  const { data, better, metricLabel, format, onPick, selected = null } = props;
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [hover, setHover] = useState<{ xi: number; yi: number; px: number; py: number } | null>(null);
  const scale = useMemo(() => makeColorScale(data.z.flat(), { better }), [data, better]);
  const columns = data.x.values.length;
  const rows = data.y.values.length;
  const layout = useMemo(() => heatmapLayout(size.width, size.height, columns, rows), [size, columns, rows]);

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const observer = new ResizeObserver(() => setSize({ width: wrap.clientWidth, height: wrap.clientHeight }));
    observer.observe(wrap);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size.width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.width * ratio);
    canvas.height = Math.round(size.height * ratio);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.width, size.height);
    draw(ctx, layout, data, scale, { format, selected });
  }, [layout, data, scale, selected, format, size]);

  const cellUnder = (event: React.MouseEvent) => {
    const rect = canvasRef.current!.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    const cell = cellAt(layout, columns, rows, px, py);
    return cell ? { ...cell, px, py } : null;
  };
  const hovered = hover ? (data.z[hover.yi]?.[hover.xi] ?? null) : null;
  const isBest = hover && data.best && hover.xi === data.best.xi && hover.yi === data.best.yi;

  return (
    <div className="heatmap" ref={wrapRef} data-testid="heatmap" data-columns={columns} data-rows={rows} data-best={data.best ? `${data.best.xi},${data.best.yi}` : ''}>
      <canvas
        ref={canvasRef}
        style={{ width: size.width, height: size.height, cursor: hover && hovered !== null && onPick ? 'pointer' : 'default' }}
        onMouseMove={(e) => setHover(cellUnder(e))}
        onMouseLeave={() => setHover(null)}
        onClick={(e) => {
          const cell = cellUnder(e);
          if (cell && onPick) onPick({ xi: cell.xi, yi: cell.yi });
        }}
      />
      {hover && (
        <div
          className="heatmap-tip"
          data-testid="heatmap-tip"
          style={{ left: Math.min(hover.px + 14, Math.max(0, size.width - 190)), top: Math.max(0, hover.py - 58) }}
        >
          <div>
            {data.x.name} <b>{valueText(data.x.values[hover.xi]!)}</b> · {data.y.name} <b>{valueText(data.y.values[hover.yi]!)}</b>
          </div>
          <div>
            {metricLabel} <b>{hovered === null ? '— (no score)' : format(hovered)}</b>
            {isBest && <span className="best-tag"> ★ best</span>}
          </div>
          {onPick && hovered !== null && <div className="muted">click to open this run</div>}
        </div>
      )}
    </div>
  );
}
