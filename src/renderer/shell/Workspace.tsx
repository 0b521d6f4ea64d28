import { useCallback } from 'react';
import type { PanelPlacement } from '../../shared/ipc/services/layout';
import { MAIN_WINDOW_ID, movePanel } from '../../shared/layout/layout-ops';
import { useIpc } from '../ipc/context';
import { panelKind } from '../panels/registry';
import { useWorkspace, windowOf } from '../state/workspace';
import { Dock } from './Dock';
import { PanelFrame } from './PanelFrame';

/** The panels of this window: the sidebar column and the main grid. */
export function Workspace() {
  const client = useIpc();
  const windowId = useWorkspace((s) => s.windowId);
  const layout = useWorkspace((s) => s.layout);
  const updatePanel = useWorkspace((s) => s.updatePanel);
  const removePanel = useWorkspace((s) => s.removePanel);
  const win = windowOf(layout, windowId);

  const popOut = useCallback(
    async (panel: PanelPlacement) => {
      const current = useWorkspace.getState().layout;
      if (!current) return;
      const { windowId: target } = await client.invoke('layout.popOut', { panel });
      const next = movePanel(current, panel.id, target);
      useWorkspace.getState().receive(next);
      await client.invoke('layout.save', next);
      if (client.host === 'web') window.open(`${window.location.pathname}?window=${encodeURIComponent(target)}`, '_blank', 'noopener');
    },
    [client],
  );

  const dock = useCallback(
    async (panel: PanelPlacement) => {
      const current = useWorkspace.getState().layout;
      if (!current) return;
      const next = movePanel(current, panel.id, MAIN_WINDOW_ID);
      useWorkspace.getState().receive(next);
      await client.invoke('layout.save', next);
      window.close();
    },
    [client],
  );

  if (!layout) return <div className="workspace-loading">Loading workspace…</div>;
  if (!win || win.panels.length === 0) {
    return <div className="workspace-empty">{windowId === MAIN_WINDOW_ID ? 'No panels. Add one with “+ Panel”.' : 'This window has no panels any more; you can close it.'}</div>;
  }
  const body = (panel: PanelPlacement) => {
    const kind = panelKind(panel.kind);
    if (!kind) return null;
    const Component = kind.component;
    return <Component panel={panel} updateSettings={(settings) => updatePanel(panel.id, settings)} />;
  };
  const render = (panel: PanelPlacement) => {
    const kind = panelKind(panel.kind);
    if (!kind) return null;
    return (
      <PanelFrame
        key={panel.id}
        panel={panel}
        title={kind.title}
        windowId={windowId}
        onPopOut={() => void popOut(panel)}
        onDock={() => void dock(panel)}
        onClose={(kind.closable ?? kind.multiple) ? () => removePanel(panel.id) : undefined}
      >
        {body(panel)}
      </PanelFrame>
    );
  };
  const placed = (placement: 'sidebar' | 'main' | 'dock') => win.panels.filter((p) => (panelKind(p.kind)?.placement ?? 'main') === placement);
  const docked = placed('dock');
  // A window of sidebar panels alone (a ticket popped out) shows them at full width.
  const alone = placed('main').length === 0 && docked.length === 0;
  const sidebar = alone ? [] : placed('sidebar');
  const main = alone ? placed('sidebar') : placed('main');
  return (
    <div className={sidebar.length > 0 ? 'workspace with-sidebar' : 'workspace'}>
      {sidebar.length > 0 && <aside className="sidebar">{sidebar.map(render)}</aside>}
      <div className="main-column">
        {main.length > 0 && <main className={`grid grid-${Math.min(main.length, 4)}`}>{main.map(render)}</main>}
        {docked.length > 0 && (
          <Dock
            panels={docked}
            windowId={windowId}
            alone={main.length === 0}
            body={body}
            onPopOut={(panel) => void popOut(panel)}
            onDock={(panel) => void dock(panel)}
            onClose={(panel) => removePanel(panel.id)}
          />
        )}
      </div>
    </div>
  );
}
