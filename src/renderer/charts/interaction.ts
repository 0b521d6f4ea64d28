import type uPlot from 'uplot';

const MIN_VISIBLE_BARS = 10;

/** Clamp an x window to the data, keeping at least a few bars in view. */
export function clampRange(min: number, max: number, length: number): { min: number; max: number } {
  const lo = -0.5;
  const hi = length - 0.5;
  let span = Math.max(MIN_VISIBLE_BARS, max - min);
  span = Math.min(span, hi - lo);
  let a = min;
  let b = a + span;
  if (a < lo) {
    a = lo;
    b = lo + span;
  }
  if (b > hi) {
    b = hi;
    a = hi - span;
  }
  return { min: a, max: b };
}

/**
 * Wheel zooms around the bar under the cursor; Shift+drag (or the middle button) pans;
 * plain drag selects a range to zoom into (uPlot's own); double-click shows everything.
 */
export function zoomPanPlugin(getLength: () => number): uPlot.Plugin {
  return {
    hooks: {
      ready: [
        (u) => {
          const over = u.over;
          over.addEventListener(
            'wheel',
            (event) => {
              event.preventDefault();
              const length = getLength();
              if (length === 0) return;
              const { min = 0, max = length - 1 } = u.scales.x!;
              const rect = over.getBoundingClientRect();
              const fraction = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
              const anchor = min + (max - min) * fraction;
              const factor = event.deltaY < 0 ? 0.8 : 1.25;
              const span = (max - min) * factor;
              u.setScale('x', clampRange(anchor - span * fraction, anchor + span * (1 - fraction), length));
            },
            { passive: false },
          );
          over.addEventListener('mousedown', (event) => {
            if (!(event.shiftKey || event.button === 1)) return;
            event.preventDefault();
            event.stopPropagation();
            const length = getLength();
            const startX = event.clientX;
            const { min: startMin = 0, max: startMax = length - 1 } = u.scales.x!;
            const perPixel = (startMax - startMin) / over.getBoundingClientRect().width;
            const move = (e: MouseEvent): void => {
              const shift = (startX - e.clientX) * perPixel;
              u.setScale('x', clampRange(startMin + shift, startMax + shift, length));
            };
            const up = (): void => {
              window.removeEventListener('mousemove', move);
              window.removeEventListener('mouseup', up);
            };
            window.addEventListener('mousemove', move);
            window.addEventListener('mouseup', up);
          }, true);
        },
      ],
    },
  };
}
