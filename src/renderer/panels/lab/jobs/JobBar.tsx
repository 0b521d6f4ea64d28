import { isActive, jobFraction, type LabJob } from './job-state';

const KIND_NAME = { backtest: 'Backtest', optimization: 'Optimisation', walkforward: 'Walk-forward', montecarlo: 'Monte Carlo' } as const;

function seconds(ms: number): string {
  if (ms < 1000) return `${Math.max(1, Math.round(ms))} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function statusText(job: LabJob): string {
  const what = job.kind ? KIND_NAME[job.kind] : 'Run';
  const work = job.total > 0 ? `${count(job.done)} / ${count(job.total)} ${job.unit ?? ''}`.trim() : '';
  switch (job.status) {
    case 'starting':
      return `${what}: sending…`;
    case 'queued':
      return `${what}: waiting for a worker…`;
    case 'running':
      return job.cancelling ? `${what}: cancelling… ${work}` : `${what}: ${work} · ${seconds(job.elapsedMs)}`;
    case 'saving':
      return `${what}: saving the results…`;
    case 'completed':
      return `${what} done: ${count(job.total)} ${job.unit ?? ''} in ${seconds(job.elapsedMs)}`;
    case 'cancelled':
      return `${what} cancelled after ${work || seconds(job.elapsedMs)}; nothing was stored.`;
    case 'failed':
      return `${what} failed: ${job.error ?? 'no reason given'}`;
    case 'refused':
      return `${what} not started: ${job.error ?? 'no reason given'}`;
    case 'idle':
      return '';
  }
}

function hint(job: LabJob): string | null {
  if (job.status === 'refused') return 'Correct the setup (the message names the field) and run again.';
  if (job.status === 'failed') return 'The run stopped inside the engine; check the data and parameters, then run again. Nothing was stored.';
  return null;
}

/** The running job: what, how far (a bar with done / total), how long, and a way to stop it. */
export function JobBar({ job, onCancel, onDismiss }: { job: LabJob; onCancel: () => void; onDismiss: () => void }) {
  if (job.status === 'idle') return null;
  const active = isActive(job);
  const fraction = jobFraction(job);
  const tone = job.status === 'failed' || job.status === 'refused' ? 'bad' : job.status === 'cancelled' ? 'warn' : job.status === 'completed' ? 'ok' : '';
  const help = hint(job);
  return (
    <div className={`job-bar ${tone}`} data-testid="lab-job" data-status={job.status} data-kind={job.kind ?? ''} data-done={job.done} data-total={job.total}>
      <div className="job-line">
        {job.label && <span className="job-label">{job.label}</span>}
        <span className="job-status" data-testid="lab-job-status" role={job.status === 'failed' || job.status === 'refused' ? 'alert' : 'status'}>
          {statusText(job)}
        </span>
        {job.best && active && (
          <span className="job-best muted">
            best so far {Object.entries(job.best.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')} → {job.best.score.toFixed(2)}
          </span>
        )}
        <span className="job-spacer" />
        {active ? (
          <button type="button" className="danger-outline" data-testid="lab-cancel" disabled={job.cancelling || job.runId === null} onClick={onCancel}>
            {job.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          <button type="button" className="link" onClick={onDismiss}>
            dismiss
          </button>
        )}
      </div>
      <div
        className="job-progress"
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        data-testid="lab-progress"
      >
        <div className="job-progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      {help && <div className="job-help">{help}</div>}
    </div>
  );
}
