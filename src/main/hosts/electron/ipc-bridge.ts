import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Sextant } from '../../app';
import type { Connection } from '../../ipc/event-hub';
import { CHANNEL_EVENTS, CHANNEL_INVOKE, CHANNEL_SUBSCRIBE, CHANNEL_UNSUBSCRIBE } from './channels';
import { isAppUrl } from './security';

/**
 * Serves the IPC contract to every window: one hub connection per webContents, requests only from
 * frames showing Sextant's own renderer.
 */
export function bridgeIpc(sextant: Sextant, rendererIndex: string): () => void {
  const connections = new Map<number, Connection>();
  const log = sextant.context.log;

  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (isAppUrl(frameUrl, rendererIndex)) return true;
    log.warn('electron', `refused IPC from an untrusted frame (${frameUrl.slice(0, 120)})`);
    return false;
  };

  const connectionFor = (contents: WebContents): Connection => {
    let connection = connections.get(contents.id);
    if (!connection) {
      const created = sextant.context.hub.connect((message) => {
        if (!contents.isDestroyed()) contents.send(CHANNEL_EVENTS, message);
      }, `w${contents.id}`);
      connections.set(contents.id, created);
      contents.once('destroyed', () => {
        sextant.context.hub.disconnect(created);
        connections.delete(contents.id);
      });
      connection = created;
    }
    return connection;
  };

  ipcMain.handle(CHANNEL_INVOKE, async (event, name: unknown, input: unknown) => {
    if (!trusted(event)) return { ok: false, error: { code: 'unauthorized', message: 'Refused: not a Sextant window.' } };
    const connection = connectionFor(event.sender);
    return sextant.router.dispatch(typeof name === 'string' ? name : '', input, { host: 'electron', connectionId: connection.id });
  });
  ipcMain.on(CHANNEL_SUBSCRIBE, (event, name: unknown) => {
    if (trusted(event) && typeof name === 'string') connectionFor(event.sender).subscribe(name);
  });
  ipcMain.on(CHANNEL_UNSUBSCRIBE, (event, name: unknown) => {
    if (trusted(event) && typeof name === 'string') connectionFor(event.sender).unsubscribe(name);
  });

  return () => {
    ipcMain.removeHandler(CHANNEL_INVOKE);
    ipcMain.removeAllListeners(CHANNEL_SUBSCRIBE);
    ipcMain.removeAllListeners(CHANNEL_UNSUBSCRIBE);
  };
}
