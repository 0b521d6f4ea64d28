import { benchBacktest } from '../../../../bench/backtest';
import { benchOptimize } from '../../../../bench/optimize';
import { runRegimeBench } from '../../../../bench/regime';
import { benchRiskCheck } from '../../../../bench/risk-check';
import { InputError } from '../../../shared/errors';
import { booleanOption } from '../args';
import { EXIT_OK, type CliCommand } from '../command';

/**
 * Named benchmarks (each lives in bench/ and returns a JSON-able result). Add yours here:
 * `name: { summary, run: (options) => Promise<object> }`. (The same shape as the registry on the
 * regime branch, so the two merge as a union of entries.)
 */
export interface Benchmark {
  readonly summary: string;
  run(options: { quick: boolean }): Promise<object>;
}

export const benchmarks: Record<string, Benchmark> = {
  backtest: {
    summary: 'SMA crossover (10/30) through the whole engine: bars per second on one core',
    run: async ({ quick }) => benchBacktest(quick ? 200_000 : 2_000_000, quick ? 2 : 5),
  },
  optimize: {
    summary: 'SMA-crossover optimisation over 5,000 bars: backtests per second in this thread and across the worker pool with 1 and 2 workers',
    run: (options) => benchOptimize(options),
  },
  risk: {
    summary: 'one pre-trade risk check, every rule on, 20 open positions: p50/p99 in microseconds',
    run: async ({ quick }) => benchRiskCheck(quick ? 10_000 : 100_000),
  },
  // The two below load on demand: one writes a database, the other starts the Alpaca emulator in a worker.
  pipeline: {
    summary: 'signal → risk → order manager (SQLite journal) → order handed to the simulated broker: p50/p99 in microseconds (target p99 < 1 ms)',
    run: async ({ quick }) => (await import('../../../../bench/pipeline')).runPipelineBench(quick ? { signals: 2_000, warmup: 500 } : {}),
  },
  stream: {
    summary: 'market-data messages per second from a loopback Alpaca stream (the emulator) into the EventHub batches, nothing dropped (target ≥ 50,000/s)',
    run: async ({ quick }) => (await import('../../../../bench/stream')).runStreamBench(quick ? { messages: 100_000 } : {})
  },
  regime: {
    summary: 'regime filter bank: steps/s on one thread (and allocation), in the worker pool at 1 and 2 workers, recovery accuracy',
    run: (options) => runRegimeBench(options),
  },
};

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'Run a named benchmark and print its figures',
  usage: `bench <${Object.keys(benchmarks).join('|')}> [--quick] [--json]`,
  options: {
    quick: { type: 'boolean', description: 'a short run (smoke test; figures are rougher)' },
  },
  async run(ctx) {
    const [name, ...extra] = ctx.args.positionals;
    if (!name || extra.length > 0) {
      const list = Object.entries(benchmarks).map(([key, b]) => `${key} (${b.summary})`).join('; ');
      throw new InputError(`name one benchmark: ${list}`);
    }
    const benchmark = benchmarks[name];
    if (!benchmark) throw new InputError(`unknown benchmark "${name}"; there are: ${Object.keys(benchmarks).join(', ')}`);
    const result = await benchmark.run({ quick: booleanOption(ctx.args, 'quick') });
    ctx.output(result, (r) => JSON.stringify(r, null, 2));
    return EXIT_OK;
  },
};
