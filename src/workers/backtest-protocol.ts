import type { BacktestJob, EvaluateJob, EvaluatedRow, RunRecord } from '../shared/lab/jobs';
import type { MonteCarloJob, MonteCarloOutcome } from '../shared/lab/monte-carlo';
import type { RegimeSeries } from '../shared/engine/trading-engine';
import type { BarClockSpecInput } from '../shared/regime/clock';
import type { RegimeConfig } from '../shared/regime/config';

/** The regime bank run over a series' closes (for a strategy that reads the regime). */
export interface RegimeJob {
  readonly t: Float64Array;
  readonly close: Float64Array;
  readonly clock: BarClockSpecInput;
  readonly config: RegimeConfig;
}

/**
 * A task's control block, an Int32Array on a SharedArrayBuffer both threads see: main sets
 * CANCEL to ask the worker to stop (it checks every few thousand bars and between parameter
 * sets); the worker writes DONE and TOTAL as it goes, and main reads them for progress events.
 * No message is sent for either.
 */
export const CONTROL_CANCEL = 0;
export const CONTROL_DONE = 1;
export const CONTROL_TOTAL = 2;
export const CONTROL_LENGTH = 3;

/** The backtest worker's API (exposed with comlink): the lab's pure jobs, one call per task. */
export interface BacktestWorkerApi {
  run(job: BacktestJob, control: Int32Array): RunRecord;
  evaluate(job: EvaluateJob, control: Int32Array): EvaluatedRow[];
  monteCarlo(job: MonteCarloJob, control: Int32Array): MonteCarloOutcome;
  regimes(job: RegimeJob, control: Int32Array): RegimeSeries;
}
