import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { TimeKind } from '../../shared/domain/time-format';
import { xAxis, yAxis } from './axes';
import { formatBarLabel } from './format';
import { zoomPanPlugin } from './interaction';
import type { OhlcSeries } from './ohlc';
import type { AlignedRegime } from './regime-align';
import { LABEL_STRIP, regimeBandPlugin } from './regime-band-plugin';
import { bandLegendHtml, bandLegendRow } from './regime-legend';
import type { XRangeSync } from './x-sync';

const LEGEND_HEIGHT = 22;
const STACK_HEIGHT = 58;

/** CSS height of the band with its legend row; taller when it carries the time axis. */
export function regimeBandHeight(xLabels: boolean): number {
  return LEGEND_HEIGHT + LABEL_STRIP + STACK_HEIGHT + (xLabels ? 28 : 2);
}

export interface RegimeBandProps {
  readonly series: OhlcSeries;
  /** The bank's output on the chart's bars; null while it loads. */
  readonly regime: AlignedRegime | null;
  /** Said in the legend when there is no band to show (loading, an error). */
  readonly status?: string;
  readonly sync: XRangeSync;
  readonly timeKind: TimeKind;
  readonly tz: string;
  /** The band is the bottom pane (no volume): it shows the dates. */
  readonly xLabels: boolean;
}

/**
 * The regime band under the price pane: stacked probabilities per bar, the label strip, label
 * changes. Same x as the price pane (bar index), zoom, pan and crosshair in sync; its legend
 * shows the hovered bar's six probabilities (the last bar's when the cursor is off the chart).
 */
export function RegimeBand({ series, regime, status, sync, timeKind, tz, xLabels }: RegimeBandProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const paneRef = useRef<HTMLDivElement>(null);
  const legendRef = useRef<HTMLDivElement>(null);
  const regimeRef = useRef(regime);
  regimeRef.current = regime;
  const statusRef = useRef(status);
  statusRef.current = status;
  const plotRef = useRef<uPlot | null>(null);
  const seriesRef = useRef(series);
  seriesRef.current = series;

  const showLegend = (index: number | null | undefined): void => {
    const el = legendRef.current;
    if (!el) return;
    const r = regimeRef.current;
    const row = r ? bandLegendRow(r, index, (i) => formatBarLabel(seriesRef.current.t[i]!, timeKind, tz)) : null;
    el.innerHTML = row ? bandLegendHtml(row) : `<span class="band-title">Regime</span> <span class="muted">${statusRef.current ?? 'loading…'}</span>`;
    el.dataset.index = row ? String(row.index) : '';
  };
  const showLegendRef = useRef(showLegend);
  showLegendRef.current = showLegend;

  useEffect(() => {
    const wrap = wrapRef.current;
    const pane = paneRef.current;
    if (!wrap || !pane) return;
    const length = () => seriesRef.current.t.length;
    const mid = new Float64Array(series.t.length).fill(0.5);
    // The band's first range is its own whole data (or the chart's range, adopted below): it
    // must not push that onto the price pane, which may be setting its own at the same moment.
    let adopted = false;
    const plot = new uPlot(
      {
        width: Math.max(200, wrap.clientWidth),
        height: regimeBandHeight(xLabels) - LEGEND_HEIGHT,
        padding: [LABEL_STRIP, null, null, null],
        legend: { show: false },
        cursor: { sync: { key: sync.key, setSeries: false }, drag: { x: true, y: false, setScale: true }, points: { show: false }, x: true, y: false },
        scales: { x: { time: false }, y: { auto: false, range: [0, 1] } },
        series: [{}, { label: 'Regime', paths: () => null, points: { show: false } }],
        axes: [
          xAxis(() => seriesRef.current.t, timeKind, tz, xLabels),
          yAxis((v) => `${Math.round(v * 100)}%`, { grid: { show: false }, splits: () => [0.5] }),
        ],
        plugins: [regimeBandPlugin(() => regimeRef.current), zoomPanPlugin(length)],
        hooks: {
          setCursor: [(u) => showLegendRef.current(u.cursor.idx)],
          setScale: [(u, key) => adopted && sync.onSetScale(u, key)],
          ready: [
            () => {
              adopted = true;
            },
          ],
        },
      },
      [series.x, mid] as unknown as uPlot.AlignedData,
      pane,
    );
    const unsync = sync.add(plot);
    if (sync.range) plot.setScale('x', sync.range);
    plotRef.current = plot;
    showLegendRef.current(null);
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(200, wrap.clientWidth), height: regimeBandHeight(xLabels) - LEGEND_HEIGHT }));
    observer.observe(wrap);
    return () => {
      observer.disconnect();
      unsync();
      plot.destroy();
      plotRef.current = null;
    };
  }, [series, sync, timeKind, tz, xLabels]);

  useEffect(() => {
    const plot = plotRef.current;
    plot?.redraw(false, false);
    showLegendRef.current(plot?.cursor.idx);
  }, [regime, status]);

  return (
    <div className="regime-band" ref={wrapRef} data-testid="regime-band" data-bars={regime?.matched ?? 0} style={{ height: regimeBandHeight(xLabels) }}>
      <div className="regime-band-legend" ref={legendRef} data-testid="regime-band-legend" style={{ height: LEGEND_HEIGHT }} />
      <div ref={paneRef} className="chart-pane" data-pane="regime" />
    </div>
  );
}
