import { useCallback, useEffect, useRef, useState } from 'react';
import type { OrderPreview } from '../../../shared/ipc/services/trading';
import type { OrderTicket } from '../../../shared/trading/order-ticket';
import { useIpc } from '../../ipc/context';

/** Typing: ask once the fields are still this long. */
const DEBOUNCE_MS = 200;
/** The account or prices moving (a replay, live marks): ask at most this often. */
const THROTTLE_MS = 500;

export interface TicketPreviewState {
  readonly preview: OrderPreview | null;
  /** The ticket (as JSON) the preview answers: stale when it differs from the ticket shown. */
  readonly forKey: string | null;
  readonly pending: boolean;
  readonly error: string | null;
}

const EMPTY: TicketPreviewState = { preview: null, forKey: null, pending: false, error: null };

/**
 * Every rule's verdict on `ticket` from main (nothing is sent or recorded): asked again when the
 * ticket changes (debounced) and when `world` changes (the account, prices, the trading state;
 * throttled, so a replay moving prices every few milliseconds still gets answers). Answers to
 * older asks are dropped.
 */
export function useTicketPreview(ticket: OrderTicket | null, world: string): TicketPreviewState {
  const client = useIpc();
  const key = ticket ? JSON.stringify(ticket) : null;
  const [state, setState] = useState<TicketPreviewState>(EMPTY);
  const latest = useRef({ ticket, key });
  latest.current = { ticket, key };
  const timer = useRef<number | null>(null);
  const lastAsk = useRef(0);
  const asked = useRef(0);

  const ask = useCallback(() => {
    timer.current = null;
    const { ticket: now, key: nowKey } = latest.current;
    if (!now) return;
    lastAsk.current = performance.now();
    const id = ++asked.current;
    client.invoke('trading.previewOrder', { ticket: now }).then(
      (preview) => {
        if (id === asked.current) setState({ preview, forKey: nowKey, pending: false, error: null });
      },
      (error: unknown) => {
        if (id === asked.current) setState({ preview: null, forKey: nowKey, pending: false, error: error instanceof Error ? error.message : String(error) });
      },
    );
  }, [client]);

  const cancel = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  };

  useEffect(() => {
    cancel();
    if (key === null) {
      asked.current++;
      setState(EMPTY);
      return;
    }
    setState((s) => ({ ...s, pending: true }));
    timer.current = window.setTimeout(ask, DEBOUNCE_MS);
  }, [key, ask]);

  useEffect(() => {
    if (latest.current.key === null || timer.current !== null) return;
    timer.current = window.setTimeout(ask, Math.max(0, lastAsk.current + THROTTLE_MS - performance.now()));
  }, [world, ask]);

  useEffect(() => cancel, []);
  return state;
}
