import { useMemo } from 'react';
import type { ExperimentComparison } from '../../../../shared/ipc/services/backtest';
import { XRangeSync } from '../../../charts/x-sync';
import { useComparison } from '../../../queries/backtest';
import { SeriesPane, type PaneSeries } from '../charts/SeriesPane';
import { formatSignedPercent } from '../format/metric-format';
import { formatSummaryValue, paramsText } from '../format/summary-format';

/** One colour per compared run, distinct on the dark background. */
export const RUN_COLORS = ['#5a8cff', '#ffb74d', '#26a69a', '#ce93d8', '#4fc3f7', '#ef5350', '#aed581', '#f48fb1', '#fff176', '#80cbc4', '#b0bec5', '#ff8a65'];

function runColor(k: number): string {
  return RUN_COLORS[k % RUN_COLORS.length]!;
}

function runName(e: ExperimentComparison['experiments'][number]): string {
  return e.name ?? `#${e.id} ${e.strategy}`;
}

function percentAxis(v: number): string {
  return formatSignedPercent(v, 0);
}

/** Equity curves as returns on their starting cash, so runs with different cash compare. */
function ReturnOverlay({ comparison }: { comparison: ExperimentComparison }) {
  const { curves, experiments } = comparison;
  const x = useMemo(() => Float64Array.from(curves.t, (_t, i) => i), [curves.t]);
  const series = useMemo<PaneSeries[]>(
    () =>
      curves.series.map((s, k) => {
        const e = experiments.find((x) => x.id === s.id);
        return {
          label: e ? runName(e) : `#${s.id}`,
          values: s.equity.map((v) => (v === null ? null : v / s.initialCash - 1)),
          stroke: runColor(k),
          width: 1.5,
          format: (v: number) => formatSignedPercent(v),
        };
      }),
    [curves, experiments],
  );
  const sync = useMemo(() => new XRangeSync('lab-compare'), []);
  const data = experiments[0]?.data[0];
  return (
    <div className="compare-chart">
      <SeriesPane x={x} times={curves.t} series={series} timeKind={data?.timeKind ?? 'date'} tz={data?.tz ?? 'UTC'} yFormat={percentAxis} sync={sync} title="Return on starting cash" testId="compare-chart" />
    </div>
  );
}

/** Several runs side by side: their figures (best of each row marked) and their curves on one axis. */
export function ComparisonView({ ids }: { ids: readonly number[] }) {
  const comparison = useComparison(ids);
  if (ids.length < 2) return <div className="panel-empty">Tick two or more runs above to compare them.</div>;
  if (comparison.error) return <div className="panel-error">Could not compare these runs: {(comparison.error as Error).message}</div>;
  if (!comparison.data) return <div className="panel-empty">Comparing…</div>;
  const { experiments, metrics } = comparison.data;
  return (
    <div className="comparison" data-testid="comparison" data-count={experiments.length}>
      <div className="compare-metrics">
        <table className="data-table" data-testid="compare-table">
          <thead>
            <tr>
              <th>Metric</th>
              {experiments.map((e, k) => (
                <th key={e.id} className="number" title={`${e.strategy} ${paramsText(e.params)} on ${e.symbols.join('/')}`}>
                  <span className="swatch" style={{ background: runColor(k) }} /> {runName(e)}
                </th>
              ))}
            </tr>
            <tr className="sub-head">
              <th />
              {experiments.map((e) => (
                <th key={e.id} className="number muted">
                  {e.symbols.join('/')} · {paramsText(e.params)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {metrics.map((row) => (
              <tr key={row.metric} data-metric={row.metric}>
                <td>{row.label}</td>
                {row.values.map((v, k) => (
                  <td key={k} className={row.bestIndex === k ? 'number best' : 'number'} title={row.bestIndex === k ? `best (${row.better} is better)` : undefined}>
                    {formatSummaryValue(row.metric, v)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ReturnOverlay comparison={comparison.data} />
    </div>
  );
}
