import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimeKind } from '../../shared/domain/time-format';
import { xAxis, yAxis } from './axes';
import { candlesPlugin, volumePlugin } from './candles-plugin';
import { formatBarLabel, formatPercent, formatPrice, formatVolume } from './format';
import { clampRange, zoomPanPlugin } from './interaction';
import { markersPlugin, type ChartMarker } from './markers-plugin';
import type { OhlcSeries } from './ohlc';
import { chartTheme } from './theme';
import { verticalLinesPlugin, type VerticalLine } from './vlines-plugin';
import { XRangeSync } from './x-sync';
const INITIAL_VISIBLE_BARS = 320;
const VOLUME_SHARE = 0.22;

export interface CandleChartProps {
  readonly series: OhlcSeries;
  readonly symbol: string;
  readonly timeframe: string;
  readonly timeKind: TimeKind;
  readonly tz: string;
  /** Shared with other panes under this chart (regime band) for cursor and zoom sync. */
  readonly sync: XRangeSync;
  readonly markers?: readonly ChartMarker[];
  /** `line` for data that is one price per bar (closes only). */
  readonly style?: 'candles' | 'line';
  /** Draw the volume pane (off when the data has no volume). */
  readonly volume?: boolean;
  /** A pane between price and volume (the regime band), in x-sync through `sync`; it sets its own height. */
  readonly middle?: ReactNode;
  /** CSS height the middle pane takes from the price pane. */
  readonly middleHeight?: number;
  /** Faint vertical lines on the price pane (where the regime label changed). */
  readonly verticalLines?: readonly VerticalLine[];
}

/** A candlestick chart with a volume pane: wheel to zoom, Shift+drag to pan, drag to zoom into a range, double-click for all. */
export function CandleChart({
  series,
  symbol,
  timeframe,
  timeKind,
  tz,
  sync,
  markers = [],
  style = 'candles',
  volume: showVolume = true,
  middle,
  middleHeight = 0,
  verticalLines = [],
}: CandleChartProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const priceRef = useRef<HTMLDivElement>(null);
  const volumeRef = useRef<HTMLDivElement>(null);
  const legendRef = useRef<HTMLDivElement>(null);
  const seriesRef = useRef(series);
  seriesRef.current = series;
  const markersRef = useRef(markers);
  markersRef.current = markers;
  const linesRef = useRef(verticalLines);
  linesRef.current = verticalLines;
  const middleHeightRef = useRef(middleHeight);
  middleHeightRef.current = middleHeight;
  const plotsRef = useRef<{ price: uPlot; volume: uPlot | null; resize: () => void } | null>(null);

  const legendFor = useMemo(
    () => (index: number | null | undefined): string => {
      const s = seriesRef.current;
      const n = s.t.length;
      if (n === 0) return `${symbol} · ${timeframe} · no bars`;
      const i = index === null || index === undefined || index < 0 || index >= n ? n - 1 : index;
      const prev = i > 0 ? s.c[i - 1]! : s.o[i]!;
      const change = prev > 0 ? s.c[i]! / prev - 1 : NaN;
      const cls = change >= 0 ? 'up' : 'down';
      if (style === 'line') {
        return `<b>${symbol}</b> <span class="muted">${timeframe} close</span> <span class="muted">${formatBarLabel(s.t[i]!, timeKind, tz)}</span> <span class="${cls}">${formatPrice(s.c[i]!)}</span> <span class="${cls}">${formatPercent(change)}</span>`;
      }
      return (
        `<b>${symbol}</b> <span class="muted">${timeframe}</span> <span class="muted">${formatBarLabel(s.t[i]!, timeKind, tz)}</span>` +
        ` O <span class="${cls}">${formatPrice(s.o[i]!)}</span> H <span class="${cls}">${formatPrice(s.h[i]!)}</span>` +
        ` L <span class="${cls}">${formatPrice(s.l[i]!)}</span> C <span class="${cls}">${formatPrice(s.c[i]!)}</span>` +
        ` <span class="${cls}">${formatPercent(change)}</span> V <span class="muted">${formatVolume(s.v[i]!)}</span>`
      );
    },
    [symbol, timeframe, timeKind, tz, style],
  );

  useEffect(() => {
    const wrap = wrapRef.current;
    const priceEl = priceRef.current;
    const volumeEl = volumeRef.current;
    if (!wrap || !priceEl || (showVolume && !volumeEl)) return;
    const getSeries = () => seriesRef.current;
    const length = () => seriesRef.current.t.length;
    // Price gets what volume and the middle pane leave of the chart's height.
    const sizes = () => {
      const width = Math.max(200, wrap.clientWidth);
      const total = Math.max(200, wrap.clientHeight);
      const volumeHeight = showVolume ? Math.round((total - middleHeightRef.current) * VOLUME_SHARE) : 0;
      return { width, volumeHeight, priceHeight: Math.max(80, total - volumeHeight - middleHeightRef.current) };
    };
    const { width, volumeHeight, priceHeight } = sizes();
    const labelsOnPrice = () => !showVolume && middleHeightRef.current === 0;
    const cursor: uPlot.Cursor = {
      sync: { key: sync.key, setSeries: false },
      drag: { x: true, y: false, setScale: true },
      points: { show: false },
      x: true,
      y: true,
    };
    const noPath = () => null;
    const line = style === 'line';
    const priceSeries: uPlot.Series[] = line
      ? [{}, { label: 'Close', stroke: chartTheme.line, width: 1.5, points: { show: false } }]
      : [{}, { label: 'High', paths: noPath, points: { show: false } }, { label: 'Low', paths: noPath, points: { show: false } }];
    const priceData = (line ? [series.x, series.c] : [series.x, series.h, series.l]) as unknown as uPlot.AlignedData;
    const price = new uPlot(
      {
        width,
        height: priceHeight,
        legend: { show: false },
        cursor,
        scales: {
          x: { time: false },
          y: {
            auto: true,
            range: (_u, min, max) => {
              const pad = (max - min) * 0.06 || Math.abs(max) * 0.01 || 1;
              return [min - pad, max + pad];
            },
          },
        },
        series: priceSeries,
        axes: [xAxis(() => seriesRef.current.t, timeKind, tz, labelsOnPrice), yAxis(formatPrice)],
        plugins: [
          verticalLinesPlugin(length, () => linesRef.current),
          ...(line ? [] : [candlesPlugin(getSeries)]),
          markersPlugin(getSeries, () => markersRef.current),
          zoomPanPlugin(length),
        ],
        hooks: {
          setCursor: [
            (u) => {
              if (legendRef.current) legendRef.current.innerHTML = legendFor(u.cursor.idx);
            },
          ],
          setScale: [sync.onSetScale],
        },
      },
      priceData,
      priceEl,
    );
    const volume = showVolume
      ? new uPlot(
          {
            width,
            height: volumeHeight,
            legend: { show: false },
            cursor: { ...cursor, y: false },
            scales: { x: { time: false }, y: { auto: true, range: (_u, _min, max) => [0, (max || 1) * 1.08] } },
            series: [{}, { label: 'Volume', paths: noPath, points: { show: false } }],
            axes: [xAxis(() => seriesRef.current.t, timeKind, tz, true), yAxis(formatVolume)],
            plugins: [volumePlugin(getSeries), zoomPanPlugin(length)],
            hooks: { setScale: [sync.onSetScale] },
          },
          [series.x, series.v] as unknown as uPlot.AlignedData,
          volumeEl!,
        )
      : null;
    const unsync = [sync.add(price), ...(volume ? [sync.add(volume)] : [])];
    const resize = (): void => {
      const next = sizes();
      price.setSize({ width: next.width, height: next.priceHeight });
      volume?.setSize({ width: next.width, height: next.volumeHeight });
    };
    plotsRef.current = { price, volume, resize };
    const n = series.t.length;
    if (n > 0) price.setScale('x', clampRange(n - INITIAL_VISIBLE_BARS, n - 0.5, n));
    if (legendRef.current) legendRef.current.innerHTML = legendFor(null);

    const observer = new ResizeObserver(resize);
    observer.observe(wrap);
    return () => {
      observer.disconnect();
      unsync.forEach((off) => off());
      price.destroy();
      volume?.destroy();
      plotsRef.current = null;
    };
  }, [series, timeKind, tz, sync, legendFor, style, showVolume]);

  useEffect(() => {
    plotsRef.current?.price.redraw(false, false);
  }, [markers, verticalLines]);

  useEffect(() => {
    plotsRef.current?.resize();
    plotsRef.current?.price.redraw(false, true);
  }, [middleHeight]);

  return (
    <div className="candle-chart" ref={wrapRef}>
      <div className="chart-legend" ref={legendRef} />
      <div ref={priceRef} className="chart-pane" data-pane="price" />
      {middle}
      {showVolume && <div ref={volumeRef} className="chart-pane" data-pane="volume" />}
    </div>
  );
}
