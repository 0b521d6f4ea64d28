import type { ExperimentDetail } from '../../../../shared/ipc/services/backtest';
import { formatBarLabel } from '../../../charts/format';
import { useExperiment } from '../../../queries/backtest';
import { formatSummaryValue, OBJECTIVE_LABELS, paramsText, summaryTone } from '../format/summary-format';
import { RunResults } from '../results/RunResults';

function WindowsTable({ run }: { run: ExperimentDetail }) {
  const wf = run.walkForward!;
  const data = run.data[0];
  const day = (t: number) => (data ? formatBarLabel(t, data.timeKind, data.tz) : new Date(t).toISOString().slice(0, 10));
  return (
    <div className="wf-windows">
      <table className="data-table" data-testid="wf-windows" data-count={wf.windows.length}>
        <thead>
          <tr>
            <th>#</th>
            <th>Optimised on</th>
            <th>Tested on</th>
            <th>Chosen</th>
            <th className="number">In-sample {OBJECTIVE_LABELS[wf.objective]}</th>
            <th className="number">Test return</th>
            <th className="number">Test Sharpe</th>
            <th className="number">Test max DD</th>
            <th className="number">Trades</th>
          </tr>
        </thead>
        <tbody>
          {wf.windows.map((w) => (
            <tr key={w.index}>
              <td className="muted">{w.index + 1}</td>
              <td>
                {day(w.inSample.startT)} → {day(w.inSample.endT)}
              </td>
              <td>
                {day(w.outOfSample.startT)} → {day(w.outOfSample.endT)}
              </td>
              <td>{w.params ? paramsText(w.params) : <span className="warn">none scored: flat</span>}</td>
              <td className="number">{formatSummaryValue(wf.objective, w.inSampleScore)}</td>
              <td className={`number ${summaryTone('totalReturn', w.outOfSampleMetrics?.totalReturn) ?? ''}`}>{formatSummaryValue('totalReturn', w.outOfSampleMetrics?.totalReturn)}</td>
              <td className="number">{formatSummaryValue('sharpe', w.outOfSampleMetrics?.sharpe)}</td>
              <td className="number">{formatSummaryValue('maxDrawdown', w.outOfSampleMetrics?.maxDrawdown)}</td>
              <td className="number">{formatSummaryValue('tradeCount', w.outOfSampleMetrics?.tradeCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A walk-forward: its windows (what was chosen on each in-sample part and how it did on the test
 * part after it), and the stitched out-of-sample run read like any backtest, window edges marked.
 */
export function WalkForwardResult({ id }: { id: number }) {
  const run = useExperiment(id);
  if (run.error) return <div className="panel-error">Could not load walk-forward #{id}: {(run.error as Error).message}</div>;
  if (!run.data) return <div className="panel-empty">Loading walk-forward #{id}…</div>;
  const wf = run.data.walkForward;
  if (!wf) return <div className="panel-empty">Run #{id} is not a walk-forward.</div>;
  return (
    <div className="walk-forward-result" data-testid="walk-forward-result" data-experiment={id}>
      <p className="wf-summary">
        {wf.windows.length} {wf.mode} windows: optimise {OBJECTIVE_LABELS[wf.objective]} on {wf.inSample.toLocaleString('en-US')} bars, test on the next{' '}
        {wf.outOfSample.toLocaleString('en-US')}, move {wf.step.toLocaleString('en-US')}. The curve below is every test part joined (dashed lines where windows meet): parameters
        never see the bars they are tested on.
      </p>
      <WindowsTable run={run.data} />
      <RunResults run={run.data} title={`Walk-forward, out of sample${run.data.name ? `: ${run.data.name}` : ''}`} seams={wf.segmentStartTimes.slice(1)} />
    </div>
  );
}
