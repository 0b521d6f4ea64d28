import type { BacktestFinished, BacktestProgress, ExperimentKind } from '../../../../shared/ipc/services/backtest';

/**
 * One job of the lab (a backtest, an optimisation…) as the panel shows it, driven by what main
 * says: the answer to the run request, then `backtest.progress` items and one `backtest.finished`.
 * Items of other jobs are ignored; progress never goes backwards; a finished job stays finished.
 */
export type JobStatus = 'idle' | 'starting' | 'queued' | 'running' | 'saving' | 'completed' | 'failed' | 'cancelled' | 'refused';

export interface LabJob {
  readonly status: JobStatus;
  readonly kind: ExperimentKind | null;
  /** What is run, e.g. "sma-cross on SPY". */
  readonly label: string;
  readonly runId: string | null;
  readonly done: number;
  readonly total: number;
  readonly unit: BacktestProgress['unit'] | null;
  readonly best: BacktestProgress['best'];
  readonly elapsedMs: number;
  readonly experimentId: number | null;
  /** Why it was refused or failed. */
  readonly error: string | null;
  /** The user asked to cancel and main has not said it ended yet. */
  readonly cancelling: boolean;
}

export const IDLE_JOB: LabJob = {
  status: 'idle', kind: null, label: '', runId: null, done: 0, total: 0, unit: null, best: null, elapsedMs: 0, experimentId: null, error: null, cancelling: false,
};

export type JobAction =
  | { readonly type: 'start'; readonly kind: ExperimentKind; readonly label: string }
  | { readonly type: 'started'; readonly runId: string; readonly total: number }
  | { readonly type: 'refused'; readonly message: string }
  | { readonly type: 'progress'; readonly item: BacktestProgress }
  | { readonly type: 'finished'; readonly item: BacktestFinished }
  | { readonly type: 'cancelling' }
  | { readonly type: 'attach'; readonly runId: string; readonly kind: ExperimentKind; readonly label: string; readonly progress: BacktestProgress }
  | { readonly type: 'reset' };

const UNIT_OF_KIND: Record<ExperimentKind, LabJob['unit']> = { backtest: 'bars', optimization: 'runs', walkforward: 'runs', montecarlo: 'paths' };

export function isActive(job: LabJob): boolean {
  return job.status === 'starting' || job.status === 'queued' || job.status === 'running' || job.status === 'saving';
}

export function jobReducer(job: LabJob, action: JobAction): LabJob {
  switch (action.type) {
    case 'start':
      return { ...IDLE_JOB, status: 'starting', kind: action.kind, label: action.label, unit: UNIT_OF_KIND[action.kind] };
    case 'started':
      if (job.status !== 'starting') return job;
      return { ...job, status: 'queued', runId: action.runId, total: action.total };
    case 'refused':
      if (job.status !== 'starting') return job;
      return { ...job, status: 'refused', error: action.message };
    case 'attach':
      return { ...IDLE_JOB, status: action.progress.phase, kind: action.kind, label: action.label, runId: action.runId, done: action.progress.done, total: action.progress.total, unit: action.progress.unit, best: action.progress.best, elapsedMs: action.progress.elapsedMs };
    case 'progress': {
      const p = action.item;
      if (p.runId !== job.runId || !isActive(job)) return job;
      return { ...job, status: p.phase, done: Math.max(job.done, p.done), total: p.total, unit: p.unit, best: p.best ?? job.best, elapsedMs: Math.max(job.elapsedMs, p.elapsedMs) };
    }
    case 'finished': {
      const f = action.item;
      if (f.runId !== job.runId || !isActive(job)) return job;
      const completed = f.status === 'completed';
      return { ...job, status: f.status, done: completed ? job.total : job.done, experimentId: f.experimentId, error: f.error, elapsedMs: f.elapsedMs, cancelling: false };
    }
    case 'cancelling':
      return isActive(job) ? { ...job, cancelling: true } : job;
    case 'reset':
      return IDLE_JOB;
  }
}

/** Share of the work done, 0…1 (0 while the total is unknown). */
export function jobFraction(job: LabJob): number {
  if (job.status === 'completed') return 1;
  return job.total > 0 ? Math.min(1, job.done / job.total) : 0;
}
