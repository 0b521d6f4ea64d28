import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimeKind } from '../../../../shared/domain/time-format';
import { xAxis, yAxis } from '../../../charts/axes';
import { formatBarLabel } from '../../../charts/format';
import { zoomPanPlugin } from '../../../charts/interaction';
import { seamsPlugin } from '../../../charts/seams-plugin';
import { spanPlugin, type XSpan } from '../../../charts/span-plugin';
import type { XRangeSync } from '../../../charts/x-sync';

export interface PaneSeries {
  readonly label: string;
  /** One value per x (null: no value there; the line skips it). */
  readonly values: ArrayLike<number | null>;
  readonly stroke: string;
  readonly width?: number;
  /** Fill between the line and `fillTo` (default 0). */
  readonly fill?: string;
  readonly dash?: number[];
  readonly format: (value: number) => string;
}

export interface SeriesPaneProps {
  /** x of each point: a bar index (so the pane lines up with a price chart of those bars). */
  readonly x: Float64Array;
  /** Time of each whole x (bar index), for the axis and the legend. */
  readonly times: ArrayLike<number>;
  readonly series: readonly PaneSeries[];
  readonly timeKind: TimeKind;
  readonly tz: string;
  readonly yFormat: (value: number) => string;
  /** Fixed y range bounds (drawdown: top at 0); by default from the data. */
  readonly yRange?: (min: number, max: number) => [number, number];
  readonly sync?: XRangeSync;
  /** Draw time labels under this pane (the lowest of a stack does). */
  readonly xLabels?: boolean;
  readonly title?: string;
  readonly testId?: string;
  /** Bars to shade (a trade picked in a table). */
  readonly highlight?: XSpan | null;
  /** x values to mark with a dashed line (walk-forward window edges). */
  readonly seams?: readonly number[];
}

function padded(min: number, max: number): [number, number] {
  const pad = (max - min) * 0.06 || Math.abs(max) * 0.02 || 1;
  return [min - pad, max + pad];
}

/** Index of the last point at or before x (0 when x is before the first point). */
function pointAt(x: Float64Array, value: number): number {
  let lo = 0;
  let hi = x.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (x[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The legend: the time and each series' value at the cursor, or at the last point in view when
 * the cursor is elsewhere (a zoomed pane describes what it shows, not the end of the data).
 */
function legendHtml(props: SeriesPaneProps, index: number | null | undefined, visibleMax: number | undefined): string {
  const { x, times, series, timeKind, tz, title } = props;
  const n = x.length;
  const heading = title && !series.some((s) => s.label === title) ? `<b>${title}</b> ` : '';
  if (n === 0) return heading;
  const i = index !== null && index !== undefined && index >= 0 && index < n ? index : visibleMax === undefined ? n - 1 : pointAt(x, visibleMax);
  const bar = Math.round(x[i]!);
  const when = bar >= 0 && bar < times.length ? formatBarLabel(times[bar]!, timeKind, tz) : '';
  const parts = series.map((s) => {
    const v = s.values[i];
    const text = typeof v === 'number' && Number.isFinite(v) ? s.format(v) : '—';
    return `<span class="muted">${s.label}</span> <span style="color:${s.stroke}">${text}</span>`;
  });
  return `${heading}<span class="muted">${when}</span> ${parts.join(' ')}`;
}

/**
 * One uPlot pane of lines over bar indices (equity, benchmark, drawdown), with a legend that
 * follows the cursor, wheel/drag zoom, and x kept in step with the panes sharing its `sync`.
 */
export function SeriesPane(props: SeriesPaneProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const legendRef = useRef<HTMLDivElement>(null);
  const uplotRef = useRef<uPlot | null>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const { x, times, series, timeKind, tz, yFormat, yRange, sync, xLabels = true } = props;

  useEffect(() => {
    const wrap = wrapRef.current;
    const el = plotRef.current;
    if (!wrap || !el) return;
    const length = () => propsRef.current.times.length;
    const showLegend = (u: uPlot) => {
      if (legendRef.current) legendRef.current.innerHTML = legendHtml(propsRef.current, u.cursor.idx, u.scales.x?.max);
    };
    const plot = new uPlot(
      {
        width: Math.max(200, wrap.clientWidth),
        height: Math.max(60, wrap.clientHeight),
        legend: { show: false },
        cursor: {
          ...(sync ? { sync: { key: sync.key, setSeries: false } } : {}),
          drag: { x: true, y: false, setScale: true },
          points: { show: false },
        },
        scales: { x: { time: false }, y: { auto: true, range: (_u, min, max) => (yRange ? yRange(min, max) : padded(min, max)) } },
        series: [
          {},
          ...series.map((s): uPlot.Series => ({
            label: s.label,
            stroke: s.stroke,
            width: s.width ?? 1.5,
            fill: s.fill,
            fillTo: 0,
            dash: s.dash,
            spanGaps: true,
            points: { show: false },
          })),
        ],
        axes: [xAxis(() => propsRef.current.times, timeKind, tz, xLabels), yAxis(yFormat)],
        plugins: [spanPlugin(() => propsRef.current.highlight ?? null), seamsPlugin(() => propsRef.current.seams ?? []), zoomPanPlugin(length)],
        hooks: {
          setCursor: [showLegend],
          setScale: [...(sync ? [sync.onSetScale] : []), (u: uPlot, key: string) => key === 'x' && showLegend(u)],
        },
      },
      [x, ...series.map((s) => s.values)] as unknown as uPlot.AlignedData,
      el,
    );
    // Open where the panes beside it are (zoomed on a trade, say), else on every bar.
    plot.setScale('x', sync?.currentRange() ?? { min: -0.5, max: Math.max(0.5, times.length - 0.5) });
    const unsync = sync?.add(plot);
    showLegend(plot);
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(200, wrap.clientWidth), height: Math.max(60, wrap.clientHeight) }));
    observer.observe(wrap);
    uplotRef.current = plot;
    return () => {
      observer.disconnect();
      unsync?.();
      plot.destroy();
      uplotRef.current = null;
    };
  }, [x, times, series, timeKind, tz, yFormat, yRange, sync, xLabels]);

  useEffect(() => {
    uplotRef.current?.redraw(false, false);
  }, [props.highlight, props.seams]);

  return (
    <div className="series-pane" ref={wrapRef} data-testid={props.testId}>
      <div className="chart-legend" ref={legendRef} />
      <div ref={plotRef} className="chart-pane" />
    </div>
  );
}
