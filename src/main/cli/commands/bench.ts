import { benchBacktest } from '../../../../bench/backtest';
import { benchRiskCheck } from '../../../../bench/risk-check';
import { InputError } from '../../../shared/errors';
import { numberOption } from '../args';
import { EXIT_OK, type CliCommand } from '../command';

/** A benchmark the CLI can run: prints one JSON document. */
export interface BenchEntry {
  readonly name: string;
  readonly summary: string;
  run(options: { bars?: number; runs?: number }): unknown;
}

/** Every `sextant bench <name>`; add yours here. */
export const benches: BenchEntry[] = [
  {
    name: 'backtest',
    summary: 'SMA crossover (10/30) through the whole engine: bars per second on one core',
    run: ({ bars, runs }) => benchBacktest(bars ?? 2_000_000, runs ?? 5),
  },
  {
    name: 'risk',
    summary: 'one pre-trade risk check, every rule on, 20 open positions: p50/p99 in microseconds',
    run: () => benchRiskCheck(100_000),
  },
];

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'Run a benchmark and print its figures: ' + benches.map((b) => b.name).join(', '),
  usage: 'bench NAME [--bars N] [--runs R] [--json]',
  options: {
    bars: { type: 'number', description: 'bars per run (backtest; default 2000000)' },
    runs: { type: 'number', description: 'runs, the best one reported (default 5)' },
  },
  run(ctx) {
    const [name, ...rest] = ctx.args.positionals;
    const bench = benches.find((b) => b.name === name);
    if (!bench || rest.length > 0) throw new InputError(`say which benchmark: sextant bench ${benches.map((b) => b.name).join(' | ')}`);
    const bars = numberOption(ctx.args, 'bars');
    const runs = numberOption(ctx.args, 'runs');
    if (bars !== undefined && !(Number.isInteger(bars) && bars >= 100)) throw new InputError(`--bars must be a whole number of at least 100, got ${bars}`);
    if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1)) throw new InputError(`--runs must be a whole number of at least 1, got ${runs}`);
    const result = bench.run({ ...(bars !== undefined ? { bars } : {}), ...(runs !== undefined ? { runs } : {}) });
    ctx.output(result, (r) => JSON.stringify(r, null, 2));
    return EXIT_OK;
  },
};
