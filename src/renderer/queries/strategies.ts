import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { StrategyLiveStatus } from '../../shared/ipc/services/strategies';
import { useEventStream, useIpc } from '../ipc/context';
import { queryKeys } from './keys';

/** The strategies trading.yaml runs, each with what it is doing (main's snapshot, kept current by its stream). */
export function useLiveStrategies() {
  const client = useIpc();
  return useQuery({ queryKey: queryKeys.liveStrategies, queryFn: () => client.invoke('strategies.live.status', {}) });
}

function merged(list: readonly StrategyLiveStatus[] | undefined, updates: readonly StrategyLiveStatus[]): StrategyLiveStatus[] | undefined {
  if (!list) return list;
  const next = [...list];
  for (const update of updates) {
    const at = next.findIndex((s) => s.id === update.id);
    if (at >= 0) next[at] = update;
    else next.push(update);
  }
  return next;
}

/** Applies each status main streams; a change of trading.yaml may add or remove strategies: ask again. */
export function useLiveStrategiesSync(): void {
  const queryClient = useQueryClient();
  useEventStream('strategies.live.changed', (items) => queryClient.setQueryData<StrategyLiveStatus[]>(queryKeys.liveStrategies, (list) => merged(list, items)));
  useEventStream('trading.config.changed', () => void queryClient.invalidateQueries({ queryKey: queryKeys.liveStrategies }));
}

/** Start or stop: main writes `enabled` into trading.yaml and answers the strategy's status. */
export function useSetStrategyEnabled() {
  const client = useIpc();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; enabled: boolean }) => client.invoke('strategies.live.setEnabled', input),
    onSuccess: (status) => queryClient.setQueryData<StrategyLiveStatus[]>(queryKeys.liveStrategies, (list) => merged(list, [status])),
  });
}
