import { InputError } from '../../../shared/errors';
import { DatasetStore, viewDataset } from '../../market/dataset-store';
import { numberOption } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { formatTable } from '../table';

export const datasetsCommand: CliCommand = {
  name: 'datasets',
  summary: 'List the stored datasets (or remove one with --remove ID)',
  usage: 'datasets [--remove ID]',
  options: {
    remove: { type: 'number', description: 'delete this dataset and its bars' },
  },
  run(ctx) {
    if (ctx.args.positionals.length > 0) throw new InputError(`datasets takes no arguments (got "${ctx.args.positionals[0]}"). Usage: sextant ${datasetsCommand.usage}`);
    const store = new DatasetStore(ctx.db());
    const remove = numberOption(ctx.args, 'remove');
    if (remove !== undefined) {
      const dataset = store.get(remove);
      if (!dataset) throw new InputError(`there is no dataset ${remove}. List them with: sextant datasets`);
      store.remove(remove);
      ctx.output({ removed: remove }, () => `Removed dataset ${remove} (${dataset.symbol} ${dataset.timeframe}, ${dataset.rows} bars).`);
      return EXIT_OK;
    }
    const rows = store.list().map(viewDataset).map((d) => ({
      dataset: d.id,
      symbol: d.symbol,
      timeframe: d.timeframe,
      source: d.source,
      rows: d.rows,
      first: d.first,
      last: d.last,
    }));
    ctx.output(rows, () =>
      rows.length === 0
        ? 'No datasets yet. Import one with: sextant import FILE --symbol SYM'
        : formatTable(['dataset', 'symbol', 'timeframe', 'source', 'rows', 'first', 'last'], rows.map((r) => [r.dataset, r.symbol, r.timeframe, r.source, r.rows, r.first, r.last])),
    );
    return EXIT_OK;
  },
};
