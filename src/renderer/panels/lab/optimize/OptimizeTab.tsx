import type { BacktestSpec, StrategyInfo } from '../../../../shared/ipc/services/backtest';
import { paramsText } from '../format/summary-format';
import type { LabJob } from '../jobs/job-state';
import { OptimizationResult } from './OptimizationResult';
import type { OptimizeDraft, ParsedOptimization } from './optimize-spec';
import { SearchForm } from './SearchForm';

export interface OptimizeTabProps {
  readonly info: StrategyInfo | undefined;
  readonly draft: OptimizeDraft;
  readonly parsed: ParsedOptimization;
  readonly showProblems: boolean;
  readonly onChange: (draft: OptimizeDraft) => void;
  readonly onRun: () => void;
  readonly job: LabJob;
  readonly busy: boolean;
  /** The optimisation whose map is shown. */
  readonly resultId: number | null;
  readonly onOpenBacktest: (id: number) => void;
  readonly onRunCell: (spec: BacktestSpec, params: Record<string, unknown>) => void;
}

/** Two parameters searched over a grid, then the map of their scores. */
export function OptimizeTab({ info, draft, parsed, showProblems, onChange, onRun, job, busy, resultId, onOpenBacktest, onRunCell }: OptimizeTabProps) {
  const running = busy && job.kind === 'optimization';
  return (
    <div className="lab-optimize">
      <SearchForm
        info={info}
        draft={draft}
        parsed={parsed}
        showProblems={showProblems}
        onChange={onChange}
        disabled={busy}
        footer={
          <>
            <span className="muted" data-testid="search-size">
              {parsed.sets.toLocaleString('en-US')} backtests
            </span>
            <button type="button" className="primary" data-testid="run-optimization" onClick={onRun}>
              Run optimisation
            </button>
          </>
        }
      />
      {running ? (
        <div className="panel-empty lab-empty" data-testid="optimization-running">
          Backtesting {job.total > 0 ? job.total.toLocaleString('en-US') : 'the'} parameter sets… the map of scores appears here when they are done
          {job.best ? ` (best so far: ${paramsText(job.best.params)} → ${job.best.score.toFixed(2)})` : ''}.
        </div>
      ) : resultId !== null ? (
        <OptimizationResult id={resultId} busy={busy} onOpenExperiment={onOpenBacktest} onRunBacktest={onRunCell} />
      ) : (
        <div className="panel-empty lab-empty">Choose two parameters and their ranges, then “Run optimisation”: every combination is backtested and scored, and the map of scores shows here.</div>
      )}
    </div>
  );
}
