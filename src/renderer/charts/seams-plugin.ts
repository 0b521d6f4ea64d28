import type uPlot from 'uplot';

const SEAM = 'rgba(255, 183, 77, 0.55)';

/** Dashed vertical lines at x values (where one walk-forward window's test hands over to the next). */
export function seamsPlugin(getSeams: () => readonly number[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const seams = getSeams();
          if (seams.length === 0) return;
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = SEAM;
          ctx.lineWidth = Math.max(1, Math.round(devicePixelRatio || 1));
          ctx.setLineDash([4, 4]);
          ctx.beginPath();
          const lo = u.scales.x!.min ?? -Infinity;
          const hi = u.scales.x!.max ?? Infinity;
          for (const seam of seams) {
            if (seam < lo || seam > hi) continue;
            const x = Math.round(u.valToPos(seam, 'x', true)) + 0.5;
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
          }
          ctx.stroke();
          ctx.restore();
        },
      ],
    },
  };
}
