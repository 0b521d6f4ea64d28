import { InputError } from '../../shared/errors';
import { IpcError } from '../../shared/ipc/errors';
import { heatmapOf } from '../../shared/lab/heatmap';
import type { BacktestService } from '../backtest/service';
import type { Handlers } from '../ipc/router';
import type { ServiceContext } from './context';

type BacktestRequest = Extract<keyof Handlers, `backtest.${string}`>;

function notFound(id: number): IpcError {
  return new IpcError('not_found', `There is no experiment ${id}; it may have been deleted.`);
}

export function backtestHandlers(ctx: ServiceContext, service: BacktestService): Pick<Handlers, BacktestRequest> {
  const store = service.store;
  return {
    'backtest.strategies': () => service.strategies(),
    'backtest.run': (spec) => service.run(spec),
    'backtest.optimize': (spec) => service.optimize(spec),
    'backtest.walkForward': (spec) => service.walkForward(spec),
    'backtest.monteCarlo': (spec) => service.monteCarlo(spec),
    'backtest.cancel': ({ runId }) => ({ cancelled: service.cancel(runId) }),
    'backtest.jobs': () => service.list(),
    'backtest.experiments.list': (query) => store.list(query),
    'backtest.experiments.get': ({ id, maxPoints }) => {
      const detail = store.get(id, maxPoints);
      if (!detail) throw notFound(id);
      return detail;
    },
    'backtest.experiments.compare': ({ ids, maxPoints }) => {
      const comparison = store.compare(ids, maxPoints);
      if ('missing' in comparison) throw notFound(comparison.missing);
      return comparison;
    },
    'backtest.experiments.heatmap': ({ id, x, y, metric, aggregate }) => {
      const detail = store.get(id, 10);
      if (!detail) throw notFound(id);
      if (!detail.optimization) throw new IpcError('invalid_payload', `experiment ${id} is a ${detail.kind} run; a heatmap needs an optimisation`);
      try {
        return heatmapOf(detail.optimization, x, y, metric ?? detail.optimization.objective, aggregate);
      } catch (error) {
        if (error instanceof InputError) throw new IpcError('invalid_payload', error.message);
        throw error;
      }
    },
    'backtest.experiments.update': ({ id, ...patch }) => {
      const summary = store.update(id, patch);
      if (!summary) throw notFound(id);
      ctx.hub.publish('backtest.experiments.changed', { id, change: 'updated' });
      return summary;
    },
    'backtest.experiments.delete': ({ ids }) => {
      const deleted = store.delete(ids);
      for (const id of deleted) ctx.hub.publish('backtest.experiments.changed', { id, change: 'removed' });
      return { deleted };
    },
  };
}
