import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { RegimeCurrent, RegimeSeries } from '../../shared/ipc/services/regime';
import { useEventStream, useIpc } from '../ipc/context';
import { queryKeys } from './keys';
import { appendSeriesTail, mergeCurrents, planSeriesUpdate } from './regime-cache';

/**
 * A dataset's regime band (every bar's probabilities, labels, transitions). Kept current from
 * `regime.updates`: new bars fetch only the rows after the cached ones; a rerun of the bank
 * (its settings or the bars changed) loads the band again.
 */
export function useRegimeSeries(dataset: number | null) {
  const client = useIpc();
  const queryClient = useQueryClient();
  const latest = useRef<RegimeCurrent | null>(null);
  const following = useRef(false);
  const query = useQuery({
    queryKey: queryKeys.regimeSeries(dataset),
    queryFn: () => client.invoke('regime.series', { dataset: dataset! }),
    enabled: dataset !== null,
    staleTime: Infinity,
  });

  const follow = async (id: number): Promise<void> => {
    if (following.current) return;
    following.current = true;
    const key = queryKeys.regimeSeries(id);
    try {
      for (;;) {
        const update = latest.current;
        if (!update || update.dataset !== id) return;
        const plan = planSeriesUpdate(queryClient.getQueryData<RegimeSeries>(key), update);
        if (plan.kind === 'none') return;
        if (plan.kind === 'reload') {
          await queryClient.invalidateQueries({ queryKey: key, exact: true });
          return;
        }
        const tail = await client.invoke('regime.series', { dataset: id, from: plan.from });
        if (tail.t.length === 0) return;
        queryClient.setQueryData<RegimeSeries>(key, (old) => (old ? appendSeriesTail(old, tail) : old));
      }
    } catch {
      await queryClient.invalidateQueries({ queryKey: key, exact: true });
    } finally {
      following.current = false;
    }
  };

  useEventStream('regime.updates', (items) => {
    if (dataset === null) return;
    const mine = items.filter((u) => u.dataset === dataset).at(-1);
    if (!mine) return;
    latest.current = mine;
    void follow(dataset);
  });
  return query;
}

/** What the bank says now about every dataset, kept current from `regime.updates`. */
export function useRegimeCurrents() {
  const client = useIpc();
  const queryClient = useQueryClient();
  useEventStream('regime.updates', (items) => {
    queryClient.setQueryData<RegimeCurrent[]>(queryKeys.regimeCurrent, (old) => mergeCurrents(old, items));
  });
  useEventStream('datasets.changed', () => void queryClient.invalidateQueries({ queryKey: queryKeys.regimeCurrent }));
  return useQuery({ queryKey: queryKeys.regimeCurrent, queryFn: () => client.invoke('regime.current', {}), staleTime: Infinity });
}

/**
 * How many bars the label has held: the rows from `since` to the newest bar, minus the one it
 * started on. Asked again when the label or the newest bar changes.
 */
export function useHeldBars(current: RegimeCurrent | undefined) {
  const client = useIpc();
  const since = current?.since ?? null;
  return useQuery({
    queryKey: queryKeys.regimeHeldBars(current?.dataset ?? 0, since ?? 0, current?.t ?? 0),
    queryFn: async () => {
      const rows = await client.invoke('regime.series', { dataset: current!.dataset, from: since!, to: current!.t });
      return Math.max(0, rows.t.length - 1);
    },
    enabled: current !== undefined && since !== null,
    staleTime: Infinity,
  });
}
