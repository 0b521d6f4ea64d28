import { InputError } from '../../../shared/errors';
import { ExperimentKind, type ExperimentSummary } from '../../../shared/ipc/services/backtest';
import { ExperimentStore } from '../../backtest/experiment-store';
import { booleanOption, numberOption, stringOption } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { formatTable, numberCell, percentCell } from '../table';

function ids(positionals: readonly string[], what: string, min: number): number[] {
  if (positionals.length < min) throw new InputError(`${what} needs ${min === 1 ? 'an experiment id' : `at least ${min} experiment ids`} (see sextant experiments --list)`);
  return positionals.map((text) => {
    const id = Number(text);
    if (!Number.isInteger(id) || id <= 0) throw new InputError(`"${text}" is not an experiment id (a positive whole number)`);
    return id;
  });
}

function when(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function row(e: ExperimentSummary): Array<string | number> {
  return [e.id, e.kind, when(e.createdAt), e.strategy, e.symbols.join('/'), JSON.stringify(e.params), percentCell(e.summary?.totalReturn), numberCell(e.summary?.sharpe), percentCell(e.summary?.maxDrawdown), e.name ?? ''];
}

const HEADERS = ['id', 'kind', 'created (UTC)', 'strategy', 'symbols', 'params', 'return', 'sharpe', 'max dd', 'name'];

export const experimentsCommand: CliCommand = {
  name: 'experiments',
  summary: 'The experiment log: list stored runs, show one, compare several side by side, delete',
  usage: 'experiments [--list] [--kind K] [--strategy S] [--symbol SYM] [--tag T] [--limit N] | --show ID [--points N] | --compare ID ID... | --delete ID... [--json]',
  options: {
    list: { type: 'boolean', description: 'list stored runs, newest first (the default)' },
    kind: { type: 'string', description: 'only backtest | optimization | walkforward | montecarlo runs' },
    strategy: { type: 'string', description: 'only runs of this strategy' },
    symbol: { type: 'string', description: 'only runs trading this symbol' },
    tag: { type: 'string', description: 'only runs with this tag' },
    limit: { type: 'number', description: 'at most this many (default 50)' },
    show: { type: 'boolean', description: 'show the run whose id follows, in full' },
    points: { type: 'number', description: 'with --show: thin the equity curve to this many points (default 500)' },
    compare: { type: 'boolean', description: 'compare the runs whose ids follow: metrics side by side, equity curves on one time axis' },
    delete: { type: 'boolean', description: 'delete the runs whose ids follow, with the runs stored under them' },
  },
  run(ctx) {
    const modes = (['show', 'compare', 'delete'] as const).filter((m) => booleanOption(ctx.args, m));
    if (modes.length > 1) throw new InputError(`give one of --show, --compare, --delete (got ${modes.map((m) => `--${m}`).join(' and ')})`);
    const store = new ExperimentStore(ctx.db());
    const mode = modes[0] ?? 'list';
    if (mode === 'show') {
      const [id] = ids(ctx.args.positionals, '--show', 1);
      if (ctx.args.positionals.length > 1) throw new InputError('--show takes one id; to see several side by side use --compare');
      const points = numberOption(ctx.args, 'points') ?? 500;
      if (!(Number.isInteger(points) && points >= 10)) throw new InputError(`--points must be a whole number ≥ 10, got ${points}`);
      const detail = store.get(id!, points);
      if (!detail) throw new InputError(`there is no experiment ${id} in ${ctx.dataDir}`);
      ctx.output(detail, () => {
        const lines = [formatTable(HEADERS, [row(detail)]), '', `data: ${detail.data.map((d) => `${d.symbol} ${d.timeframe} ${d.source === 'dataset' ? `dataset ${d.datasetId}` : d.file} (${d.bars} bars, sha256 ${d.sha256.slice(0, 12)}…, regime ${d.regime})`).join('; ')}`];
        lines.push(`sizing ${detail.sizing}; ${detail.trades.length} trades, ${detail.openPositions.length} open positions; ${detail.children.length} runs under it`);
        if (detail.optimization) lines.push(`optimisation: ${detail.optimization.rows.length} sets by ${detail.optimization.objective}; best ${JSON.stringify(detail.optimization.best?.params ?? null)} (experiment ${detail.optimization.bestExperimentId ?? 'none'})`);
        if (detail.walkForward) lines.push(`walk-forward: ${detail.walkForward.windows.length} ${detail.walkForward.mode} windows of ${detail.walkForward.inSample}/${detail.walkForward.outOfSample} bars`);
        if (detail.monteCarlo) lines.push(`Monte Carlo: ${detail.monteCarlo.simulations} paths (${detail.monteCarlo.method}); final equity p5 ${detail.monteCarlo.finalEquity[0]!.value.toFixed(2)}, p50 ${detail.monteCarlo.finalEquity[2]!.value.toFixed(2)}, p95 ${detail.monteCarlo.finalEquity[4]!.value.toFixed(2)}`);
        if (detail.notes) lines.push(`notes: ${detail.notes}`);
        lines.push('(--json prints everything: metrics, equity curve, trades)');
        return lines.join('\n');
      });
      return EXIT_OK;
    }
    if (mode === 'compare') {
      const list = ids(ctx.args.positionals, '--compare', 2);
      const comparison = store.compare(list, numberOption(ctx.args, 'points') ?? 500);
      if ('missing' in comparison) throw new InputError(`there is no experiment ${comparison.missing} in ${ctx.dataDir}`);
      ctx.output(comparison, () => {
        const headers = ['metric', ...comparison.experiments.map((e) => `#${e.id} ${e.name ?? e.strategy}`)];
        const cell = (format: string, value: number | null): string =>
          value === null ? 'n/a' : format === 'percent' ? percentCell(value) : format === 'count' ? String(value) : numberCell(value);
        return formatTable(headers, comparison.metrics.map((m) => [m.label, ...m.values.map((v, i) => `${cell(m.format, v)}${m.bestIndex === i ? ' *' : ''}`)])) + '\n(* best)';
      });
      return EXIT_OK;
    }
    if (mode === 'delete') {
      const deleted = store.delete(ids(ctx.args.positionals, '--delete', 1));
      ctx.output({ deleted }, () => (deleted.length > 0 ? `deleted ${deleted.length} runs: ${deleted.join(', ')}` : 'nothing deleted (no such experiments)'));
      return EXIT_OK;
    }
    if (ctx.args.positionals.length > 0) throw new InputError(`unexpected argument "${ctx.args.positionals[0]}"; to show a run use --show ${ctx.args.positionals[0]}`);
    const kind = stringOption(ctx.args, 'kind');
    if (kind !== undefined && !ExperimentKind.safeParse(kind).success) throw new InputError(`--kind must be one of ${ExperimentKind.options.join(', ')}, got "${kind}"`);
    const limit = numberOption(ctx.args, 'limit') ?? 50;
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= 500)) throw new InputError(`--limit must be a whole number from 1 to 500, got ${limit}`);
    const page = store.list({
      ...(kind ? { kind: kind as ExperimentSummary['kind'] } : {}),
      ...(stringOption(ctx.args, 'strategy') ? { strategy: stringOption(ctx.args, 'strategy')! } : {}),
      ...(stringOption(ctx.args, 'symbol') ? { symbol: stringOption(ctx.args, 'symbol')! } : {}),
      ...(stringOption(ctx.args, 'tag') ? { tag: stringOption(ctx.args, 'tag')! } : {}),
      limit,
    });
    ctx.output(page, () => (page.experiments.length === 0 ? `no stored runs in ${ctx.dataDir}` : formatTable(HEADERS, page.experiments.map(row)) + (page.nextBeforeId !== null ? `\n(more: --limit ${limit * 2})` : '')));
    return EXIT_OK;
  },
};
