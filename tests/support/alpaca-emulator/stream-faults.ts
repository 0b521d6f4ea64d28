/**
 * Connection-level faults shared by the two stream servers: drop (no close frame, as a network
 * failure), stall (stop reading and writing without closing), end a stall.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

export interface FaultableClient {
  readonly ws: WebSocket;
  stalled: boolean;
}

export function socketOf(ws: WebSocket): Socket {
  return (ws as unknown as { _socket: Socket })._socket;
}

export function dropAll(clients: Iterable<FaultableClient>): void {
  for (const client of clients) client.ws.terminate();
}

/** The server neither sends nor reads (so it doesn't answer pings either). */
export function stallAll(clients: Iterable<FaultableClient>): void {
  for (const client of clients) {
    client.stalled = true;
    socketOf(client.ws).pause();
  }
}

/** The stalled connections are closed: a client has long given up on them. */
export function endStallAll(clients: Iterable<FaultableClient>): void {
  for (const client of clients) if (client.stalled) client.ws.terminate();
}
