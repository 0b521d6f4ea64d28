import { reportMetrics } from '../../../shared/backtest/report';
import { InputError } from '../../../shared/errors';
import { objectiveDirection } from '../../../shared/lab/objectives';
import { checkStrategyData, prepareRun, runOptimizationExperiment } from '../../backtest/lab-runs';
import { EXIT_OK, type CliCommand } from '../command';
import {
  cliSpec, DATA_OPTIONS, formatterOf, labelsOf, loadCliData, SAVE_OPTIONS, saveRun, searchInputOf, SEARCH_OPTIONS, strategyOf, tradingSettingsOf, TRADING_OPTIONS, withPool,
} from '../lab-options';
import { formatTable, percentCell } from '../table';

const snake = (text: string): string => text.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const optimizeCommand: CliCommand = {
  name: 'optimize',
  summary: 'Run a strategy over a grid (or random samples) of parameters across the worker pool and rank the runs',
  usage:
    'optimize --csv FILE | --dataset ID --strategy NAME --param fast=5:50:5 --param slow=20:200:10 [--objective sharpe] [--random N --seed S] [--min-trades N] [--workers W] [trading options of backtest] [--no-save] [--json]',
  options: { ...DATA_OPTIONS, ...TRADING_OPTIONS, ...SEARCH_OPTIONS, ...SAVE_OPTIONS },
  async run(ctx) {
    if (ctx.args.positionals.length > 0) throw new InputError(`unexpected argument "${ctx.args.positionals[0]}". Usage: sextant ${optimizeCommand.usage}`);
    const strategy = strategyOf(ctx.args);
    const trading = tradingSettingsOf(ctx.args);
    const search = searchInputOf(ctx.args, strategy, optimizeCommand.usage);
    const data = await loadCliData(ctx, optimizeCommand.usage, strategy);
    checkStrategyData(strategy, data);
    const spec = cliSpec(ctx.args, data, strategy, trading, { space: search.plan.dimensions, search: search.search, objective: search.objective, minTrades: search.minTrades });
    const prepared = prepareRun(strategy, data, trading, labelsOf(ctx.args), spec);
    const progress = ctx.progress('optimize');
    const run = await withPool(ctx, (pool, signal) => runOptimizationExperiment(prepared, search, pool, { signal, onProgress: (done, total) => progress.update(done, total) }));
    progress.done();
    const experimentId = saveRun(ctx, run.tree);
    const format = formatterOf(data);
    const { outcome, best } = run;
    const report = {
      strategy,
      symbols: data.series.map((s) => s.data.symbol),
      timeframe: prepared.job.settings.timeframe,
      bars: data.series[0]!.data.bars.t.length,
      objective: snake(search.objective),
      direction: objectiveDirection(search.objective),
      search: search.search,
      parameters: search.plan.dimensions.map((d) => ({ name: d.name, values: d.values })),
      combinations: outcome.rows.length,
      evaluated: outcome.evaluated,
      skipped: outcome.skipped,
      workers: run.workers,
      results: outcome.rows.map((row) => ({ params: row.params, score: row.score, metrics: row.metrics ? reportMetrics(row.metrics, format) : null, error: row.error })),
      best: outcome.best && best ? { params: outcome.best.params, score: outcome.best.score, final_equity: best.finalEquity, metrics: reportMetrics(best.metrics, format) } : null,
      elapsed_ms: Math.round(run.elapsedMs * 1000) / 1000,
      runs_per_sec: Math.round(run.runsPerSecond * 10) / 10,
      experiment_id: experimentId,
    };
    ctx.output(report, () => {
      const ranked = report.results.filter((r) => r.score !== null).sort((a, b) => (report.direction === 'max' ? b.score! - a.score! : a.score! - b.score!));
      const names = report.parameters.map((p) => p.name);
      const lines = [
        `${strategy} on ${report.symbols.join(', ')}: ${report.combinations} parameter sets (${report.evaluated} run, ${report.skipped} refused) by ${report.objective}, ${report.workers} workers, ${report.elapsed_ms.toFixed(0)} ms (${report.runs_per_sec} runs/s)`,
        '',
        formatTable([...names, report.objective, 'return', 'max dd', 'trades'], ranked.slice(0, 15).map((r) => {
          const m = r.metrics as Record<string, number | null>;
          return [...names.map((n) => String(r.params[n])), r.score!.toFixed(4), percentCell(m.total_return), percentCell(m.max_drawdown), String(m.trade_count)];
        })),
      ];
      if (ranked.length > 15) lines.push(`(best 15 of ${ranked.length} scored; --json prints every set)`);
      lines.push('', report.best ? `best: ${JSON.stringify(report.best.params)} ${report.objective} ${report.best.score.toFixed(4)}, final equity ${report.best.final_equity.toFixed(2)}` : 'no parameter set scored');
      if (experimentId !== null) lines.push(`stored as experiment ${experimentId}`);
      return lines.join('\n');
    });
    return EXIT_OK;
  },
};
