import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LiveModeView, TradingConfigState } from '../../shared/ipc/services/trading-config';
import { useIpc } from '../ipc/context';
import { queryKeys } from './keys';
import { useTradingConfig } from './trading-config';

/** The mode in force as main says; null until it has said (never guessed either way). */
export function useTradingMode(): { mode: 'paper' | 'live' | null; view: LiveModeView | null } {
  const { data } = useTradingConfig();
  return { mode: data?.mode.effective ?? null, view: data?.mode ?? null };
}

function useSetMode() {
  const queryClient = useQueryClient();
  return (view: LiveModeView) => {
    queryClient.setQueryData<TradingConfigState>(queryKeys.tradingConfig, (state) => (state ? { ...state, mode: view } : state));
    void queryClient.invalidateQueries({ queryKey: queryKeys.tradingConfig });
  };
}

/** Step one of going live: the challenge phrase, or the refusal (no live keys...). */
export function useRequestLive() {
  const client = useIpc();
  return useMutation({ mutationFn: () => client.invoke('trading.mode.requestLive', {}) });
}

export function useConfirmLive() {
  const client = useIpc();
  const setMode = useSetMode();
  return useMutation({ mutationFn: (input: { challengeId: string; phrase: string }) => client.invoke('trading.mode.confirmLive', input), onSuccess: setMode });
}

/** Back to paper: one call, no confirmation. */
export function useLeaveLive() {
  const client = useIpc();
  const setMode = useSetMode();
  return useMutation({ mutationFn: () => client.invoke('trading.mode.leaveLive', {}), onSuccess: setMode });
}
