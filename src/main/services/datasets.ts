import { InputError } from '../../shared/errors';
import { IpcError } from '../../shared/ipc/errors';
import type { DatasetSummary } from '../../shared/ipc/services/datasets';
import type { Handlers } from '../ipc/router';
import { announceDatasetChange } from '../market/dataset-events';
import { DatasetStore, viewDataset } from '../market/dataset-store';
import { importCsv, importReport } from '../market/import-service';
import type { ServiceContext } from './context';

function summary(record: ReturnType<typeof viewDataset>): DatasetSummary {
  return {
    dataset: record.id,
    symbol: record.symbol,
    timeframe: record.timeframe,
    source: record.source,
    rows: record.rows,
    first: record.first,
    last: record.last,
    firstT: record.firstT,
    lastT: record.lastT,
    timeKind: record.timeKind,
    tz: record.tz,
    createdAt: record.createdAt,
    closesOnly: record.meta.closesOnly === true,
  };
}

export function datasetHandlers(ctx: ServiceContext): Pick<Handlers, 'datasets.list' | 'datasets.bars' | 'datasets.importText' | 'datasets.remove'> {
  const store = new DatasetStore(ctx.db);
  return {
    'datasets.list': () => store.list().map((record) => summary(viewDataset(record))),
    'datasets.bars': ({ dataset, from, to }) => {
      const record = store.get(dataset);
      if (!record) throw new IpcError('not_found', `There is no dataset ${dataset}; it may have been removed.`);
      const bars = store.bars(dataset, { from, to });
      return {
        dataset,
        symbol: record.symbol,
        timeframe: record.timeframe,
        timeKind: record.timeKind,
        tz: record.tz,
        t: Array.from(bars.t),
        o: Array.from(bars.o),
        h: Array.from(bars.h),
        l: Array.from(bars.l),
        c: Array.from(bars.c),
        v: Array.from(bars.v),
      };
    },
    'datasets.importText': (input) => {
      try {
        const { outcome, timings } = importCsv(store, {
          fileName: input.fileName,
          text: input.text,
          symbol: input.symbol,
          timeframe: input.timeframe,
          timeZone: input.tz,
          map: input.map,
          replace: input.replace,
          skipBadRows: input.skipBadRows,
          adjusted: input.adjusted,
        });
        ctx.log.info('datasets', `imported ${input.fileName} as dataset ${outcome.dataset.id} (${outcome.dataset.symbol} ${outcome.dataset.timeframe}, ${timings.rows} rows, parse ${timings.parseMs.toFixed(0)} ms, insert ${timings.insertMs.toFixed(0)} ms)`);
        for (const id of outcome.replaced) announceDatasetChange(ctx, id, 'removed');
        announceDatasetChange(ctx, outcome.dataset.id, 'added');
        return importReport(outcome);
      } catch (error) {
        if (error instanceof InputError) throw new IpcError('invalid_payload', error.message, { ...error.location, reason: error.reason });
        throw error;
      }
    },
    'datasets.remove': ({ dataset }) => {
      const removed = store.remove(dataset);
      if (removed) announceDatasetChange(ctx, dataset, 'removed');
      return { removed };
    },
  };
}
