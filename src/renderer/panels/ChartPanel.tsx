import { useMemo } from 'react';
import { CandleChart } from '../charts/CandleChart';
import { hasVolume, isClosesOnly, toOhlcSeries } from '../charts/ohlc';
import { XRangeSync } from '../charts/x-sync';
import { useBars, useDatasets } from '../queries/datasets';
import type { PanelProps } from './registry';

/** Price and volume of the dataset chosen in this window (or pinned to this panel). */
export function ChartPanel({ panel }: PanelProps) {
  const datasets = useDatasets();
  const chosen = typeof panel.settings.dataset === 'number' ? panel.settings.dataset : null;
  const fallback = datasets.data?.find((d) => !d.closesOnly) ?? datasets.data?.[0];
  const dataset = chosen ?? fallback?.dataset ?? null;
  const bars = useBars(dataset);
  const series = useMemo(() => (bars.data ? toOhlcSeries(bars.data) : null), [bars.data]);
  const sync = useMemo(() => new XRangeSync(`chart-${panel.id}`), [panel.id]);
  const shape = useMemo(() => (series ? { style: isClosesOnly(series) ? ('line' as const) : ('candles' as const), volume: hasVolume(series) } : null), [series]);

  let body;
  if (dataset === null) body = <div className="panel-empty">Choose a dataset.</div>;
  else if (bars.error) body = <div className="panel-error">Could not load bars: {(bars.error as Error).message}</div>;
  else if (!bars.data || !series) body = <div className="panel-empty">Loading bars…</div>;
  else if (series.t.length === 0) body = <div className="panel-empty">This dataset has no bars.</div>;
  else
    body = (
      <CandleChart
        series={series}
        symbol={bars.data.symbol}
        timeframe={bars.data.timeframe}
        timeKind={bars.data.timeKind}
        tz={bars.data.tz}
        sync={sync}
        style={shape?.style}
        volume={shape?.volume}
      />
    );
  return (
    <div className="chart-panel" data-testid="chart" data-dataset={dataset ?? ''} data-bars={series?.t.length ?? 0}>
      {body}
    </div>
  );
}
