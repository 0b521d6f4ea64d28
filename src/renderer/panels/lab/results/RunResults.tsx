import { useEffect, useMemo, useState } from 'react';
import type { ExperimentDetail } from '../../../../shared/ipc/services/backtest';
import { toOhlcSeries } from '../../../charts/ohlc';
import { XRangeSync } from '../../../charts/x-sync';
import { useRunBars } from '../../../queries/backtest';
import { MetricsTable } from './MetricsTable';
import { PerformanceCharts } from './PerformanceCharts';
import { PriceWithTrades } from './PriceWithTrades';
import { RunHeader } from './RunHeader';
import { barIndexAt, buyAndHold, curveOnBars, tradeWindow } from './run-series';
import { TradesTable } from './TradesTable';

/**
 * One stored backtest: what was run and its headline figures, the price with every trade, the
 * equity (beside buy and hold) and drawdown in step with it, all metrics, and the trades.
 */
export interface RunResultsProps {
  readonly run: ExperimentDetail;
  /** Heading instead of the run's name (a walk-forward's stitched test). */
  readonly title?: string;
  /** Times where a new segment of the curve starts (walk-forward windows). */
  readonly seams?: readonly number[];
}

export function RunResults({ run, title, seams }: RunResultsProps) {
  const [leg, setLeg] = useState(0);
  const [showBenchmark, setShowBenchmark] = useState(true);
  const [selectedTrade, setSelectedTrade] = useState<number | null>(null);
  // A new object per click, so picking the same trade again zooms back to it.
  const [zoomTo, setZoomTo] = useState<{ index: number } | null>(null);
  const data = run.data[leg] ?? run.data[0];
  const bars = useRunBars(data?.datasetId ?? null, data?.firstT ?? null, data?.lastT ?? null);
  const series = useMemo(() => (bars.data && bars.data.t.length > 0 ? toOhlcSeries(bars.data) : null), [bars.data]);
  const sync = useMemo(() => new XRangeSync(`lab-run-${run.id}-${leg}`), [run.id, leg]);

  const curve = useMemo(() => {
    if (!run.equity) return null;
    // Without the bars (a dataset since removed), the curve stands on its own points.
    const times = series ? series.t : Float64Array.from(run.equity.t);
    return { times, curve: curveOnBars(run.equity.t, run.equity.equity, times) };
  }, [run.equity, series]);
  const benchmark = useMemo(() => {
    if (!curve || !series || !showBenchmark || leg !== 0) return null;
    return { label: `Buy & hold ${bars.data!.symbol}`, values: buyAndHold(curve.curve.x, series.c, run.initialCash) };
  }, [curve, series, showBenchmark, leg, bars.data, run.initialCash]);

  const highlight = useMemo(() => {
    const trade = selectedTrade === null ? undefined : run.trades[selectedTrade];
    if (!trade || !series || trade.symbol !== bars.data?.symbol) return null;
    return { from: barIndexAt(series.t, trade.entryTime), to: barIndexAt(series.t, trade.exitTime) };
  }, [selectedTrade, run.trades, series, bars.data?.symbol]);

  const seamBars = useMemo(() => (seams && curve ? seams.map((t) => barIndexAt(curve.times, t)) : undefined), [seams, curve]);

  const timeKind = data?.timeKind ?? 'date';
  const tz = data?.tz ?? 'UTC';
  const selectTrade = (index: number) => {
    setSelectedTrade(index);
    setZoomTo({ index });
    const trade = run.trades[index];
    const other = trade ? run.data.findIndex((d) => d.symbol === trade.symbol) : -1;
    if (other >= 0 && other !== leg) setLeg(other);
  };
  // After the chart of the trade's symbol is drawn (at once, or once its bars arrive).
  useEffect(() => {
    const trade = zoomTo ? run.trades[zoomTo.index] : undefined;
    if (!trade || !series || trade.symbol !== bars.data?.symbol) return;
    const { min, max } = tradeWindow(trade, series.t);
    sync.setRange(min, max);
  }, [zoomTo, series, sync, run.trades, bars.data?.symbol]);

  return (
    <div className="run-results" data-testid="run-results" data-experiment={run.id}>
      <RunHeader run={run} title={title} />
      <div className="run-chart-toolbar">
        {run.data.length > 1 &&
          run.data.map((d, i) => (
            <button key={d.symbol} type="button" className={i === leg ? 'chip selected' : 'chip'} onClick={() => setLeg(i)}>
              {d.symbol}
            </button>
          ))}
        <label className="check">
          <input type="checkbox" checked={showBenchmark} disabled={leg !== 0} onChange={(e) => setShowBenchmark(e.target.checked)} data-testid="toggle-benchmark" /> buy &amp; hold
        </label>
        <button type="button" className="link" onClick={() => series && sync.setRange(-0.5, series.t.length - 0.5)}>
          whole period
        </button>
        <span className="muted">wheel to zoom · drag to select · shift+drag to pan · double-click a pane for all</span>
      </div>
      <div className="run-charts">
        <div className="pane-price">
          {bars.error ? (
            <div className="panel-error">Could not load the bars of {data?.symbol}: {(bars.error as Error).message}</div>
          ) : !data?.datasetId ? (
            <div className="panel-empty">This run was made from a CSV file, not a stored dataset: no price chart.</div>
          ) : bars.data && series ? (
            <PriceWithTrades bars={bars.data} series={series} trades={run.trades} openPositions={run.openPositions} sync={sync} highlight={highlight} />
          ) : (
            <div className="panel-empty">Loading bars…</div>
          )}
        </div>
        {curve && <PerformanceCharts curve={curve.curve} times={curve.times} benchmark={benchmark} timeKind={timeKind} tz={tz} sync={sync} highlight={highlight} seams={seamBars} />}
      </div>
      <div className="run-tables">
        {run.metrics ? <MetricsTable metrics={run.metrics} /> : <div className="panel-empty">No metrics stored for this run.</div>}
        <TradesTable trades={run.trades} timeKind={timeKind} tz={tz} selected={selectedTrade} onSelect={selectTrade} />
      </div>
    </div>
  );
}
