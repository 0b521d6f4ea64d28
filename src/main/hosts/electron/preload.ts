// Runs sandboxed in every window before the page: exposes one small typed bridge, nothing else
// of Electron. Main validates every name and payload it receives.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_EVENTS, CHANNEL_INVOKE, CHANNEL_SUBSCRIBE, CHANNEL_UNSUBSCRIBE } from './channels';

const NAME = /^[a-z][a-zA-Z]*\.[a-zA-Z.]+$/;

function checkName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) throw new TypeError('Sextant bridge: not a contract name');
  return name;
}

const bridge = {
  invoke: (name: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(CHANNEL_INVOKE, checkName(name), input),
  subscribe: (name: string): void => ipcRenderer.send(CHANNEL_SUBSCRIBE, checkName(name)),
  unsubscribe: (name: string): void => ipcRenderer.send(CHANNEL_UNSUBSCRIBE, checkName(name)),
  onEvents: (listener: (message: unknown) => void): (() => void) => {
    const handler = (_event: IpcRendererEvent, message: unknown): void => listener(message);
    ipcRenderer.on(CHANNEL_EVENTS, handler);
    return () => ipcRenderer.removeListener(CHANNEL_EVENTS, handler);
  },
};

contextBridge.exposeInMainWorld('sextant', bridge);
