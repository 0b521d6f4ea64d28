import type { PerformanceMetricsWire } from '../../../../shared/ipc/services/backtest';
import type { z } from 'zod';
import { METRIC_GROUPS, metricRows, type MetricRow } from '../format/metric-catalogue';
import { formatPercentShare, formatRatio, formatSignedPercent } from '../format/metric-format';

type Metrics = z.infer<typeof PerformanceMetricsWire>;

function RegimeRows({ regimes }: { regimes: NonNullable<Metrics['regimes']> }) {
  if (regimes.length === 0) return null;
  return (
    <table className="data-table metrics-regimes" data-testid="metrics-regimes">
      <thead>
        <tr>
          <th>Regime</th>
          <th className="number">Share</th>
          <th className="number">Return</th>
          <th className="number">Volatility</th>
          <th className="number">Sharpe</th>
        </tr>
      </thead>
      <tbody>
        {regimes.map((r) => (
          <tr key={r.regime}>
            <td>{r.regime}</td>
            <td className="number">{formatPercentShare(r.share)}</td>
            <td className={`number ${r.totalReturn > 0 ? 'up' : r.totalReturn < 0 ? 'down' : ''}`}>{formatSignedPercent(r.totalReturn)}</td>
            <td className="number">{formatPercentShare(r.annualizedVolatility)}</td>
            <td className="number">{formatRatio(r.sharpe)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every metric of a run, grouped, formatted; performance by regime when the run had regimes. */
export function MetricsTable({ metrics }: { metrics: Metrics }) {
  const rows = metricRows(metrics);
  const groups = [...METRIC_GROUPS, 'Other' as const]
    .map((group) => ({ group, rows: rows.filter((r) => r.group === group) }))
    .filter((g) => g.rows.length > 0);
  return (
    <div className="metrics-table" data-testid="metrics-table" data-count={rows.length}>
      <div className="metric-groups">
        {groups.map(({ group, rows: groupRows }) => (
          <table key={group} className="data-table metric-group">
            <thead>
              <tr>
                <th colSpan={2}>{group}</th>
              </tr>
            </thead>
            <tbody>
              {groupRows.map((row: MetricRow) => (
                <tr key={row.key} data-metric={row.key} title={row.help}>
                  <td>{row.label}</td>
                  <td className={`number ${row.tone ?? ''}`} data-testid={`metric-${row.key}`}>
                    {row.text}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      {metrics.regimes && <RegimeRows regimes={metrics.regimes} />}
    </div>
  );
}
