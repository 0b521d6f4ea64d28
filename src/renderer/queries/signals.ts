import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { SignalRowStatus } from '../../shared/ipc/services/signals';
import type { SignalSource } from '../../shared/trading/signal-outcome';
import { useEventStream, useIpc } from '../ipc/context';
import { queryKeys } from './keys';

export interface SignalFilters {
  readonly source?: SignalSource;
  readonly strategyId?: string;
  readonly symbol?: string;
  readonly status?: SignalRowStatus;
}

const PAGE = 100;
/** Signals written by another process (the CLI) are not streamed: look again this often. */
const POLL_MS = 10_000;
/** At most one refetch of the log this often however fast signals arrive. */
const REFRESH_MIN_MS = 500;

export function useSignals(filters: SignalFilters) {
  const client = useIpc();
  return useInfiniteQuery({
    queryKey: [...queryKeys.signals, filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => client.invoke('signals.list', { ...filters, limit: PAGE, ...(pageParam !== undefined ? { beforeId: pageParam } : {}) }),
    getNextPageParam: (page) => page.nextBeforeId ?? undefined,
    refetchInterval: POLL_MS,
  });
}

/** Refreshes the log when signals arrive or get their outcome, throttled. */
export function useSignalsSync(): void {
  const queryClient = useQueryClient();
  const timer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );
  useEventStream('signals.recorded', () => {
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      void queryClient.invalidateQueries({ queryKey: queryKeys.signals }, { cancelRefetch: false });
    }, REFRESH_MIN_MS);
  });
  useEventStream('signals.endpoint.changed', (items) => {
    const latest = items[items.length - 1];
    if (latest) queryClient.setQueryData(queryKeys.signalEndpoint, latest);
  });
  useEventStream('trading.config.changed', () => void queryClient.invalidateQueries({ queryKey: queryKeys.signalEndpoint }));
}

export function useSignalEndpoint() {
  const client = useIpc();
  return useQuery({ queryKey: queryKeys.signalEndpoint, queryFn: () => client.invoke('signals.endpoint', {}) });
}
