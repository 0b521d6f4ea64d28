import * as Comlink from 'comlink';
// The CommonJS build of comlink's adapter: its default export survives both tsx (ESM) and the
// CommonJS bundles, where comlink stays an external dependency.
import nodeEndpoint from 'comlink/dist/umd/node-adapter.js';
import { parentPort } from 'node:worker_threads';
import { evaluateJob, runJob, type JobHooks } from '../shared/lab/jobs';
import { runMonteCarlo } from '../shared/lab/monte-carlo';
import { regimeSeriesForBars } from '../shared/regime/engine-series';
import { CONTROL_CANCEL, CONTROL_DONE, CONTROL_TOTAL, type BacktestWorkerApi } from './backtest-protocol';

/**
 * A worker thread running the strategy lab's jobs: backtests, batches of an optimisation's
 * parameter sets, Monte Carlo runs. The bars arrive as views of shared memory (not copied per
 * task); results go back with their curves transferred.
 */
function hooks(control: Int32Array): JobHooks {
  return {
    aborted: () => Atomics.load(control, CONTROL_CANCEL) !== 0,
    progress: (done, total) => {
      Atomics.store(control, CONTROL_TOTAL, total);
      Atomics.store(control, CONTROL_DONE, done);
    },
  };
}

const api: BacktestWorkerApi = {
  run(job, control) {
    const record = runJob(job, hooks(control));
    return Comlink.transfer(record, [record.t.buffer as ArrayBuffer, record.equity.buffer as ArrayBuffer, record.grossExposure.buffer as ArrayBuffer]);
  },
  evaluate(job, control) {
    return evaluateJob(job, hooks(control));
  },
  monteCarlo(job, control) {
    hooks(control).progress(0, job.simulations);
    const outcome = runMonteCarlo(job);
    hooks(control).progress(job.simulations, job.simulations);
    return outcome;
  },
  regimes(job) {
    const series = regimeSeriesForBars(job.t, job.close, job.clock, job.config);
    return Comlink.transfer(series, [series.p.buffer as ArrayBuffer, (series.label as Int8Array).buffer as ArrayBuffer]);
  },
};

if (!parentPort) throw new Error('the backtest worker runs as a worker thread (start it with spawnWorker)');
Comlink.expose(api, nodeEndpoint(parentPort));
