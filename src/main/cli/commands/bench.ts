import { InputError } from '../../../shared/errors';
import { numberOption, stringOption } from '../args';
import { EXIT_OK, type CliCommand, type CliContext } from '../command';

/**
 * The benchmark registry: `sextant bench <name>`. Each benchmark lives in bench/ (it prints JSON
 * when run directly with tsx too) and is loaded only when asked for. Add one by appending here.
 */
interface BenchEntry {
  readonly name: string;
  readonly summary: string;
  run(ctx: CliContext): Promise<unknown>;
}

const BENCHMARKS: readonly BenchEntry[] = [
  {
    name: 'pipeline',
    summary: 'signal → risk → order manager (SQLite journal) → simulated broker hand-off latency, p50/p99 in µs (target p99 < 1 ms)',
    async run(ctx) {
      const { runPipelineBench } = await import('../../../../bench/pipeline');
      return runPipelineBench({ signals: numberOption(ctx.args, 'signals'), warmup: numberOption(ctx.args, 'warmup') });
    },
  },
  {
    name: 'stream',
    summary: 'market-data messages per second from a loopback Alpaca stream (the emulator) into the EventHub batches, nothing dropped (target ≥ 50,000/s)',
    async run(ctx) {
      const { runStreamBench } = await import('../../../../bench/stream');
      const codec = stringOption(ctx.args, 'codec');
      if (codec !== undefined && codec !== 'msgpack' && codec !== 'json') throw new InputError('--codec is msgpack or json');
      return runStreamBench({ messages: numberOption(ctx.args, 'messages'), ...(codec ? { codecs: [codec] } : {}) });
    },
  },
];

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: `Run a benchmark and print its figures (${BENCHMARKS.map((b) => b.name).join(', ')})`,
  usage: `bench <${BENCHMARKS.map((b) => b.name).join('|')}> [--json]`,
  options: {
    signals: { type: 'number', description: 'pipeline: signals measured (default 20000)' },
    warmup: { type: 'number', description: 'pipeline: signals before measuring (default 2000)' },
    messages: { type: 'number', description: 'stream: messages per run (default 500000)' },
    codec: { type: 'string', description: 'stream: msgpack or json (default both)' },
  },
  async run(ctx) {
    const name = ctx.args.positionals[0];
    const entry = BENCHMARKS.find((b) => b.name === name);
    if (!entry) throw new InputError(`say which benchmark: ${BENCHMARKS.map((b) => `${b.name} (${b.summary})`).join('; ')}`);
    const result = await entry.run(ctx);
    ctx.output(result, (r) => JSON.stringify(r, null, 2));
    return EXIT_OK;
  },
};
