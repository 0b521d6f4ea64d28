import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useIpc, useEventStream } from '../ipc/context';

export function useDatasets() {
  const client = useIpc();
  const queryClient = useQueryClient();
  useEventStream('datasets.changed', () => {
    void queryClient.invalidateQueries({ queryKey: ['datasets'] });
  });
  return useQuery({ queryKey: ['datasets', 'list'], queryFn: () => client.invoke('datasets.list', {}) });
}

export function useBars(dataset: number | null) {
  const client = useIpc();
  return useQuery({
    queryKey: ['datasets', 'bars', dataset],
    queryFn: () => client.invoke('datasets.bars', { dataset: dataset! }),
    enabled: dataset !== null,
    staleTime: 60_000,
  });
}

export function useAppInfo() {
  const client = useIpc();
  return useQuery({ queryKey: ['system', 'info'], queryFn: () => client.invoke('system.info', {}), staleTime: Infinity });
}
