import { useMemo } from 'react';
import type { ExperimentDetail } from '../../../../shared/ipc/services/backtest';
import { useExperiment } from '../../../queries/backtest';
import { formatDrawdown, formatMoney, formatPercentShare, formatSignedPercent } from '../format/metric-format';
import { FanChart } from './FanChart';
import { HistogramChart } from './HistogramChart';
import { percentileValue } from './monte-carlo-spec';

const EQUITY_COLOR = 'rgba(90, 140, 255, 0.75)';
const DRAWDOWN_COLOR = 'rgba(239, 83, 80, 0.7)';

function ddAxis(v: number): string {
  return formatDrawdown(v, 0);
}

function moneyAxis(v: number): string {
  const abs = Math.abs(v);
  return abs >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : abs >= 1e4 ? `${(v / 1e3).toFixed(0)}K` : v.toFixed(0);
}

/** Outcomes from bad to good: each row pairs a final equity with the drawdown as likely to be as bad. */
const SCENARIOS = [
  { label: '1 in 20 worse', equity: 5, drawdown: 95 },
  { label: '1 in 4 worse', equity: 25, drawdown: 75 },
  { label: 'median', equity: 50, drawdown: 50 },
  { label: '1 in 4 better', equity: 75, drawdown: 25 },
  { label: '1 in 20 better', equity: 95, drawdown: 5 },
] as const;

function PercentileTable({ run }: { run: ExperimentDetail }) {
  const mc = run.monteCarlo!;
  return (
    <table className="data-table mc-percentiles" data-testid="mc-percentiles">
      <thead>
        <tr>
          <th title="How many paths did worse (or better)">Outcome</th>
          <th className="number">Final equity</th>
          <th className="number">Return</th>
          <th className="number">Max drawdown</th>
        </tr>
      </thead>
      <tbody>
        {SCENARIOS.map((row) => {
          const equity = percentileValue(mc.finalEquity, row.equity);
          const ret = equity === null ? null : equity / mc.startEquity - 1;
          return (
            <tr key={row.label}>
              <td title={`final equity: ${row.equity}th percentile; max drawdown: ${row.drawdown}th percentile`}>{row.label}</td>
              <td className="number">{formatMoney(equity)}</td>
              <td className={`number ${ret !== null && ret < 0 ? 'down' : 'up'}`}>{formatSignedPercent(ret)}</td>
              <td className="number down">{formatDrawdown(percentileValue(mc.maxDrawdown, row.drawdown))}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * A Monte Carlo run: the fan of simulated equity, the spread of final equity and of max drawdown
 * (never beyond −100%), their percentiles, and the chance of ending below the start.
 */
export function MonteCarloResultView({ id }: { id: number }) {
  const run = useExperiment(id, 10);
  const mc = run.data?.monteCarlo ?? null;
  const startMark = useMemo(() => (mc ? { value: mc.startEquity, label: 'start' } : null), [mc]);
  const ddMark = useMemo(() => {
    const own = run.data?.summary?.maxDrawdown;
    return typeof own === 'number' ? { value: own, label: 'the backtest' } : null;
  }, [run.data]);
  if (run.error) return <div className="panel-error">Could not load Monte Carlo #{id}: {(run.error as Error).message}</div>;
  if (!run.data) return <div className="panel-empty">Loading Monte Carlo #{id}…</div>;
  if (!mc) return <div className="panel-empty">Run #{id} is not a Monte Carlo run.</div>;
  const how =
    mc.method === 'trades'
      ? `resampling the returns of its ${mc.stepsPerPath.toLocaleString('en-US')} trades${mc.tradeFraction !== null && mc.tradeFraction !== undefined && mc.tradeFraction < 0.999 ? ` (each on ${formatPercentShare(mc.tradeFraction, 0)} of equity, as in the run)` : ''}`
      : `${mc.blockMethod} block bootstrap of its ${mc.stepsPerPath.toLocaleString('en-US')} daily returns (blocks of ${mc.blockLength} bars)`;
  return (
    <div className="monte-carlo-result" data-testid="monte-carlo-result" data-experiment={id}>
      <div className="mc-head">
        <p>
          <b>Monte Carlo #{id}</b> of run #{run.data.parentId ?? '?'} ({run.data.strategy} on {run.data.symbols.join('/')}): {mc.simulations.toLocaleString('en-US')} paths, {how}, seed {mc.seed}.
        </p>
        <dl className="headline">
          <div>
            <dt>Median final</dt>
            <dd>{formatMoney(percentileValue(mc.finalEquity, 50))}</dd>
          </div>
          <div>
            <dt>5% worst final</dt>
            <dd className="down">{formatMoney(percentileValue(mc.finalEquity, 5))}</dd>
          </div>
          <div>
            <dt>Chance of a loss</dt>
            <dd className={mc.probabilityOfLoss > 0.5 ? 'down' : ''} data-testid="mc-loss">
              {formatPercentShare(mc.probabilityOfLoss, 1)}
            </dd>
          </div>
          <div>
            <dt>Median max DD</dt>
            <dd className="down">{formatDrawdown(percentileValue(mc.maxDrawdown, 50))}</dd>
          </div>
          <div>
            <dt>95% max DD</dt>
            <dd className="down">{formatDrawdown(percentileValue(mc.maxDrawdown, 95))}</dd>
          </div>
        </dl>
        {mc.clampedReturns > 0 && <p className="warn">{mc.clampedReturns} returns below −100% were taken as a total loss.</p>}
      </div>
      <div className="mc-fan">
        <FanChart result={mc} />
      </div>
      <div className="mc-bottom">
        <PercentileTable run={run.data} />
        <div className="mc-hist">
          <HistogramChart title="Final equity" edges={mc.finalEquityHistogram.edges} counts={mc.finalEquityHistogram.counts} color={EQUITY_COLOR} format={moneyAxis} mark={startMark} testId="mc-final-histogram" />
        </div>
        <div className="mc-hist">
          <HistogramChart title="Max drawdown" edges={mc.maxDrawdownHistogram.edges} counts={mc.maxDrawdownHistogram.counts} color={DRAWDOWN_COLOR} format={ddAxis} mark={ddMark} testId="mc-drawdown-histogram" />
        </div>
      </div>
    </div>
  );
}
