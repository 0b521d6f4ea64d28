import { BrowserWindow, screen, type Rectangle } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Layout } from '../../../shared/ipc/services/layout';
import { defaultLayout, findWindow, MAIN_WINDOW_ID, withoutWindow, withWindow } from '../../../shared/layout/layout-ops';
import { displayOf, restorePlacement, type DisplayInfo } from '../../../shared/layout/placement';
import type { Sextant } from '../../app';
import { secureWebPreferences } from './security';

const LAYOUT_NAME = 'default';
const SAVE_DELAY_MS = 400;

function displays(): DisplayInfo[] {
  const primaryId = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d) => ({ id: d.id, workArea: d.workArea, primary: d.id === primaryId }));
}

/**
 * Opens, restores and remembers Sextant's windows: each window's display and bounds live in the
 * saved layout, and a window whose display is gone comes back on the primary one.
 */
export class WindowManager {
  private readonly windows = new Map<string, BrowserWindow>();
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private quitting = false;

  constructor(
    private readonly sextant: Sextant,
    private readonly rendererIndex: string,
    private readonly preloadPath: string,
  ) {}

  private layout(): Layout {
    return this.sextant.context.layouts.get(LAYOUT_NAME) ?? defaultLayout();
  }

  /** Opens every window of the saved layout (at least the main one) where it was. */
  restoreAll(): void {
    const layout = this.layout();
    if (!findWindow(layout, MAIN_WINDOW_ID)) this.open(MAIN_WINDOW_ID);
    for (const saved of layout.windows) this.open(saved.windowId);
  }

  open(windowId: string): BrowserWindow {
    const existing = this.windows.get(windowId);
    if (existing && !existing.isDestroyed()) {
      existing.focus();
      return existing;
    }
    const saved = findWindow(this.layout(), windowId);
    const placement = restorePlacement({ displayId: saved?.displayId ?? null, bounds: saved?.bounds ?? null }, displays());
    const win = new BrowserWindow({
      ...placement.bounds,
      minWidth: 480,
      minHeight: 320,
      show: false,
      backgroundColor: '#0f1115',
      title: windowId === MAIN_WINDOW_ID ? 'Sextant' : 'Sextant — panel',
      autoHideMenuBar: true,
      webPreferences: secureWebPreferences(this.preloadPath),
    });
    this.windows.set(windowId, win);
    const url = pathToFileURL(this.rendererIndex);
    if (windowId !== MAIN_WINDOW_ID) url.searchParams.set('window', windowId);
    void win.loadURL(url.href);
    win.once('ready-to-show', () => win.show());
    const remember = (): void => this.scheduleSave(windowId, win);
    win.on('moved', remember);
    win.on('resized', remember);
    win.on('closed', () => {
      this.windows.delete(windowId);
      // Closing a pop-out closes its panels; quitting keeps every window for next start.
      if (windowId !== MAIN_WINDOW_ID && !this.quitting) this.forget(windowId);
    });
    if (!saved) this.scheduleSave(windowId, win);
    return win;
  }

  /** A new window for a panel taken out of another window, on the display beside the main one. */
  popOut(windowId: string): void {
    const main = this.windows.get(MAIN_WINDOW_ID);
    const all = displays();
    const mainDisplay = main && !main.isDestroyed() ? displayOf(main.getBounds(), all) : null;
    const target = all.find((d) => d.id !== mainDisplay?.id) ?? mainDisplay ?? all[0];
    if (target) {
      const layout = this.layout();
      const saved = findWindow(layout, windowId);
      const bounds = { x: target.workArea.x + 40, y: target.workArea.y + 40, width: Math.min(1000, target.workArea.width - 80), height: Math.min(700, target.workArea.height - 80) };
      this.sextant.context.layouts.save(withWindow(layout, { windowId, displayId: target.id, bounds, panels: saved?.panels ?? [] }));
    }
    this.open(windowId);
  }

  focusMain(): void {
    const main = this.windows.get(MAIN_WINDOW_ID) ?? this.open(MAIN_WINDOW_ID);
    if (main.isMinimized()) main.restore();
    main.focus();
  }

  prepareQuit(): void {
    this.quitting = true;
    for (const [id, win] of this.windows) if (!win.isDestroyed()) this.saveNow(id, win.getBounds());
  }

  private scheduleSave(windowId: string, win: BrowserWindow): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      if (!win.isDestroyed()) this.saveNow(windowId, win.getBounds());
    }, SAVE_DELAY_MS);
  }

  private saveNow(windowId: string, bounds: Rectangle): void {
    const layout = this.layout();
    const display = displayOf(bounds, displays());
    const saved = findWindow(layout, windowId);
    const next = withWindow(layout, { windowId, displayId: display?.id ?? null, bounds, panels: saved?.panels ?? [] });
    this.sextant.context.layouts.save(next);
  }

  private forget(windowId: string): void {
    const next = withoutWindow(this.layout(), windowId);
    this.sextant.context.layouts.save(next);
    this.sextant.context.hub.publish('layout.changed', next);
  }

  static preloadFile(distMainDir: string): string {
    return path.join(distMainDir, 'preload.cjs');
  }
}
