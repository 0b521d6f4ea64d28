import { REGIME_COUNT } from '../../shared/domain/regime';
import type { AlignedRegime } from './regime-align';

/**
 * The band as the screen can show it: one column per pixel span. Zoomed in, a column is one bar;
 * zoomed out, several bars share a pixel and the column shows their mean probabilities (an
 * honest summary, where drawing the last of them would hide a spike of the others).
 * Reused between draws; grows when a wider range is shown.
 */
export class BandColumns {
  count = 0;
  x0 = new Int32Array(0);
  x1 = new Int32Array(0);
  /** Column c's probability of regime k at `p[c * REGIME_COUNT + k]`. */
  p = new Float64Array(0);
  /** The displayed label at the column's last bar with a row. */
  label = new Int8Array(0);
  /** 1 when a bar of the column was due but missing. */
  missing = new Uint8Array(0);

  ensure(capacity: number): void {
    if (this.x0.length >= capacity) return;
    const size = Math.max(capacity, this.x0.length * 2, 64);
    this.x0 = new Int32Array(size);
    this.x1 = new Int32Array(size);
    this.p = new Float64Array(size * REGIME_COUNT);
    this.label = new Int8Array(size);
    this.missing = new Uint8Array(size);
  }
}

/**
 * Fills `out` with the columns of bars `i0..i1`. `edge(i)` is the whole pixel where bar i starts
 * (bar i spans `[edge(i), edge(i + 1))`), non-decreasing in i. Bars without a regime row add
 * nothing; a column with none of them is not emitted (the band stays blank there).
 */
export function fillBandColumns(regime: AlignedRegime, i0: number, i1: number, edge: (i: number) => number, out: BandColumns): void {
  out.count = 0;
  const n = regime.length;
  const from = Math.max(0, i0);
  const to = Math.min(n - 1, i1);
  if (to < from) return;
  out.ensure(to - from + 2);
  const sums = out.p;
  let start = edge(from);
  let rows = 0;
  let label = -1;
  let missing = 0;
  const emit = (end: number): void => {
    const c = out.count;
    if (rows > 0) {
      const base = c * REGIME_COUNT;
      for (let k = 0; k < REGIME_COUNT; k++) sums[base + k]! /= rows;
      out.x0[c] = start;
      out.x1[c] = end;
      out.label[c] = label;
      out.missing[c] = missing;
      out.count = c + 1;
    }
    rows = 0;
    label = -1;
    missing = 0;
    start = end;
    const next = out.count * REGIME_COUNT;
    for (let k = 0; k < REGIME_COUNT; k++) sums[next + k] = 0;
  };
  for (let k = 0; k < REGIME_COUNT; k++) sums[k] = 0;
  for (let i = from; i <= to; i++) {
    const l = regime.label[i]!;
    if (l >= 0) {
      const base = out.count * REGIME_COUNT;
      for (let k = 0; k < REGIME_COUNT; k++) sums[base + k]! += regime.p[k * n + i]!;
      rows++;
      label = l;
      if (regime.observed[i] === 0) missing = 1;
    }
    const end = edge(i + 1);
    if (end > start) emit(end);
  }
  // Bars squeezed into the last pixel: give them that pixel.
  if (rows > 0) emit(start + 1);
}
