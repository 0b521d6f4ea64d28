import type { ServiceContext } from '../services/context';

export type DatasetChange = 'added' | 'removed' | 'appended';

/** Tells every window (`datasets.changed`) and every main service (`dataset.changed`) about a change. */
export function announceDatasetChange(ctx: Pick<ServiceContext, 'hub' | 'bus' | 'log'>, dataset: number, change: DatasetChange): void {
  ctx.hub.publish('datasets.changed', { dataset, change });
  ctx.bus.emit('dataset.changed', { dataset, change }, (error) => {
    ctx.log.error('datasets', `a dataset.changed listener failed: ${error instanceof Error ? error.message : String(error)}`);
  });
}
