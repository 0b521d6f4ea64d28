import { reportMetrics } from '../../../shared/backtest/report';
import { InputError } from '../../../shared/errors';
import { objectiveDirection } from '../../../shared/lab/objectives';
import { checkStrategyData, prepareRun, runWalkForwardExperiment } from '../../backtest/lab-runs';
import { booleanOption, numberOption } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import {
  cliSpec, DATA_OPTIONS, formatterOf, labelsOf, loadCliData, SAVE_OPTIONS, saveRun, searchInputOf, SEARCH_OPTIONS, strategyOf, tradingSettingsOf, TRADING_OPTIONS, withPool,
} from '../lab-options';
import { formatTable, numberCell, percentCell } from '../table';

function bars(name: string, value: number | undefined, required: boolean): number | undefined {
  if (value === undefined) {
    if (required) throw new InputError(`--${name} N is required: the number of bars (e.g. --in-sample 756 --out-of-sample 126)`);
    return undefined;
  }
  if (!(Number.isInteger(value) && value >= 2)) throw new InputError(`--${name} must be a whole number of bars ≥ 2, got ${value}`);
  return value;
}

export const walkforwardCommand: CliCommand = {
  name: 'walkforward',
  summary: 'Walk-forward test: optimise on each in-sample window, test the choice on the next out-of-sample window, stitch the out-of-sample equity',
  usage:
    'walkforward --csv FILE | --dataset ID --strategy NAME --param fast=5:50:5 ... --in-sample N --out-of-sample M [--step K] [--anchored] [--objective sharpe] [--random N --seed S] [--workers W] [trading options of backtest] [--no-save] [--json]',
  options: {
    ...DATA_OPTIONS,
    ...TRADING_OPTIONS,
    ...SEARCH_OPTIONS,
    'in-sample': { type: 'number', description: 'bars each window optimises on (anchored: the first window; later ones grow)' },
    'out-of-sample': { type: 'number', description: 'bars each window tests its chosen parameters on' },
    step: { type: 'number', description: 'bars between window starts (default: the out-of-sample length; not less)' },
    anchored: { type: 'boolean', description: 'every in-sample window starts at the first bar (default: rolling windows of fixed length)' },
    ...SAVE_OPTIONS,
  },
  async run(ctx) {
    if (ctx.args.positionals.length > 0) throw new InputError(`unexpected argument "${ctx.args.positionals[0]}". Usage: sextant ${walkforwardCommand.usage}`);
    const strategy = strategyOf(ctx.args);
    const inSample = bars('in-sample', numberOption(ctx.args, 'in-sample'), true)!;
    const outOfSample = bars('out-of-sample', numberOption(ctx.args, 'out-of-sample'), true)!;
    const step = bars('step', numberOption(ctx.args, 'step'), false) ?? outOfSample;
    if (step < outOfSample) throw new InputError(`--step ${step} is shorter than --out-of-sample ${outOfSample}: the out-of-sample parts would overlap and could not be stitched`);
    const mode = booleanOption(ctx.args, 'anchored') ? 'anchored' : 'rolling';
    const trading = tradingSettingsOf(ctx.args);
    const search = searchInputOf(ctx.args, strategy, walkforwardCommand.usage);
    const data = await loadCliData(ctx, walkforwardCommand.usage, strategy);
    checkStrategyData(strategy, data);
    const spec = cliSpec(ctx.args, data, strategy, trading, { space: search.plan.dimensions, search: search.search, objective: search.objective, minTrades: search.minTrades, inSample, outOfSample, step, mode });
    const prepared = prepareRun(strategy, data, trading, labelsOf(ctx.args), spec);
    const progress = ctx.progress('walkforward');
    const run = await withPool(ctx, (pool, signal) =>
      runWalkForwardExperiment(prepared, search, { inSample, outOfSample, step, mode }, pool, { signal, onProgress: (done, total) => progress.update(done, total) }),
    );
    progress.done();
    const experimentId = saveRun(ctx, run.tree);
    const format = formatterOf(data);
    const { outcome } = run;
    const range = (r: { start: number; end: number; startT: number; endT: number }) => ({ start: r.start, end: r.end, first: format(r.startT), last: format(r.endT) });
    const report = {
      strategy,
      symbols: data.series.map((s) => s.data.symbol),
      timeframe: prepared.job.settings.timeframe,
      bars: data.series[0]!.data.bars.t.length,
      objective: search.objective.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      direction: objectiveDirection(search.objective),
      mode,
      in_sample: inSample,
      out_of_sample: outOfSample,
      step,
      windows: outcome.windows.map((w) => ({
        index: w.index,
        in_sample: range(w.inSample),
        out_of_sample: range(w.outOfSample),
        params: w.params,
        in_sample_score: w.inSampleScore,
        in_sample_runs: w.inSampleRuns,
        out_of_sample_metrics: w.run ? reportMetrics(w.run.summary, format) : null,
      })),
      stitched: {
        bars: outcome.t.length,
        first: outcome.t.length > 0 ? format(outcome.t[0]!) : null,
        last: outcome.t.length > 0 ? format(outcome.t[outcome.t.length - 1]!) : null,
        start_equity: prepared.job.settings.initialCash,
        final_equity: outcome.finalEquity,
        trades: outcome.trades.length,
        metrics: reportMetrics(outcome.metrics, format),
      },
      elapsed_ms: Math.round(run.elapsedMs * 1000) / 1000,
      experiment_id: experimentId,
    };
    ctx.output(report, () => {
      const m = report.stitched.metrics as Record<string, number | null>;
      const lines = [
        `${strategy} on ${report.symbols.join(', ')}: ${report.windows.length} ${mode} windows (${inSample} in / ${outOfSample} out, step ${step}) by ${report.objective}; ${report.elapsed_ms.toFixed(0)} ms`,
        '',
        formatTable(['#', 'in sample', 'out of sample', 'params', 'IS score', 'OOS return'], report.windows.map((w) => [
          String(w.index), `${w.in_sample.first}…${w.in_sample.last}`, `${w.out_of_sample.first}…${w.out_of_sample.last}`, JSON.stringify(w.params), w.in_sample_score === null ? 'n/a' : w.in_sample_score.toFixed(3),
          percentCell((w.out_of_sample_metrics as Record<string, number | null> | null)?.total_return),
        ])),
        '',
        `stitched out of sample: ${report.stitched.first}…${report.stitched.last}, final equity ${report.stitched.final_equity.toFixed(2)}: return ${percentCell(m.total_return)}, CAGR ${percentCell(m.cagr)}, Sharpe ${numberCell(m.sharpe)}, max drawdown ${percentCell(m.max_drawdown)}`,
      ];
      if (experimentId !== null) lines.push(`stored as experiment ${experimentId}`);
      return lines.join('\n');
    });
    return EXIT_OK;
  },
};
