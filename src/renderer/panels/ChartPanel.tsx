import { useMemo } from 'react';
import { CandleChart } from '../charts/CandleChart';
import { hasVolume, isClosesOnly, toOhlcSeries } from '../charts/ohlc';
import { seriesUpTo } from '../charts/series-prefix';
import { useReplayCursor } from '../charts/useReplayCursor';
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
  // While a paper replay of this symbol runs, the chart follows it: the bars up to the replayed one.
  const replayT = useReplayCursor(bars.data?.symbol ?? null);
  const shown = useMemo(() => (series && replayT !== null ? seriesUpTo(series, replayT) : series), [series, replayT]);

  let body;
  if (dataset === null) body = <div className="panel-empty">Choose a dataset.</div>;
  else if (bars.error) body = <div className="panel-error">Could not load bars: {(bars.error as Error).message}</div>;
  else if (!bars.data || !shown) body = <div className="panel-empty">Loading bars…</div>;
  else if (shown.t.length === 0) body = <div className="panel-empty">{replayT !== null ? 'The replay has not reached this dataset’s first bar yet.' : 'This dataset has no bars.'}</div>;
  else
    body = (
      <CandleChart
        series={shown}
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
    <div className="chart-panel" data-testid="chart" data-dataset={dataset ?? ''} data-bars={shown?.t.length ?? 0}>
      {body}
      {replayT !== null && (
        <div className="chart-replay" data-testid="chart-replay" title="A paper replay of this symbol runs: the chart shows the bars up to the replayed one">
          Replay · {new Date(replayT).toISOString().slice(0, 10)}
        </div>
      )}
    </div>
  );
}
