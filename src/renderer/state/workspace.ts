import { create } from 'zustand';
import type { Layout, PanelPlacement, WindowLayout } from '../../shared/ipc/services/layout';
import { findWindow, MAIN_WINDOW_ID, updatePanelSettings, withWindow } from '../../shared/layout/layout-ops';

/** Which window of the layout this renderer shows: `?window=ID` for popped-out panels. */
export function currentWindowId(): string {
  if (typeof window === 'undefined') return MAIN_WINDOW_ID;
  return new URL(window.location.href).searchParams.get('window') ?? MAIN_WINDOW_ID;
}

interface WorkspaceState {
  readonly windowId: string;
  readonly layout: Layout | null;
  /** Bumped on every local change, so the saver knows what to persist. */
  readonly revision: number;
  /** The layout main sent (another window changed it): replaces ours without a save. */
  receive(layout: Layout): void;
  updatePanel(panelId: string, settings: Record<string, unknown>): void;
  addPanel(panel: PanelPlacement): void;
  removePanel(panelId: string): void;
  /** Sets a setting on every panel of this window that follows the window's selection. */
  broadcast(kinds: readonly string[], settings: Record<string, unknown>): void;
}

export function windowOf(layout: Layout | null, windowId: string): WindowLayout | undefined {
  return layout ? findWindow(layout, windowId) : undefined;
}

export const useWorkspace = create<WorkspaceState>((set, get) => ({
  windowId: currentWindowId(),
  layout: null,
  revision: 0,
  receive: (layout) => set({ layout }),
  updatePanel: (panelId, settings) => {
    const { layout, revision } = get();
    if (!layout) return;
    set({ layout: updatePanelSettings(layout, panelId, settings), revision: revision + 1 });
  },
  addPanel: (panel) => {
    const { layout, windowId, revision } = get();
    if (!layout) return;
    const win = findWindow(layout, windowId) ?? { windowId, displayId: null, bounds: null, panels: [] };
    set({ layout: withWindow(layout, { ...win, panels: [...win.panels, panel] }), revision: revision + 1 });
  },
  removePanel: (panelId) => {
    const { layout, windowId, revision } = get();
    const win = layout ? findWindow(layout, windowId) : undefined;
    if (!layout || !win) return;
    set({ layout: withWindow(layout, { ...win, panels: win.panels.filter((p) => p.id !== panelId) }), revision: revision + 1 });
  },
  broadcast: (kinds, settings) => {
    const { layout, windowId, revision } = get();
    const win = layout ? findWindow(layout, windowId) : undefined;
    if (!layout || !win) return;
    let next = layout;
    for (const panel of win.panels) {
      if (kinds.includes(panel.kind) && panel.settings.linked !== false) next = updatePanelSettings(next, panel.id, settings);
    }
    set({ layout: next, revision: revision + 1 });
  },
}));
