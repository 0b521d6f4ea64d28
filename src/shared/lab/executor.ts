import { evaluateJob, runJob, CancelledError, type BacktestJob, type EvaluateJob, type EvaluatedRow, type JobHooks, type RunRecord } from './jobs';
import { runMonteCarlo, type MonteCarloJob, type MonteCarloOutcome } from './monte-carlo';

export interface TaskControl {
  readonly signal?: AbortSignal;
  /** Progress within the task: time steps of a run, candidates of an evaluation. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Where the lab's jobs run: a pool of worker threads in the app and the CLI, the calling thread
 * in tests (`InlineExecutor`). The searches (optimisation, walk-forward) are written against this
 * interface only, so they give the same answers wherever the jobs run.
 */
export interface LabExecutor {
  /** Jobs that can run at once. */
  readonly concurrency: number;
  run(job: BacktestJob, control?: TaskControl): Promise<RunRecord>;
  evaluate(job: EvaluateJob, control?: TaskControl): Promise<EvaluatedRow[]>;
  monteCarlo(job: MonteCarloJob, control?: TaskControl): Promise<MonteCarloOutcome>;
}

function hooksOf(control: TaskControl | undefined): JobHooks {
  return { aborted: () => control?.signal?.aborted === true, progress: (done, total) => control?.onProgress?.(done, total) };
}

/** Runs each job in the calling thread, one at a time (letting other work in between jobs). */
export class InlineExecutor implements LabExecutor {
  readonly concurrency = 1;

  async run(job: BacktestJob, control?: TaskControl): Promise<RunRecord> {
    await yieldTurn(control);
    return runJob(job, hooksOf(control));
  }

  async evaluate(job: EvaluateJob, control?: TaskControl): Promise<EvaluatedRow[]> {
    await yieldTurn(control);
    return evaluateJob(job, hooksOf(control));
  }

  async monteCarlo(job: MonteCarloJob, control?: TaskControl): Promise<MonteCarloOutcome> {
    await yieldTurn(control);
    return runMonteCarlo(job);
  }
}

async function yieldTurn(control: TaskControl | undefined): Promise<void> {
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  if (control?.signal?.aborted) throw new CancelledError();
}
