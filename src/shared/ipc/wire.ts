import { z } from 'zod';
import { IpcErrorShape } from './errors';

/**
 * Messages of the web host's WebSocket (the Electron host carries the same shapes over ipcMain).
 * Client → main: invoke, subscribe, unsubscribe. Main → client: result, events.
 */
export const ClientMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invoke'), id: z.number().int().nonnegative(), name: z.string(), input: z.unknown() }),
  z.object({ kind: z.literal('subscribe'), name: z.string() }),
  z.object({ kind: z.literal('unsubscribe'), name: z.string() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: IpcErrorShape };

export interface ResultMessage {
  kind: 'result';
  id: number;
  result: InvokeResult;
}

/** One coalesced batch: every pending item of every subscribed stream since the last flush. */
export interface EventsMessage {
  kind: 'events';
  batches: Record<string, unknown[]>;
}

export type ServerMessage = ResultMessage | EventsMessage;
