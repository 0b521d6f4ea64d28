import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TradingConfigState } from '../../shared/ipc/services/trading-config';
import { useEventStream, useIpc } from '../ipc/context';
import { queryKeys } from './keys';

const CHANGES_PAGE = 50;

/** trading.yaml as main holds it: the file's text, the configuration in force, its problems, the mode. */
export function useTradingConfig() {
  const client = useIpc();
  return useQuery({ queryKey: queryKeys.tradingConfig, queryFn: () => client.invoke('trading.config.get', {}) });
}

/**
 * Keeps every window's view of the trading configuration and mode current: an edit of the file,
 * a change from another window or the CLI, a switch of mode. Mounted once per window.
 */
export function useTradingConfigSync(): void {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.tradingConfig });
    void queryClient.invalidateQueries({ queryKey: queryKeys.configChanges });
  };
  useEventStream('trading.config.changed', refresh);
  useEventStream('trading.config.problems', refresh);
  useEventStream('trading.mode.changed', (views) => {
    const latest = views[views.length - 1];
    if (latest) queryClient.setQueryData<TradingConfigState>(queryKeys.tradingConfig, (state) => (state ? { ...state, mode: latest } : state));
    refresh();
  });
}

/** Saves a patch of trading.yaml; refused as a whole with its problems, or as a conflict when `baseHash` is stale. */
export function useUpdateTradingConfig() {
  const client = useIpc();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { patch: Record<string, unknown>; baseHash?: string }) => client.invoke('trading.config.update', input),
    onSuccess: (state) => {
      queryClient.setQueryData(queryKeys.tradingConfig, state);
      void queryClient.invalidateQueries({ queryKey: queryKeys.configChanges });
    },
  });
}

/** The change history, newest first, a page at a time. */
export function useConfigChanges() {
  const client = useIpc();
  return useInfiniteQuery({
    queryKey: queryKeys.configChanges,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => client.invoke('trading.config.changes', { limit: CHANGES_PAGE, ...(pageParam !== undefined ? { beforeId: pageParam } : {}) }),
    getNextPageParam: (page) => (page.length === CHANGES_PAGE ? page[page.length - 1]!.id : undefined),
  });
}
