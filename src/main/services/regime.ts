import { IpcError } from '../../shared/ipc/errors';
import type { Handlers } from '../ipc/router';
import type { RegimeService } from '../regime/service';

export function regimeHandlers(service: RegimeService): Pick<Handlers, 'regime.series' | 'regime.current'> {
  return {
    'regime.series': async ({ dataset, from, to }) => {
      const series = await service.series(dataset, from, to);
      if (!series) throw new IpcError('not_found', `There is no dataset ${dataset}.`);
      return series;
    },
    'regime.current': ({ symbol }) => service.current(symbol),
  };
}
