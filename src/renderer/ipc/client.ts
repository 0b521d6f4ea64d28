import { electronBridge } from './bridge';
import type { ClientCore, ConnectionState } from './client-core';
import { createElectronClient } from './electron-client';
import { createWebClient } from './web-client';

/** The renderer runs under the Electron host when the preload bridge is there, else the web host. */
export function createIpcClient(onState: (state: ConnectionState) => void): ClientCore {
  const bridge = electronBridge();
  if (bridge) {
    onState('connected');
    return createElectronClient(bridge);
  }
  return createWebClient(onState);
}
