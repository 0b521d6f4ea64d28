import { useMemo } from 'react';
import { CandleChart } from '../charts/CandleChart';
import { hasVolume, isClosesOnly, toOhlcSeries } from '../charts/ohlc';
import { RegimeBand, regimeBandHeight } from '../charts/RegimeBand';
import { alignRegimeToBars } from '../charts/regime-align';
import { regimeColors } from '../charts/theme';
import type { VerticalLine } from '../charts/vlines-plugin';
import { XRangeSync } from '../charts/x-sync';
import { useBars } from '../queries/datasets';
import { useRegimeSeries } from '../queries/regime';
import { useChosenDataset } from './chosen-dataset';
import type { PanelProps } from './registry';

/** Price and volume of the dataset chosen in this window (or pinned to this panel), with the regime band. */
export function ChartPanel({ panel, updateSettings }: PanelProps) {
  const { dataset } = useChosenDataset(panel);
  const showBand = panel.settings.regimeBand !== false;
  const bars = useBars(dataset);
  const regimeSeries = useRegimeSeries(showBand ? dataset : null);
  const series = useMemo(() => (bars.data ? toOhlcSeries(bars.data) : null), [bars.data]);
  const sync = useMemo(() => new XRangeSync(`chart-${panel.id}`), [panel.id]);
  const shape = useMemo(() => (series ? { style: isClosesOnly(series) ? ('line' as const) : ('candles' as const), volume: hasVolume(series) } : null), [series]);
  const regime = useMemo(
    () => (series && regimeSeries.data && regimeSeries.data.dataset === dataset ? alignRegimeToBars(series.t, regimeSeries.data) : null),
    [series, regimeSeries.data, dataset],
  );
  const lines = useMemo<VerticalLine[]>(() => regime?.transitions.map((tr) => ({ index: tr.index, color: regimeColors[tr.to] })) ?? [], [regime]);

  const toggle = (
    <button
      type="button"
      className={showBand ? 'chart-toggle on' : 'chart-toggle'}
      data-testid="toggle-regime-band"
      aria-pressed={showBand}
      title={showBand ? 'Hide the regime band' : 'Show the regime band under the price'}
      onClick={() => updateSettings({ regimeBand: !showBand })}
    >
      Regime band
    </button>
  );

  let body;
  if (dataset === null) body = <div className="panel-empty">Choose a dataset.</div>;
  else if (bars.error) body = <div className="panel-error">Could not load bars: {(bars.error as Error).message}</div>;
  else if (!bars.data || !series) body = <div className="panel-empty">Loading bars…</div>;
  else if (series.t.length === 0) body = <div className="panel-empty">This dataset has no bars.</div>;
  else {
    const bandLabels = !shape?.volume;
    const status = regimeSeries.error
      ? `could not load: ${(regimeSeries.error as Error).message}`
      : regime && regime.matched === 0
        ? 'the regime bank has not reached these bars yet'
        : undefined;
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
        verticalLines={showBand ? lines : []}
        middleHeight={showBand ? regimeBandHeight(bandLabels) : 0}
        middle={
          showBand ? (
            <RegimeBand series={series} regime={regime} status={status} sync={sync} timeKind={bars.data.timeKind} tz={bars.data.tz} xLabels={bandLabels} />
          ) : null
        }
      />
    );
  }
  return (
    <div className="chart-panel" data-testid="chart" data-dataset={dataset ?? ''} data-bars={series?.t.length ?? 0} data-regime-band={showBand ? 'on' : 'off'}>
      {dataset !== null && <div className="chart-toolbar">{toggle}</div>}
      {body}
    </div>
  );
}
