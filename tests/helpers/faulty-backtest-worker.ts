/**
 * The real backtest worker plus fault injection, for the pool's and the service's tests. The
 * marker is the job's initial cash (any other job runs normally):
 * - 13013: the thread exits (code 9) after running the task, before its answer is sent — a crash;
 * - 66666: the thread spins forever after running the task — a worker that never answers and
 *   never sees a cancel flag.
 */
import { parentPort } from 'node:worker_threads';
import '../../src/workers/backtest.worker';
import { CRASH_CASH, HANG_CASH } from './faulty-backtest-markers';

parentPort!.on('message', (message: { argumentList?: Array<{ value?: { settings?: { initialCash?: number } } }> }) => {
  const cash = message?.argumentList?.[0]?.value?.settings?.initialCash;
  if (cash === CRASH_CASH) process.exit(9);
  if (cash === HANG_CASH) for (;;);
});
