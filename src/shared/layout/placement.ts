/** A rectangle in screen coordinates (Electron's DIP). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DisplayInfo {
  readonly id: number;
  readonly workArea: Rect;
  readonly primary: boolean;
}

export interface SavedPlacement {
  readonly displayId: number | null;
  readonly bounds: Rect | null;
}

export const MIN_WINDOW_WIDTH = 480;
export const MIN_WINDOW_HEIGHT = 320;

function intersectionArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function centeredIn(area: Rect, width: number, height: number): Rect {
  const w = Math.min(Math.max(width, MIN_WINDOW_WIDTH), area.width);
  const h = Math.min(Math.max(height, MIN_WINDOW_HEIGHT), area.height);
  return { x: Math.round(area.x + (area.width - w) / 2), y: Math.round(area.y + (area.height - h) / 2), width: w, height: h };
}

/**
 * Where a window saved on some display comes back: on that display when it is still connected
 * and the window would be visible there; otherwise centred on the primary display, size kept.
 */
export function restorePlacement(saved: SavedPlacement, displays: readonly DisplayInfo[], defaultSize = { width: 1400, height: 900 }): { displayId: number; bounds: Rect } {
  if (displays.length === 0) throw new Error('restorePlacement: no displays');
  const primary = displays.find((d) => d.primary) ?? displays[0]!;
  const size = saved.bounds ?? defaultSize;
  const display = saved.displayId === null ? undefined : displays.find((d) => d.id === saved.displayId);
  if (display && saved.bounds) {
    const visible = intersectionArea(saved.bounds, display.workArea);
    // At least a third of the window must be on its display, else it could be unreachable.
    if (visible >= (saved.bounds.width * saved.bounds.height) / 3) {
      const width = Math.min(Math.max(saved.bounds.width, MIN_WINDOW_WIDTH), display.workArea.width);
      const height = Math.min(Math.max(saved.bounds.height, MIN_WINDOW_HEIGHT), display.workArea.height);
      return { displayId: display.id, bounds: { x: saved.bounds.x, y: saved.bounds.y, width, height } };
    }
    return { displayId: display.id, bounds: centeredIn(display.workArea, size.width, size.height) };
  }
  return { displayId: primary.id, bounds: centeredIn(primary.workArea, size.width, size.height) };
}

/** The display holding most of a window's area (the one it "is on"). */
export function displayOf(bounds: Rect, displays: readonly DisplayInfo[]): DisplayInfo | null {
  let best: DisplayInfo | null = null;
  let bestArea = 0;
  for (const display of displays) {
    const area = intersectionArea(bounds, display.workArea);
    if (area > bestArea) {
      best = display;
      bestArea = area;
    }
  }
  return best;
}
