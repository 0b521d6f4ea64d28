import type uPlot from 'uplot';
import { REGIME_COUNT, REGIMES } from '../../shared/domain/regime';
import { visibleRange } from './candles-plugin';
import type { AlignedRegime } from './regime-align';
import { BandColumns, fillBandColumns } from './regime-columns';
import { chartTheme, regimeColors } from './theme';

/** CSS pixels above the plot area holding the displayed label strip (uPlot's top padding). */
export const LABEL_STRIP = 10;
const STRIP_GAP = 3;
/** Label changes closer than this (CSS px on average) are left to the strip's colours alone. */
const MIN_TICK_SPACING = 10;
/** Faint full-height lines only while changes are this far apart (CSS px on average). */
const MIN_LINE_SPACING = 24;

const COLORS = REGIMES.map((name) => regimeColors[name]);

function hatchPattern(ctx: CanvasRenderingContext2D, dpr: number): CanvasPattern | null {
  const size = Math.max(4, Math.round(6 * dpr));
  const tile = document.createElement('canvas');
  tile.width = size;
  tile.height = size;
  const t = tile.getContext('2d');
  if (!t) return null;
  t.strokeStyle = chartTheme.missingHatch;
  t.lineWidth = Math.max(1, dpr * 1.5);
  t.beginPath();
  t.moveTo(0, size);
  t.lineTo(size, 0);
  t.moveTo(-size / 2, size / 2);
  t.lineTo(size / 2, -size / 2);
  t.moveTo(size / 2, size * 1.5);
  t.lineTo(size * 1.5, size / 2);
  t.stroke();
  return ctx.createPattern(tile, 'repeat');
}

/**
 * Draws the regime band: the six probabilities stacked per bar (bull at the top, in REGIMES
 * order), the displayed label as a strip above them, a tick at each label change, and a hatch
 * over bars that were due but missing. One path per colour, so a draw costs a dozen fills
 * whatever the zoom.
 */
export function regimeBandPlugin(getRegime: () => AlignedRegime | null): uPlot.Plugin {
  const columns = new BandColumns();
  let hatch: CanvasPattern | null = null;
  let hatchDpr = 0;
  return {
    hooks: {
      draw: [
        (u) => {
          const regime = getRegime();
          if (!regime || regime.length === 0) return;
          const dpr = devicePixelRatio || 1;
          const ctx = u.ctx;
          const { left, top, width, height } = u.bbox;
          const [i0, i1] = visibleRange(u, regime.length);
          const edge = (i: number): number => Math.round(u.valToPos(i - 0.5, 'x', true));
          fillBandColumns(regime, i0, i1, edge, columns);
          const stripBottom = top - Math.round(STRIP_GAP * dpr);
          const stripTop = Math.max(0, top - Math.round(LABEL_STRIP * dpr));

          ctx.save();
          ctx.beginPath();
          ctx.rect(left, 0, width, top + height);
          ctx.clip();
          const stacks = COLORS.map(() => new Path2D());
          const strips = COLORS.map(() => new Path2D());
          const missing = new Path2D();
          let anyMissing = false;
          for (let c = 0; c < columns.count; c++) {
            const x0 = columns.x0[c]!;
            const w = columns.x1[c]! - x0;
            let cumulative = 0;
            let y0 = top;
            for (let k = 0; k < REGIME_COUNT; k++) {
              cumulative += columns.p[c * REGIME_COUNT + k]!;
              const y1 = top + Math.round(Math.min(1, cumulative) * height);
              if (y1 > y0) stacks[k]!.rect(x0, y0, w, y1 - y0);
              y0 = y1;
            }
            const label = columns.label[c]!;
            if (label >= 0) strips[label]!.rect(x0, stripTop, w, stripBottom - stripTop);
            if (columns.missing[c]) {
              missing.rect(x0, stripTop, w, top + height - stripTop);
              anyMissing = true;
            }
          }
          for (let k = 0; k < REGIME_COUNT; k++) {
            ctx.fillStyle = COLORS[k]!;
            ctx.fill(stacks[k]!);
            ctx.fill(strips[k]!);
          }
          if (anyMissing) {
            if (!hatch || hatchDpr !== dpr) {
              hatch = hatchPattern(ctx, dpr);
              hatchDpr = dpr;
            }
            ctx.fillStyle = hatch ?? chartTheme.missingHatch;
            ctx.fill(missing);
          }

          const visible = regime.transitions.filter((tr) => tr.index >= i0 && tr.index <= i1);
          const line = Math.max(1, Math.round(dpr));
          const spacing = visible.length > 0 ? width / dpr / visible.length : Infinity;
          if (spacing >= MIN_LINE_SPACING) {
            const faint = new Path2D();
            for (const tr of visible) faint.rect(edge(tr.index) - Math.floor(line / 2), top, line, height);
            ctx.fillStyle = chartTheme.transitionFaint;
            ctx.fill(faint);
          }
          if (spacing < MIN_TICK_SPACING) {
            ctx.restore();
            return;
          }
          const ticks = new Path2D();
          const tickBottom = top + Math.round(4 * dpr);
          for (const tr of visible) ticks.rect(edge(tr.index) - Math.floor(line / 2), stripTop, line, tickBottom - stripTop);
          ctx.fillStyle = chartTheme.transition;
          ctx.fill(ticks);
          ctx.restore();
        },
      ],
    },
  };
}
