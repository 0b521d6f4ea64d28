import { useState } from 'react';
import type { BacktestSpec, ExperimentDetail, ObjectiveName, OptimizationRow } from '../../../../shared/ipc/services/backtest';
import { OBJECTIVE_NAMES } from '../../../../shared/lab/objectives';
import { useExperiment, useHeatmap } from '../../../queries/backtest';
import { formatSummaryValue, OBJECTIVE_LABELS, objectiveBetter, paramsText } from '../format/summary-format';
import { HeatmapCanvas } from '../heatmap/HeatmapCanvas';
import { cellBacktestSpec, rowOfCell } from './cell-backtest';

export interface OptimizationResultProps {
  readonly id: number;
  readonly onOpenExperiment: (id: number) => void;
  readonly onRunBacktest: (spec: BacktestSpec, params: Record<string, unknown>) => void;
  readonly busy: boolean;
}

const TOP_ROWS = 10;

function topRows(rows: readonly OptimizationRow[], direction: 'max' | 'min'): OptimizationRow[] {
  return rows
    .filter((r) => r.score !== null)
    .sort((a, b) => (direction === 'max' ? b.score! - a.score! : a.score! - b.score!))
    .slice(0, TOP_ROWS);
}

function Summary({ run }: { run: ExperimentDetail }) {
  const o = run.optimization!;
  return (
    <div className="opt-summary" data-testid="optimization-summary">
      <h4>Optimisation #{run.id}</h4>
      <p className="muted">
        {run.strategy} on {run.symbols.join('/')} · {OBJECTIVE_LABELS[o.objective]} ({o.direction === 'max' ? 'higher' : 'lower'} is better) · {o.evaluated.toLocaleString('en-US')} runs
        {o.skipped > 0 ? `, ${o.skipped.toLocaleString('en-US')} refused` : ''} in {(run.durationMs / 1000).toFixed(1)} s on {o.workers} worker{o.workers === 1 ? '' : 's'}
        {o.minTrades > 0 ? ` · at least ${o.minTrades} trades to be chosen` : ''}
      </p>
      {o.best ? (
        <div className="best-card" data-testid="best-combination">
          <span className="best-star">★</span> Best: <b>{paramsText(o.best.params)}</b> → {OBJECTIVE_LABELS[o.objective]} <b>{formatSummaryValue(o.objective, o.best.score)}</b>
        </div>
      ) : (
        <div className="best-card warn">No parameter set scored (no trades, or too few). Widen the ranges or lower the minimum trades.</div>
      )}
    </div>
  );
}

/** A finished optimisation: the heatmap of two parameters, the best set, the top runs. */
export function OptimizationResult({ id, onOpenExperiment, onRunBacktest, busy }: OptimizationResultProps) {
  const run = useExperiment(id, 10);
  const [metric, setMetric] = useState<ObjectiveName | null>(null);
  const o = run.data?.optimization ?? null;
  const dims = o?.dimensions ?? [];
  const x = dims[0]?.name ?? null;
  const y = dims[1]?.name ?? null;
  const shownMetric = metric ?? o?.objective ?? 'sharpe';
  const heatmap = useHeatmap(o ? id : null, x, y, shownMetric);

  if (run.error) return <div className="panel-error">Could not load optimisation #{id}: {(run.error as Error).message}</div>;
  if (!run.data) return <div className="panel-empty">Loading optimisation #{id}…</div>;
  if (!o) return <div className="panel-empty">Run #{id} is not an optimisation.</div>;
  if (!x || !y) return <div className="panel-empty">This optimisation searched one parameter; a heatmap needs two.</div>;

  const pick = ({ xi, yi }: { xi: number; yi: number }) => {
    const map = heatmap.data;
    if (!map || busy) return;
    const row = rowOfCell(o.rows, { name: x, value: map.x.values[xi]! }, { name: y, value: map.y.values[yi]! });
    if (!row || row.error) return;
    const isBest = o.best && row.index === o.best.index;
    if (isBest && o.bestExperimentId) onOpenExperiment(o.bestExperimentId);
    else onRunBacktest(cellBacktestSpec(run.data, row.params, o.fixedParams), row.params);
  };

  return (
    <div className="optimization-result" data-testid="optimization-result" data-experiment={id}>
      <Summary run={run.data} />
      <div className="opt-body">
        <div className="heatmap-box">
          <div className="heatmap-toolbar">
            <label>
              Colour by{' '}
              <select aria-label="Heatmap metric" data-testid="heatmap-metric" value={shownMetric} onChange={(e) => setMetric(e.target.value as ObjectiveName)}>
                {OBJECTIVE_NAMES.map((name) => (
                  <option key={name} value={name}>
                    {OBJECTIVE_LABELS[name]}
                  </option>
                ))}
              </select>
            </label>
            <span className="muted">★ best · hover a cell for its figures · click to open its backtest</span>
          </div>
          {heatmap.error ? (
            <div className="panel-error">Could not draw the heatmap: {(heatmap.error as Error).message}</div>
          ) : heatmap.data ? (
            <HeatmapCanvas
              data={heatmap.data}
              metricLabel={OBJECTIVE_LABELS[shownMetric]}
              better={objectiveBetter(shownMetric)}
              format={(v) => formatSummaryValue(shownMetric, v)}
              onPick={pick}
            />
          ) : (
            <div className="panel-empty">Drawing…</div>
          )}
        </div>
        <div className="opt-side">
          {o.bestExperimentId && (
            <button type="button" className="primary" data-testid="open-best" onClick={() => onOpenExperiment(o.bestExperimentId!)}>
              Open the best run
            </button>
          )}
          <table className="data-table" data-testid="top-rows">
            <caption>Top {TOP_ROWS} by {OBJECTIVE_LABELS[o.objective]} (click to open)</caption>
            <thead>
              <tr>
                {dims.map((d) => (
                  <th key={d.name} className="number">
                    {d.name}
                  </th>
                ))}
                <th className="number">{OBJECTIVE_LABELS[o.objective]}</th>
                <th className="number">Return</th>
                <th className="number">Trades</th>
              </tr>
            </thead>
            <tbody>
              {topRows(o.rows, o.direction).map((row) => (
                <tr key={row.index} className="clickable" onClick={() => !busy && onRunBacktest(cellBacktestSpec(run.data, row.params, o.fixedParams), row.params)}>
                  {dims.map((d) => (
                    <td key={d.name} className="number">
                      {String(row.params[d.name])}
                    </td>
                  ))}
                  <td className="number">{formatSummaryValue(o.objective, row.score)}</td>
                  <td className="number">{formatSummaryValue('totalReturn', row.metrics?.totalReturn)}</td>
                  <td className="number">{formatSummaryValue('tradeCount', row.metrics?.tradeCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
