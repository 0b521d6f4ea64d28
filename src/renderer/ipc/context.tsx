import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { EventItem, EventName, IpcClient } from '../../shared/ipc/contract';

const IpcContext = createContext<IpcClient | null>(null);

export function IpcProvider({ client, children }: { client: IpcClient; children: ReactNode }) {
  return <IpcContext.Provider value={client}>{children}</IpcContext.Provider>;
}

export function useIpc(): IpcClient {
  const client = useContext(IpcContext);
  if (!client) throw new Error('useIpc outside IpcProvider');
  return client;
}

/** Calls `onBatch` with every batch of a main → renderer stream while the component is mounted. */
export function useEventStream<K extends EventName>(name: K, onBatch: (items: EventItem<K>[]) => void): void {
  const client = useIpc();
  const handler = useRef(onBatch);
  handler.current = onBatch;
  useEffect(() => client.subscribe(name, (items) => handler.current(items)), [client, name]);
}
