import { InputError } from '../../../shared/errors';
import { formatBarTime } from '../../../shared/domain/time-format';
import { normalizeSymbol } from '../../../shared/market/symbol';
import { parseTimeBound } from '../../../shared/market/time-bound';
import { parseTimeframeOption } from '../../../shared/market/csv/index';
import { formatTimeframe } from '../../../shared/domain/timeframe';
import { DatasetStore, type DatasetRecord } from '../../market/dataset-store';
import { numberOption, stringOption } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { formatTable } from '../table';

function pickDataset(store: DatasetStore, symbolText: string | undefined, timeframeText: string | undefined, id: number | undefined): DatasetRecord {
  if (id !== undefined) {
    const dataset = store.get(id);
    if (!dataset) throw new InputError(`there is no dataset ${id}. List them with: sextant datasets`);
    if (symbolText !== undefined && normalizeSymbol(symbolText) !== dataset.symbol) {
      throw new InputError(`dataset ${id} holds ${dataset.symbol}, not ${normalizeSymbol(symbolText)}.`);
    }
    return dataset;
  }
  if (symbolText === undefined) throw new InputError(`say which bars: sextant ${barsCommand.usage}`);
  const symbol = normalizeSymbol(symbolText);
  const timeframe = formatTimeframe(parseTimeframeOption(timeframeText ?? '1Day'));
  const dataset = store.latest(symbol, timeframe);
  if (!dataset) {
    const others = store.list().filter((d) => d.symbol === symbol).map((d) => d.timeframe);
    const hint = others.length > 0 ? ` It has ${[...new Set(others)].join(', ')}: pass --timeframe.` : ` Import some with: sextant import FILE --symbol ${symbol}`;
    throw new InputError(`no ${symbol} ${timeframe} dataset.${hint}`);
  }
  return dataset;
}

export const barsCommand: CliCommand = {
  name: 'bars',
  summary: 'Print stored bars of a symbol (the newest dataset at that bar size, or --dataset ID)',
  usage: 'bars SYMBOL [--timeframe 1Day] [--from DATE] [--to DATE] [--dataset ID]',
  options: {
    timeframe: { type: 'string', description: 'bar size (default 1Day)' },
    from: { type: 'string', description: 'first date or time to print (inclusive)' },
    to: { type: 'string', description: 'last date or time to print (inclusive)' },
    dataset: { type: 'number', description: 'a dataset id (see `sextant datasets`) instead of the newest' },
  },
  run(ctx) {
    if (ctx.args.positionals.length > 1) throw new InputError(`give one symbol. Usage: sextant ${barsCommand.usage}`);
    const store = new DatasetStore(ctx.db());
    const dataset = pickDataset(store, ctx.args.positionals[0], stringOption(ctx.args, 'timeframe'), numberOption(ctx.args, 'dataset'));
    const fromText = stringOption(ctx.args, 'from');
    const toText = stringOption(ctx.args, 'to');
    const from = fromText === undefined ? undefined : parseTimeBound(fromText, 'from', dataset.timeKind, dataset.tz);
    const to = toText === undefined ? undefined : parseTimeBound(toText, 'to', dataset.timeKind, dataset.tz);
    if (from !== undefined && to !== undefined && from > to) throw new InputError(`--from ${fromText} is after --to ${toText}.`);
    const bars = store.bars(dataset.id, { from, to });
    const rows = Array.from(bars.t, (t, i) => ({
      t: formatBarTime(t, dataset.timeKind, dataset.tz),
      o: bars.o[i]!,
      h: bars.h[i]!,
      l: bars.l[i]!,
      c: bars.c[i]!,
      v: bars.v[i]!,
    }));
    ctx.output(rows, () =>
      `${dataset.symbol} ${dataset.timeframe}, dataset ${dataset.id} (${rows.length} bars)\n` +
      formatTable(['time', 'open', 'high', 'low', 'close', 'volume'], rows.map((r) => [r.t, r.o, r.h, r.l, r.c, r.v])),
    );
    return EXIT_OK;
  },
};
