import type { StrategyInfo } from '../../../../shared/ipc/services/backtest';
import type { LabJob } from '../jobs/job-state';
import type { OptimizeDraft, ParsedOptimization } from '../optimize/optimize-spec';
import { SearchForm } from '../optimize/SearchForm';
import type { ParsedWalkForward, WalkForwardDraft } from './walk-forward-spec';
import { WalkForwardForm } from './WalkForwardForm';
import { WalkForwardResult } from './WalkForwardResult';

export interface WalkForwardTabProps {
  readonly info: StrategyInfo | undefined;
  readonly search: OptimizeDraft;
  readonly parsedSearch: ParsedOptimization;
  readonly onSearchChange: (draft: OptimizeDraft) => void;
  readonly draft: WalkForwardDraft;
  readonly parsed: ParsedWalkForward;
  readonly onChange: (draft: WalkForwardDraft) => void;
  readonly showProblems: boolean;
  readonly onRun: () => void;
  readonly job: LabJob;
  readonly busy: boolean;
  readonly resultId: number | null;
}

/** Optimise on a window, test on the bars after it, move on; then the joined test results. */
export function WalkForwardTab({ info, search, parsedSearch, onSearchChange, draft, parsed, onChange, showProblems, onRun, job, busy, resultId }: WalkForwardTabProps) {
  const running = busy && job.kind === 'walkforward';
  return (
    <div className="lab-optimize">
      <SearchForm
        info={info}
        draft={search}
        parsed={parsedSearch}
        showProblems={showProblems}
        onChange={onSearchChange}
        disabled={busy}
        footer={<span className="muted">{parsedSearch.sets.toLocaleString('en-US')} sets tried in each window</span>}
      />
      <WalkForwardForm draft={draft} parsed={parsed} showProblems={showProblems} onChange={onChange} onRun={onRun} disabled={busy} />
      {running ? (
        <div className="panel-empty lab-empty" data-testid="walk-forward-running">
          Optimising and testing window after window… the joined out-of-sample result appears here when the last window is done.
        </div>
      ) : resultId !== null ? (
        <WalkForwardResult id={resultId} />
      ) : (
        <div className="panel-empty lab-empty">
          A walk-forward optimises the parameters on a window of bars, tests the best set on the bars that follow, and moves on. The test parts, joined, show how the
          strategy would have done had it been re-optimised as it went: a fairer picture than one optimisation over all the data.
        </div>
      )}
    </div>
  );
}
