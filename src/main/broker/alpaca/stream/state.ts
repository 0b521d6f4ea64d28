/**
 * The connection state machine every Alpaca stream goes through (and the UI shows):
 *
 *   disconnected ──start──▶ connecting ──handshake done──▶ connected
 *        ▲                      │                              │
 *        │ stop (from any)      │ socket lost / handshake fails│ socket lost / stalled
 *        │                      ▼                              ▼
 *        └──────────────── reconnecting ◀──────────────────────┘ (backoff, then connect again;
 *                               │                                  never gives up)
 *                               ▼
 *   error: the server refused our credentials (or the owner's configuration is unusable). No
 *   automatic retry: retrying rejected keys only earns a ban. `restart()` leaves it.
 */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'error';

const ALLOWED: Readonly<Record<ConnectionState, readonly ConnectionState[]>> = {
  disconnected: ['connecting'],
  connecting: ['connected', 'reconnecting', 'error', 'disconnected'],
  connected: ['reconnecting', 'error', 'disconnected'],
  reconnecting: ['connected', 'error', 'disconnected'],
  error: ['connecting', 'disconnected'],
};

export function canTransition(from: ConnectionState, to: ConnectionState): boolean {
  return ALLOWED[from].includes(to);
}

export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** Epoch ms of the last state change. */
  readonly since: number;
  /** Reconnect attempts since the last stable connection (0 when connected and stable). */
  readonly attempt: number;
  /** Why we are in this state (the close reason, "stalled", the server's error), or null. */
  readonly reason: string | null;
  /** When reconnecting: the delay before the next attempt. */
  readonly retryInMs: number | null;
  /** Count of successful handshakes so far (the first connection is 1). */
  readonly connection: number;
}
