/**
 * The trading service's commands from the UI (react-query mutations over the IPC client), and the
 * one read that is not streamed: an order's recorded risk decision. What they change comes back
 * on the trading streams, into every window's store (state/trading).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { RequestInput } from '../../shared/ipc/contract';
import { useIpc } from '../ipc/context';

export function useSubmitOrder() {
  const client = useIpc();
  return useMutation({ mutationFn: (input: RequestInput<'trading.submitOrder'>) => client.invoke('trading.submitOrder', input) });
}

export function useCancelOrder() {
  const client = useIpc();
  return useMutation({ mutationFn: (clientOrderId: string) => client.invoke('trading.cancelOrder', { clientOrderId }) });
}

export function useCancelAll() {
  const client = useIpc();
  return useMutation({ mutationFn: () => client.invoke('trading.cancelAll', {}) });
}

export function useReplaceOrder() {
  const client = useIpc();
  return useMutation({ mutationFn: (input: RequestInput<'trading.replaceOrder'>) => client.invoke('trading.replaceOrder', input) });
}

export function useClosePosition() {
  const client = useIpc();
  return useMutation({ mutationFn: (symbol: string) => client.invoke('trading.closePosition', { symbol }) });
}

export function useCloseAll() {
  const client = useIpc();
  return useMutation({ mutationFn: () => client.invoke('trading.closeAll', {}) });
}

export function useKillSwitch() {
  const client = useIpc();
  return useMutation({ mutationFn: (reason: string) => client.invoke('trading.killSwitch', { confirm: true, ...(reason.trim() ? { reason: reason.trim() } : {}) }) });
}

export function useResetHalt() {
  const client = useIpc();
  return useMutation({ mutationFn: () => client.invoke('trading.resetHalt', { reason: 'reset from the account bar' }) });
}

export function useReplayStart() {
  const client = useIpc();
  return useMutation({ mutationFn: (input: RequestInput<'trading.replay.start'>) => client.invoke('trading.replay.start', input) });
}

export function useReplayStop() {
  const client = useIpc();
  return useMutation({ mutationFn: () => client.invoke('trading.replay.stop', {}) });
}

/** The risk decision recorded for an order (every rule's verdict); null when it had none. */
export function useOrderRisk(clientOrderId: string | null) {
  const client = useIpc();
  return useQuery({
    queryKey: ['trading', 'orderRisk', clientOrderId],
    queryFn: () => client.invoke('trading.orderRisk', { clientOrderId: clientOrderId! }),
    enabled: clientOrderId !== null,
    staleTime: Infinity,
  });
}
