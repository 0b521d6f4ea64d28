import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { BacktestFinished, BacktestProgress, ExperimentKind, RunStarted } from '../../../../shared/ipc/services/backtest';
import { useEventStream, useIpc } from '../../../ipc/context';
import { IDLE_JOB, isActive, jobReducer, type LabJob } from './job-state';

export interface LabJobControl {
  readonly job: LabJob;
  /** Sends the run request; the job follows main's events until it ends. */
  start(kind: ExperimentKind, label: string, send: () => Promise<RunStarted>): Promise<void>;
  cancel(): void;
  reset(): void;
}

/** Events of runs whose id the request has not answered yet (a short run may end first). */
const EARLY_EVENTS_KEPT = 50;

/**
 * The lab's one job at a time: start, progress, cancel, and its end. A window opened while a run
 * of `attachKinds` is going (a panel re-opened, a pop-out) picks that run up.
 */
export function useLabJob(attachKinds: readonly ExperimentKind[]): LabJobControl {
  const client = useIpc();
  const [job, dispatch] = useReducer(jobReducer, IDLE_JOB);
  const jobRef = useRef(job);
  jobRef.current = job;
  const early = useRef(new Map<string, { progress?: BacktestProgress; finished?: BacktestFinished }>());
  // The run this window follows, known as soon as the request is answered: `jobRef` only catches
  // up at the next render, and events that arrive in between must not be parked and forgotten.
  const followed = useRef<string | null>(null);
  const isFollowed = (runId: string): boolean => runId === followed.current || runId === jobRef.current.runId;

  const remember = (runId: string, entry: { progress?: BacktestProgress; finished?: BacktestFinished }) => {
    const map = early.current;
    map.set(runId, { ...map.get(runId), ...entry });
    if (map.size > EARLY_EVENTS_KEPT) map.delete(map.keys().next().value!);
  };

  useEventStream('backtest.progress', (items) => {
    for (const item of items) {
      if (isFollowed(item.runId)) dispatch({ type: 'progress', item });
      else if (jobRef.current.status === 'starting') remember(item.runId, { progress: item });
    }
  });
  useEventStream('backtest.finished', (items) => {
    for (const item of items) {
      if (isFollowed(item.runId)) dispatch({ type: 'finished', item });
      else if (jobRef.current.status === 'starting') remember(item.runId, { finished: item });
    }
  });

  useEffect(() => {
    let stale = false;
    client
      .invoke('backtest.jobs', {})
      .then((jobs) => {
        const running = jobs.find((j) => attachKinds.includes(j.kind));
        if (!stale && running && jobRef.current.status === 'idle') {
          followed.current = running.runId;
          dispatch({ type: 'attach', runId: running.runId, kind: running.kind, label: running.label, progress: running.progress });
        }
      })
      .catch(() => {});
    return () => {
      stale = true;
    };
    // Once per mount (attachKinds is a constant of the caller): a job started here is tracked by the events.
  }, [client]);

  const start = useCallback(async (kind: ExperimentKind, label: string, send: () => Promise<RunStarted>) => {
    if (isActive(jobRef.current)) return;
    early.current.clear();
    followed.current = null;
    dispatch({ type: 'start', kind, label });
    try {
      const { runId, total } = await send();
      followed.current = runId;
      dispatch({ type: 'started', runId, total });
      const seen = early.current.get(runId);
      if (seen?.progress) dispatch({ type: 'progress', item: seen.progress });
      if (seen?.finished) dispatch({ type: 'finished', item: seen.finished });
      early.current.clear();
    } catch (error) {
      dispatch({ type: 'refused', message: error instanceof Error ? error.message : String(error) });
    }
  }, []);

  const cancel = useCallback(() => {
    const { runId } = jobRef.current;
    if (!runId || !isActive(jobRef.current)) return;
    dispatch({ type: 'cancelling' });
    void client.invoke('backtest.cancel', { runId }).catch(() => {});
  }, [client]);

  const reset = useCallback(() => {
    followed.current = null;
    dispatch({ type: 'reset' });
  }, []);
  return { job, start, cancel, reset };
}
