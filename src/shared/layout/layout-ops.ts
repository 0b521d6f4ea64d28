import type { Layout, PanelPlacement, WindowLayout } from '../ipc/services/layout';

export const MAIN_WINDOW_ID = 'main';

/** The layout a fresh install opens on: the dataset list and the regime gauges beside a chart in the main window. */
export function defaultLayout(): Layout {
  return {
    name: 'default',
    windows: [
      {
        windowId: MAIN_WINDOW_ID,
        displayId: null,
        bounds: null,
        panels: [
          { id: 'datasets', kind: 'datasets', settings: {} },
          { id: 'regime-gauges', kind: 'regime-gauges', settings: {} },
          { id: 'chart-1', kind: 'chart', settings: {} },
        ],
      },
    ],
  };
}

export function findWindow(layout: Layout, windowId: string): WindowLayout | undefined {
  return layout.windows.find((w) => w.windowId === windowId);
}

export function withWindow(layout: Layout, win: WindowLayout): Layout {
  const exists = layout.windows.some((w) => w.windowId === win.windowId);
  return { ...layout, windows: exists ? layout.windows.map((w) => (w.windowId === win.windowId ? win : w)) : [...layout.windows, win] };
}

export function withoutWindow(layout: Layout, windowId: string): Layout {
  return { ...layout, windows: layout.windows.filter((w) => w.windowId !== windowId) };
}

/** Moves a panel to another window (created when missing), keeping its settings. */
export function movePanel(layout: Layout, panelId: string, toWindowId: string): Layout {
  let panel: PanelPlacement | undefined;
  const windows = layout.windows.map((w) => {
    const found = w.panels.find((p) => p.id === panelId);
    if (!found) return w;
    panel = found;
    return { ...w, panels: w.panels.filter((p) => p.id !== panelId) };
  });
  if (!panel) return layout;
  const target = windows.find((w) => w.windowId === toWindowId) ?? { windowId: toWindowId, displayId: null, bounds: null, panels: [] };
  const next = { ...layout, windows: windows.filter((w) => w.windowId !== toWindowId) };
  return withWindow(next, { ...target, panels: [...target.panels, panel] });
}

/**
 * Merges a layout the renderer saved with the geometry main knows: renderers own panels and their
 * settings, main owns where windows are (display and bounds).
 */
export function mergeGeometry(incoming: Layout, stored: Layout | null): Layout {
  if (!stored) return incoming;
  return {
    ...incoming,
    windows: incoming.windows.map((w) => {
      const known = findWindow(stored, w.windowId);
      if (!known) return w;
      return { ...w, displayId: w.displayId ?? known.displayId, bounds: w.bounds ?? known.bounds };
    }),
  };
}

export function updatePanelSettings(layout: Layout, panelId: string, settings: Record<string, unknown>): Layout {
  return {
    ...layout,
    windows: layout.windows.map((w) => ({
      ...w,
      panels: w.panels.map((p) => (p.id === panelId ? { ...p, settings: { ...p.settings, ...settings } } : p)),
    })),
  };
}
