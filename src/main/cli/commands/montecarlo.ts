import { InputError } from '../../../shared/errors';
import { InlineExecutor } from '../../../shared/lab/executor';
import { ExperimentStore, type NewExperiment } from '../../backtest/experiment-store';
import { runMonteCarloExperiment, sourceFromStored, type MonteCarloSettings, type MonteCarloSource } from '../../backtest/lab-runs';
import { listOption, numberOption, stringOption } from '../args';
import { EXIT_OK, type CliCommand, type CliContext } from '../command';
import { cliBacktest, DATA_OPTIONS, labelsOf, SAVE_OPTIONS, saveRun, TRADING_OPTIONS } from '../lab-options';
import { formatTable } from '../table';

function whole(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const n = value ?? fallback;
  if (!(Number.isInteger(n) && n >= min && n <= max)) throw new InputError(`--${name} must be a whole number from ${min} to ${max}, got ${n}`);
  return n;
}

function settingsOf(ctx: CliContext): MonteCarloSettings {
  const method = stringOption(ctx.args, 'method') ?? 'trades';
  if (method !== 'trades' && method !== 'bootstrap') throw new InputError(`--method must be trades (resample trade returns) or bootstrap (block bootstrap of daily returns), got "${method}"`);
  const blockMethod = stringOption(ctx.args, 'block-method') ?? 'stationary';
  if (blockMethod !== 'stationary' && blockMethod !== 'fixed') throw new InputError(`--block-method must be stationary or fixed, got "${blockMethod}"`);
  if (method === 'trades' && (numberOption(ctx.args, 'block') !== undefined || stringOption(ctx.args, 'block-method') !== undefined)) {
    throw new InputError('--block and --block-method go with --method bootstrap');
  }
  return {
    method,
    simulations: whole('runs', numberOption(ctx.args, 'runs'), 10_000, 10, 200_000),
    blockLength: whole('block', numberOption(ctx.args, 'block'), 20, 1, 10_000),
    blockMethod,
    seed: whole('seed', numberOption(ctx.args, 'seed'), 1, 0, 2 ** 32),
    samplePaths: whole('paths', numberOption(ctx.args, 'paths'), 20, 0, 200),
  };
}

export const montecarloCommand: CliCommand = {
  name: 'montecarlo',
  summary: 'Monte Carlo of a backtest: resample its trade returns or block-bootstrap its daily returns; percentiles of final equity and max drawdown',
  usage:
    'montecarlo (--experiment ID | --csv FILE | --dataset ID --strategy NAME [--param k=v ...] [trading options of backtest]) [--runs 10000] [--method trades|bootstrap] [--block 20] [--block-method stationary|fixed] [--seed S] [--no-save] [--json]',
  options: {
    experiment: { type: 'number', description: 'a stored backtest (see `sextant experiments`) instead of running one' },
    ...DATA_OPTIONS,
    ...TRADING_OPTIONS,
    param: { type: 'string', multiple: true, description: 'strategy parameter name=value, e.g. fast=10' },
    runs: { type: 'number', description: 'simulated paths (default 10000)' },
    method: { type: 'string', description: 'trades: resample closed trades\' returns (default) | bootstrap: block-bootstrap the per-bar returns' },
    block: { type: 'number', description: 'bootstrap block length in bars (default 20; the mean length for stationary blocks)' },
    'block-method': { type: 'string', description: 'stationary (random lengths, default) | fixed' },
    seed: { type: 'number', description: 'random seed (default 1): the same seed gives the same percentiles' },
    paths: { type: 'number', description: 'whole paths kept for a fan chart in the stored run (default 20)' },
    ...SAVE_OPTIONS,
  },
  async run(ctx) {
    if (ctx.args.positionals.length > 0) throw new InputError(`unexpected argument "${ctx.args.positionals[0]}". Usage: sextant ${montecarloCommand.usage}`);
    const settings = settingsOf(ctx);
    const experimentId = numberOption(ctx.args, 'experiment');
    let source: MonteCarloSource;
    let parentId: number | null = null;
    let backtest: NewExperiment | null = null;
    let spec: Record<string, unknown>;
    if (experimentId !== undefined) {
      if (listOption(ctx.args, 'csv').length > 0 || listOption(ctx.args, 'dataset').length > 0 || stringOption(ctx.args, 'strategy')) {
        throw new InputError('give --experiment ID or the bars and strategy of a new backtest, not both');
      }
      const stored = new ExperimentStore(ctx.db()).run(experimentId);
      if (!stored) throw new InputError(`there is no stored backtest ${experimentId} (with an equity curve) in ${ctx.dataDir}. List them with: sextant experiments`);
      source = sourceFromStored(stored);
      parentId = experimentId;
      spec = { source: { experimentId }, ...settings };
    } else {
      const run = await cliBacktest(ctx, montecarloCommand.usage, {});
      backtest = run.experiment;
      source = { experiment: backtest, t: backtest.equity!.t, equity: backtest.equity!.equity, trades: backtest.trades };
      const backtestSpec = run.spec;
      spec = { source: { backtest: backtestSpec }, ...settings };
    }
    const started = performance.now();
    const { experiment, outcome } = await runMonteCarloExperiment(source, settings, labelsOf(ctx.args), spec, new InlineExecutor());
    const elapsed = performance.now() - started;
    // A new backtest is stored too, with the Monte Carlo run under it (as the app does).
    const stored = backtest ? saveRun(ctx, { root: backtest, children: [experiment] }, 'child') : saveRun(ctx, { root: experiment, parentId });
    const base = source.experiment;
    const report = {
      source: { experiment_id: parentId, strategy: base.strategy, params: base.params, symbols: base.symbols, bars: base.bars, trades: source.trades.length, final_equity: base.summary?.finalEquity ?? null },
      method: outcome.method,
      runs: outcome.simulations,
      steps_per_path: outcome.stepsPerPath,
      seed: outcome.seed,
      block_length: outcome.blockLength,
      block_method: outcome.blockMethod,
      trade_fraction: outcome.tradeFraction,
      start_equity: outcome.startEquity,
      final_equity: outcome.finalEquity,
      max_drawdown: outcome.maxDrawdown,
      mean_final_equity: outcome.meanFinalEquity,
      probability_of_loss: outcome.probabilityOfLoss,
      clamped_returns: outcome.clampedReturns,
      elapsed_ms: Math.round(elapsed * 1000) / 1000,
      experiment_id: stored,
    };
    ctx.output(report, () => {
      const lines = [
        `Monte Carlo (${report.method === 'trades' ? `resampling ${report.source.trades} trade returns at ${(report.trade_fraction! * 100).toFixed(1)}% of equity each` : `${report.block_method} block bootstrap of ${report.steps_per_path} bar returns, blocks of ${report.block_length}`}) of ${report.source.strategy} on ${report.source.symbols.join(', ')}: ${report.runs} paths, seed ${report.seed}, ${report.elapsed_ms.toFixed(0)} ms`,
        '',
        formatTable(['percentile', 'final equity', 'max drawdown'], report.final_equity.map((p, i) => [`${p.percentile}%`, p.value.toFixed(2), `${(report.max_drawdown[i]!.value * 100).toFixed(2)}%`])),
        '',
        `mean final equity ${report.mean_final_equity.toFixed(2)} from ${report.start_equity.toFixed(2)}; ${(report.probability_of_loss * 100).toFixed(1)}% of paths end below the start`,
      ];
      if (stored !== null) lines.push(`stored as experiment ${stored}`);
      return lines.join('\n');
    });
    return EXIT_OK;
  },
};
