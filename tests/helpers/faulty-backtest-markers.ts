/** Initial cash values that make the faulty backtest worker (faulty-backtest-worker.ts) misbehave. */
export const CRASH_CASH = 13_013;
export const HANG_CASH = 66_666;
