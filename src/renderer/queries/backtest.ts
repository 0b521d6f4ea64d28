import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExperimentListQuery, ObjectiveName } from '../../shared/ipc/services/backtest';
import { useEventStream, useIpc } from '../ipc/context';

/** Query keys of the strategy lab, in one place so events refresh the right data. */
export const labKeys = {
  all: ['backtest'] as const,
  strategies: ['backtest', 'strategies'] as const,
  experiments: ['backtest', 'experiments'] as const,
  experiment: (id: number, maxPoints: number) => ['backtest', 'experiments', 'get', id, maxPoints] as const,
  compare: (ids: readonly number[]) => ['backtest', 'experiments', 'compare', ...ids] as const,
  heatmap: (id: number, x: string, y: string, metric: string | undefined) => ['backtest', 'experiments', 'heatmap', id, x, y, metric ?? ''] as const,
};

export function useStrategies() {
  const client = useIpc();
  return useQuery({ queryKey: labKeys.strategies, queryFn: () => client.invoke('backtest.strategies', {}), staleTime: Infinity });
}

/** Refreshes every experiment query when a run is stored, renamed or deleted (here or in another window). */
export function useExperimentsSync(): void {
  const queryClient = useQueryClient();
  useEventStream('backtest.experiments.changed', () => {
    void queryClient.invalidateQueries({ queryKey: labKeys.experiments });
  });
}

export function useExperiments(query: ExperimentListQuery) {
  const client = useIpc();
  return useQuery({
    queryKey: [...labKeys.experiments, 'list', query],
    queryFn: () => client.invoke('backtest.experiments.list', query),
    placeholderData: keepPreviousData,
  });
}

/** One stored run in full; its curve thinned to `maxPoints` (enough to keep a point per bar of daily data). */
export function useExperiment(id: number | null, maxPoints = 20_000) {
  const client = useIpc();
  return useQuery({
    queryKey: labKeys.experiment(id ?? 0, maxPoints),
    queryFn: () => client.invoke('backtest.experiments.get', { id: id!, maxPoints }),
    enabled: id !== null,
    staleTime: 60_000,
  });
}

export function useComparison(ids: readonly number[]) {
  const client = useIpc();
  return useQuery({
    queryKey: labKeys.compare(ids),
    queryFn: () => client.invoke('backtest.experiments.compare', { ids: [...ids], maxPoints: 3000 }),
    enabled: ids.length >= 2,
    placeholderData: keepPreviousData,
  });
}

export function useHeatmap(id: number | null, x: string | null, y: string | null, metric?: ObjectiveName) {
  const client = useIpc();
  return useQuery({
    queryKey: labKeys.heatmap(id ?? 0, x ?? '', y ?? '', metric),
    queryFn: () => client.invoke('backtest.experiments.heatmap', { id: id!, x: x!, y: y!, ...(metric ? { metric } : {}) }),
    enabled: id !== null && x !== null && y !== null && x !== y,
  });
}

export function useDeleteExperiments() {
  const client = useIpc();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) => client.invoke('backtest.experiments.delete', { ids }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: labKeys.experiments }),
  });
}

export function useUpdateExperiment() {
  const client = useIpc();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; name?: string | null; tags?: string[] }) => client.invoke('backtest.experiments.update', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: labKeys.experiments }),
  });
}

/** The bars a run traded (its dataset within the run's first and last bar), for its price chart. */
export function useRunBars(dataset: number | null, from: number | null, to: number | null) {
  const client = useIpc();
  return useQuery({
    queryKey: ['datasets', 'bars', dataset, from, to],
    queryFn: () => client.invoke('datasets.bars', { dataset: dataset!, ...(from !== null ? { from } : {}), ...(to !== null ? { to } : {}) }),
    enabled: dataset !== null,
    staleTime: 60_000,
  });
}
