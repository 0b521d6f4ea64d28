import type { LabJob } from '../jobs/job-state';
import { MonteCarloForm } from './MonteCarloForm';
import { MonteCarloResultView } from './MonteCarloResultView';
import type { MonteCarloDraft } from './monte-carlo-spec';

export interface MonteCarloTabProps {
  readonly draft: MonteCarloDraft;
  readonly openRun: number | null;
  readonly problems: Readonly<Record<string, string>>;
  readonly onChange: (draft: MonteCarloDraft) => void;
  readonly onRun: () => void;
  readonly job: LabJob;
  readonly busy: boolean;
  readonly resultId: number | null;
}

/** Resample a stored backtest many times: how lucky was its one path? */
export function MonteCarloTab({ draft, openRun, problems, onChange, onRun, job, busy, resultId }: MonteCarloTabProps) {
  const running = busy && job.kind === 'montecarlo';
  return (
    <div className="lab-compare">
      <MonteCarloForm draft={draft} openRun={openRun} problems={problems} onChange={onChange} onRun={onRun} disabled={busy} />
      {running ? (
        <div className="panel-empty lab-empty">Simulating paths…</div>
      ) : resultId !== null ? (
        <MonteCarloResultView id={resultId} />
      ) : (
        <div className="panel-empty lab-empty">
          One backtest is one path through history. Resampling its trades (or blocks of its daily returns) thousands of times shows the spread of outcomes the same edge
          could have had: the final equity and the drawdowns to be ready for.
        </div>
      )}
    </div>
  );
}
