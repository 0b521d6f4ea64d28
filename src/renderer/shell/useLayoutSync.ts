import { useEffect, useRef } from 'react';
import { useEventStream, useIpc } from '../ipc/context';
import { useWorkspace } from '../state/workspace';

const SAVE_DELAY_MS = 300;

/** Loads the saved layout, saves local changes (debounced) and follows changes other windows make. */
export function useLayoutSync(): void {
  const client = useIpc();
  const receive = useWorkspace((s) => s.receive);
  const revision = useWorkspace((s) => s.revision);
  const pendingSave = useRef<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    void client.invoke('layout.get', { name: 'default' }).then((layout) => {
      if (!cancelled && layout) receive(layout);
    });
    return () => {
      cancelled = true;
    };
  }, [client, receive]);

  useEventStream('layout.changed', (layouts) => {
    const latest = layouts[layouts.length - 1];
    if (latest && latest.name === 'default' && pendingSave.current === null) receive(latest);
  });

  useEffect(() => {
    if (revision === 0) return;
    if (pendingSave.current !== null) window.clearTimeout(pendingSave.current);
    pendingSave.current = window.setTimeout(() => {
      pendingSave.current = null;
      const layout = useWorkspace.getState().layout;
      if (layout) void client.invoke('layout.save', layout);
    }, SAVE_DELAY_MS);
  }, [client, revision]);
}
