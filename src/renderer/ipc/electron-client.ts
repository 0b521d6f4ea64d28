import type { EventsMessage, InvokeResult } from '../../shared/ipc/wire';
import type { SextantBridge } from './bridge';
import { ClientCore } from './client-core';

export function createElectronClient(bridge: SextantBridge): ClientCore {
  const core = new ClientCore('electron', {
    invoke: (name, input) => bridge.invoke(name, input) as Promise<InvokeResult>,
    subscribe: (name) => bridge.subscribe(name),
    unsubscribe: (name) => bridge.unsubscribe(name),
  });
  bridge.onEvents((message) => {
    const m = message as EventsMessage;
    if (m && m.kind === 'events') core.deliver(m);
  });
  return core;
}
