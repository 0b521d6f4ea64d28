/**
 * Keeps this window's trading store current: the six trading streams into the store, and the
 * snapshot read at start, again after the connection to main comes back (events sent while it was
 * down are lost), and after trading moved to another broker account (its orders are another
 * journal). While trading cannot be read (starting, switching brokers) it asks again every few seconds.
 */
import { useEffect, useRef } from 'react';
import type { EventItem } from '../../../shared/ipc/contract';
import { useEventStream, useIpc } from '../../ipc/context';
import { useConnection } from '../connection';
import { loadHistory, loadTradingSnapshot } from './loaders';
import { useTrading, type HistoryKind } from './store';

const RETRY_MS = 3_000;

function useStreamsIntoStore(): void {
  const receive = useTrading((s) => s.receive);
  useEventStream('trading.account', (items) => receive({ name: 'trading.account', items }));
  useEventStream('trading.state', (items) => receive({ name: 'trading.state', items }));
  useEventStream('trading.connection', (items) => receive({ name: 'trading.connection', items }));
  useEventStream('trading.positions', (items) => receive({ name: 'trading.positions', items }));
  useEventStream('trading.orders', (items: EventItem<'trading.orders'>[]) => receive({ name: 'trading.orders', items }));
  useEventStream('trading.fills', (items) => receive({ name: 'trading.fills', items }));
}

/** Mounted once per window (App). */
export function useTradingFeed(): void {
  const client = useIpc();
  useStreamsIntoStore();
  const connection = useConnection((s) => s.state);
  const brokerId = useTrading((s) => s.data.state?.broker.id ?? null);
  const problem = useTrading((s) => s.problem);
  const lastBroker = useRef<string | null>(null);
  const wasDown = useRef(false);

  useEffect(() => {
    void loadTradingSnapshot(client);
  }, [client]);

  useEffect(() => {
    if (connection === 'reconnecting' || connection === 'disconnected') wasDown.current = true;
    if (connection === 'connected' && wasDown.current) {
      wasDown.current = false;
      useTrading.getState().reset();
      void loadTradingSnapshot(client);
    }
  }, [connection, client]);

  useEffect(() => {
    const previous = lastBroker.current;
    if (brokerId !== null) lastBroker.current = brokerId;
    if (previous !== null && brokerId !== null && brokerId !== previous) {
      useTrading.getState().reset();
      void loadTradingSnapshot(client);
    }
  }, [brokerId, client]);

  useEffect(() => {
    if (problem === null) return;
    const timer = window.setInterval(() => void loadTradingSnapshot(client), RETRY_MS);
    return () => window.clearInterval(timer);
  }, [problem, client]);
}

/** A blotter's history: read when the blotter first shows (and after a reset); `loadMore` reads older rows. */
export function useTradingHistory(kind: HistoryKind): { loadMore: () => void } {
  const client = useIpc();
  const state = useTrading((s) => s.history[kind].state);
  useEffect(() => {
    if (state === 'idle') void loadHistory(client, kind);
  }, [state, client, kind]);
  return { loadMore: () => void loadHistory(client, kind) };
}
