import { z } from 'zod';
import { event, request } from '../define';

/** Where a panel lives: docked in a window's grid, with its own settings (symbol, dataset, ...). */
export const PanelPlacement = z.object({
  id: z.string().min(1).max(64),
  kind: z.string().min(1).max(64),
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type PanelPlacement = z.infer<typeof PanelPlacement>;

export const WindowLayout = z.object({
  windowId: z.string().min(1).max(64),
  /** Display the window was on (Electron display id); null for the web host. */
  displayId: z.number().nullable(),
  bounds: z.object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() }).nullable(),
  panels: z.array(PanelPlacement),
});
export type WindowLayout = z.infer<typeof WindowLayout>;

export const Layout = z.object({ name: z.string().min(1).max(64), windows: z.array(WindowLayout) });
export type Layout = z.infer<typeof Layout>;

export const layoutRequests = {
  'layout.get': request(z.object({ name: z.string().min(1).max(64).default('default') }).strict(), Layout.nullable()),
  'layout.save': request(Layout, z.object({ saved: z.literal(true) })),
  /** Open a panel in its own window (Electron); the web host opens a browser tab instead. */
  'layout.popOut': request(z.object({ panel: PanelPlacement }).strict(), z.object({ windowId: z.string() })),
};

export const layoutEvents = {
  'layout.changed': event(Layout, { keep: 'latest', key: (l) => l.name }),
};
