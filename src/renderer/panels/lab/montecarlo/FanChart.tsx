import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MonteCarloResult } from '../../../../shared/ipc/services/backtest';
import { yAxis } from '../../../charts/axes';
import { chartTheme } from '../../../charts/theme';
import { formatMoney } from '../format/metric-format';
import { fanSeries } from './monte-carlo-spec';

const OUTER = 'rgba(90, 140, 255, 0.13)';
const INNER = 'rgba(90, 140, 255, 0.28)';
const SAMPLE = 'rgba(200, 205, 220, 0.16)';
const START = 'rgba(255, 183, 77, 0.7)';
const PERCENTILES = [95, 5, 75, 25, 50] as const;

function compact(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(v / 1e3).toFixed(0)}K`;
  return v.toFixed(0);
}

/**
 * Simulated equity paths as a fan: the 5–95% band, the 25–75% band, the median, a few whole paths
 * and the starting equity, over trades (resampled trades) or bars (bootstrap).
 */
export function FanChart({ result }: { result: MonteCarloResult }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const legendRef = useRef<HTMLDivElement>(null);
  const stepName = result.method === 'trades' ? 'trade' : 'bar';

  useEffect(() => {
    const wrap = wrapRef.current;
    const el = plotRef.current;
    if (!wrap || !el) return;
    const fan = fanSeries(result.fan);
    const bands = PERCENTILES.map((p) => fan.band(p) ?? []);
    const start = Array.from(fan.x, () => result.startEquity);
    const legend = (i: number | null | undefined) => {
      if (!legendRef.current) return;
      const k = i === null || i === undefined || i < 0 ? fan.x.length - 1 : i;
      const at = (p: number) => formatMoney(fan.band(p)?.[k]);
      legendRef.current.innerHTML =
        `<b>Simulated equity</b> <span class="muted">after ${stepName} ${fan.x[k] ?? ''}</span> ` +
        `<span class="muted">5%</span> ${at(5)} <span class="muted">25%</span> ${at(25)} <span class="muted">median</span> <b>${at(50)}</b> <span class="muted">75%</span> ${at(75)} <span class="muted">95%</span> ${at(95)}`;
    };
    const series: uPlot.Series[] = [
      {},
      { label: '95%', stroke: 'rgba(90, 140, 255, 0.45)', width: 1, points: { show: false } },
      { label: '5%', stroke: 'rgba(90, 140, 255, 0.45)', width: 1, points: { show: false } },
      { label: '75%', stroke: 'rgba(90, 140, 255, 0.7)', width: 1, points: { show: false } },
      { label: '25%', stroke: 'rgba(90, 140, 255, 0.7)', width: 1, points: { show: false } },
      { label: 'median', stroke: chartTheme.line, width: 2, points: { show: false } },
      { label: 'start', stroke: START, width: 1, dash: [5, 4], points: { show: false } },
      ...fan.samples.map((): uPlot.Series => ({ stroke: SAMPLE, width: 0.8, points: { show: false } })),
    ];
    const plot = new uPlot(
      {
        width: Math.max(200, wrap.clientWidth),
        height: Math.max(120, wrap.clientHeight),
        legend: { show: false },
        cursor: { drag: { x: true, y: false, setScale: true }, points: { show: false } },
        scales: { x: { time: false }, y: { auto: true } },
        series,
        bands: [
          { series: [1, 2], fill: OUTER },
          { series: [3, 4], fill: INNER },
        ],
        axes: [
          { stroke: chartTheme.axis, font: chartTheme.font, grid: { stroke: chartTheme.grid, width: 1 }, ticks: { stroke: chartTheme.grid, width: 1 }, label: `${stepName}s`, labelFont: chartTheme.font, labelSize: 16 },
          yAxis(compact),
        ],
        hooks: { setCursor: [(u) => legend(u.cursor.idx)] },
      },
      [fan.x, ...bands, start, ...fan.samples] as unknown as uPlot.AlignedData,
      el,
    );
    legend(null);
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(200, wrap.clientWidth), height: Math.max(120, wrap.clientHeight) }));
    observer.observe(wrap);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [result, stepName]);

  return (
    <div className="series-pane fan-chart" ref={wrapRef} data-testid="fan-chart">
      <div className="chart-legend" ref={legendRef} />
      <div ref={plotRef} className="chart-pane" />
    </div>
  );
}
