import { describe, expect, it } from 'vitest';
import { displayOf, restorePlacement, type DisplayInfo } from '../../../src/shared/layout/placement';
import { defaultLayout, mergeGeometry, movePanel } from '../../../src/shared/layout/layout-ops';

const primary: DisplayInfo = { id: 1, primary: true, workArea: { x: 0, y: 0, width: 1920, height: 1050 } };
const right: DisplayInfo = { id: 2, primary: false, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };

describe('window placement across monitors', () => {
  it('puts a window back where it was when its display is still there', () => {
    const placed = restorePlacement({ displayId: 2, bounds: { x: 2000, y: 100, width: 1200, height: 800 } }, [primary, right]);
    expect(placed).toEqual({ displayId: 2, bounds: { x: 2000, y: 100, width: 1200, height: 800 } });
  });

  it('brings a window whose display is gone back on the primary display, centred, size kept', () => {
    const placed = restorePlacement({ displayId: 2, bounds: { x: 2000, y: 100, width: 1200, height: 800 } }, [primary]);
    expect(placed).toEqual({ displayId: 1, bounds: { x: 360, y: 125, width: 1200, height: 800 } });
  });

  it('shrinks a window larger than its new display to fit', () => {
    const placed = restorePlacement({ displayId: 9, bounds: { x: 0, y: 0, width: 3000, height: 2000 } }, [primary]);
    expect(placed.bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1050 });
  });

  it('re-centres a window that would be mostly off its display (resolution changed)', () => {
    const placed = restorePlacement({ displayId: 1, bounds: { x: 1800, y: 900, width: 800, height: 600 } }, [primary]);
    expect(placed.bounds).toEqual({ x: 560, y: 225, width: 800, height: 600 });
  });

  it('opens a never-saved window on the primary display', () => {
    expect(restorePlacement({ displayId: null, bounds: null }, [right, primary]).displayId).toBe(1);
  });

  it('knows which display holds most of a window', () => {
    expect(displayOf({ x: 1800, y: 0, width: 600, height: 400 }, [primary, right])?.id).toBe(2);
    expect(displayOf({ x: -5000, y: 0, width: 10, height: 10 }, [primary, right])).toBeNull();
  });
});

describe('layout operations', () => {
  it('moves a panel into a new window and back, keeping its settings', () => {
    const base = defaultLayout();
    const withSettings = { ...base, windows: base.windows.map((w) => ({ ...w, panels: w.panels.map((p) => (p.id === 'chart-1' ? { ...p, settings: { dataset: 3 } } : p)) })) };
    const popped = movePanel(withSettings, 'chart-1', 'w-2');
    expect(popped.windows.find((w) => w.windowId === 'main')!.panels.map((p) => p.id)).toEqual(['datasets', 'regime-gauges']);
    expect(popped.windows.find((w) => w.windowId === 'w-2')!.panels).toEqual([{ id: 'chart-1', kind: 'chart', settings: { dataset: 3 } }]);
    const docked = movePanel(popped, 'chart-1', 'main');
    expect(docked.windows.find((w) => w.windowId === 'main')!.panels.map((p) => p.id)).toEqual(['datasets', 'regime-gauges', 'chart-1']);
  });

  it('keeps the geometry main stored when a renderer saves panels', () => {
    const stored = { name: 'default', windows: [{ windowId: 'main', displayId: 2, bounds: { x: 1, y: 2, width: 800, height: 600 }, panels: [] }] };
    const incoming = { name: 'default', windows: [{ windowId: 'main', displayId: null, bounds: null, panels: [{ id: 'p', kind: 'chart', settings: {} }] }] };
    const merged = mergeGeometry(incoming, stored);
    expect(merged.windows[0]).toMatchObject({ displayId: 2, bounds: { x: 1, y: 2, width: 800, height: 600 } });
    expect(merged.windows[0]!.panels).toHaveLength(1);
  });
});
