import { findWindow } from '../../shared/layout/layout-ops';
import { panelKind } from '../panels/registry';
import { useDock } from '../state/dock';
import { useWorkspace } from '../state/workspace';

/**
 * Shows the panel of `kind` in this window with `settings` merged in (a section to open, say):
 * the one already there, or a new one. Brings it into view.
 */
export function openPanel(kind: string, settings: Record<string, unknown> = {}): void {
  const state = useWorkspace.getState();
  const win = state.layout ? findWindow(state.layout, state.windowId) : undefined;
  const existing = win?.panels.find((p) => p.kind === kind);
  let id: string;
  if (existing) {
    id = existing.id;
    if (Object.keys(settings).length > 0) state.updatePanel(id, settings);
  } else {
    const spec = panelKind(kind);
    id = spec?.multiple ? `${kind}-${Date.now().toString(36)}` : kind;
    state.addPanel({ id, kind, settings: { ...(spec?.defaults?.() ?? {}), ...settings } });
  }
  if (panelKind(kind)?.placement === 'dock') useDock.getState().show(id);
  requestAnimationFrame(() => document.querySelector(`[data-panel-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' }));
}
