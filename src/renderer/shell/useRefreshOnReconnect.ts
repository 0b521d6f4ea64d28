import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useConnection } from '../state/connection';

/**
 * Events sent while the connection to main was down are lost (a switch to LIVE among them): after
 * a reconnect every query is fetched again, so no window keeps showing what was true before.
 */
export function useRefreshOnReconnect(): void {
  const queryClient = useQueryClient();
  const state = useConnection((s) => s.state);
  const wasDown = useRef(false);
  useEffect(() => {
    if (state === 'reconnecting' || state === 'disconnected') wasDown.current = true;
    if (state === 'connected' && wasDown.current) {
      wasDown.current = false;
      void queryClient.invalidateQueries();
    }
  }, [state, queryClient]);
}
