import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlpacaKeyMode } from '../../shared/ipc/services/secrets';
import { useEventStream, useIpc } from '../ipc/context';
import { queryKeys } from './keys';

/** Which Alpaca keys are present and where they are kept (never a secret). */
export function useSecretsStatus() {
  const client = useIpc();
  const queryClient = useQueryClient();
  useEventStream('secrets.changed', (items) => {
    const latest = items[items.length - 1];
    if (latest) queryClient.setQueryData(queryKeys.secrets, latest);
  });
  return useQuery({ queryKey: queryKeys.secrets, queryFn: () => client.invoke('secrets.status', {}) });
}

export function useSetAlpacaKeys() {
  const client = useIpc();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { mode: AlpacaKeyMode; keyId: string; secret: string }) => client.invoke('secrets.setAlpacaKeys', input),
    onSuccess: (status) => queryClient.setQueryData(queryKeys.secrets, status),
  });
}

export function useClearAlpacaKeys() {
  const client = useIpc();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mode: AlpacaKeyMode) => client.invoke('secrets.clearAlpacaKeys', { mode }),
    onSuccess: (status) => queryClient.setQueryData(queryKeys.secrets, status),
  });
}
