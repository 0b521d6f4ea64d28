/** The lab's job as main reports it: started, progress (never backwards), one end; other jobs ignored. */
import { describe, expect, it } from 'vitest';
import type { BacktestFinished, BacktestProgress } from '../../../src/shared/ipc/services/backtest';
import { IDLE_JOB, isActive, jobFraction, jobReducer, type JobAction, type LabJob } from '../../../src/renderer/panels/lab/jobs/job-state';

const progress = (runId: string, done: number, phase: BacktestProgress['phase'] = 'running'): BacktestProgress => ({
  runId, kind: 'optimization', phase, done, total: 100, unit: 'runs', best: null, elapsedMs: done * 10,
});
const finished = (runId: string, status: BacktestFinished['status'], experimentId: number | null = null, error: string | null = null): BacktestFinished => ({
  runId, kind: 'optimization', status, experimentId, error, elapsedMs: 999,
});

function run(...actions: JobAction[]): LabJob {
  return actions.reduce(jobReducer, IDLE_JOB);
}

describe('lab job', () => {
  const started: JobAction[] = [{ type: 'start', kind: 'optimization', label: 'sma-cross on SPY' }, { type: 'started', runId: 'r1', total: 100 }];

  it('goes from sending to queued to running, counting up to the total', () => {
    expect(run(started[0]!).status).toBe('starting');
    expect(run(...started)).toMatchObject({ status: 'queued', runId: 'r1', total: 100, unit: 'runs' });
    const job = run(...started, { type: 'progress', item: progress('r1', 40) });
    expect(job).toMatchObject({ status: 'running', done: 40 });
    expect(jobFraction(job)).toBe(0.4);
    expect(isActive(job)).toBe(true);
  });

  it('never counts backwards and ignores other runs', () => {
    const job = run(...started, { type: 'progress', item: progress('r1', 60) }, { type: 'progress', item: progress('r1', 50) }, { type: 'progress', item: progress('other', 99) });
    expect(job.done).toBe(60);
    expect(run(...started, { type: 'finished', item: finished('other', 'completed', 7) }).status).toBe('queued');
  });

  it('completes at the full count with the stored experiment', () => {
    const job = run(...started, { type: 'progress', item: progress('r1', 30) }, { type: 'finished', item: finished('r1', 'completed', 42) });
    expect(job).toMatchObject({ status: 'completed', experimentId: 42, done: 100 });
    expect(jobFraction(job)).toBe(1);
    expect(isActive(job)).toBe(false);
  });

  it('stays where it stopped when cancelled, and a late progress item does not revive it', () => {
    const job = run(...started, { type: 'progress', item: progress('r1', 30) }, { type: 'cancelling' }, { type: 'finished', item: finished('r1', 'cancelled') }, { type: 'progress', item: progress('r1', 35) });
    expect(job).toMatchObject({ status: 'cancelled', done: 30, cancelling: false, experimentId: null });
  });

  it('keeps the reason of a failure or a refusal', () => {
    expect(run(...started, { type: 'finished', item: finished('r1', 'failed', null, 'worker crashed') })).toMatchObject({ status: 'failed', error: 'worker crashed' });
    expect(run(started[0]!, { type: 'refused', message: 'params.fast: must be shorter than slow' })).toMatchObject({ status: 'refused', error: 'params.fast: must be shorter than slow' });
  });

  it('marks cancelling only while active', () => {
    expect(run({ type: 'cancelling' })).toBe(IDLE_JOB);
    expect(run(...started, { type: 'cancelling' }).cancelling).toBe(true);
  });

  it('attaches to a run already going (a window opened mid-run)', () => {
    const job = run({ type: 'attach', runId: 'r9', kind: 'optimization', label: 'x', progress: progress('r9', 70) });
    expect(job).toMatchObject({ status: 'running', runId: 'r9', done: 70, total: 100 });
  });
});
