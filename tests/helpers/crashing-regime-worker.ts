/**
 * The real regime worker plus fault injection, for the pool's crash tests:
 * - SEXTANT_TEST_CRASH_AFTER=N: exit the thread (process.exit inside the worker) when the N-th
 *   message arrives, after comlink has started on it — a crash mid-stream. The variable is read
 *   when the thread starts, so a test that clears it after spawning gets a healthy replacement.
 * - SEXTANT_TEST_POISON=x: exit on every batch whose first close is x (a batch that always kills).
 */
import { parentPort } from 'node:worker_threads';
import '../../src/workers/regime.worker';

const crashAfter = Number(process.env.SEXTANT_TEST_CRASH_AFTER ?? 0);
const poison = Number(process.env.SEXTANT_TEST_POISON ?? Number.NaN);
let seen = 0;
parentPort!.on('message', (message: { name?: string; argumentList?: Array<{ value?: unknown }> }) => {
  seen++;
  if (crashAfter > 0 && seen >= crashAfter) process.exit(7);
  const packed = message?.argumentList?.[1]?.value;
  if (packed instanceof Float64Array && packed[packed.length / 2] === poison) process.exit(9);
});
