/**
 * How the band fits bars to pixels: one column per bar when zoomed in, the mean of the bars
 * sharing a pixel when zoomed out, nothing where the bank has no row.
 */
import { describe, expect, it } from 'vitest';
import type { AlignedRegime } from '../../../src/renderer/charts/regime-align';
import { BandColumns, fillBandColumns } from '../../../src/renderer/charts/regime-columns';

/** n bars; bar i has p = regime (i % 6) at 0.75, the rest 0.05; label −1 where `blank` says. */
function regime(n: number, blank: (i: number) => boolean = () => false, missing: (i: number) => boolean = () => false): AlignedRegime {
  const p = new Float64Array(6 * n).fill(NaN);
  const label = new Int8Array(n).fill(-1);
  const observed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (blank(i)) continue;
    for (let k = 0; k < 6; k++) p[k * n + i] = k === i % 6 ? 0.75 : 0.05;
    label[i] = i % 6;
    observed[i] = missing(i) ? 0 : 1;
  }
  return { length: n, p, label, observed, transitions: [], matched: n, unmatched: 0 };
}

const column = (c: BandColumns, j: number) => ({
  x0: c.x0[j],
  x1: c.x1[j],
  label: c.label[j],
  missing: c.missing[j],
  p: Array.from(c.p.subarray(j * 6, j * 6 + 6)),
});

describe('fillBandColumns', () => {
  it('gives each bar its own column when bars are wider than a pixel', () => {
    const out = new BandColumns();
    fillBandColumns(regime(12), 2, 5, (i) => 100 + i * 10, out);
    expect(out.count).toBe(4);
    expect(column(out, 0)).toEqual({ x0: 120, x1: 130, label: 2, missing: 0, p: [0.05, 0.05, 0.75, 0.05, 0.05, 0.05] });
    expect(column(out, 3)).toMatchObject({ x0: 150, x1: 160, label: 5 });
  });

  it('averages the bars that share a pixel, so the column still sums to 1', () => {
    const out = new BandColumns();
    // Four bars per pixel: bars 0..3 → pixel 0, 4..7 → pixel 1, ...
    fillBandColumns(regime(24, () => false, (i) => i === 9), 0, 23, (i) => Math.floor(i / 4), out);
    expect(out.count).toBe(6);
    const first = column(out, 0);
    expect(first).toMatchObject({ x0: 0, x1: 1, label: 3, missing: 0 });
    expect(first.p[0]).toBeCloseTo((0.75 + 3 * 0.05) / 4, 12);
    expect(first.p[4]).toBeCloseTo(0.05, 12);
    for (let j = 0; j < out.count; j++) expect(column(out, j).p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // Bar 9 was due but missing: its pixel says so.
    expect(Array.from(out.missing.subarray(0, out.count))).toEqual([0, 0, 1, 0, 0, 0]);
  });

  it('leaves pixels of bars without a row blank, and averages only the rows it has', () => {
    const out = new BandColumns();
    fillBandColumns(regime(8, (i) => i >= 2 && i <= 5), 0, 7, (i) => i * 2, out);
    expect(Array.from(out.x0.subarray(0, out.count))).toEqual([0, 2, 12, 14]);
    const out2 = new BandColumns();
    fillBandColumns(regime(8, (i) => i === 1), 0, 7, (i) => Math.floor(i / 2), out2);
    // Pixel 0 holds bars 0 and 1; only bar 0 has a row.
    expect(column(out2, 0).p).toEqual([0.75, 0.05, 0.05, 0.05, 0.05, 0.05]);
  });

  it('gives bars squeezed into the last pixel that pixel, and clamps the range to the data', () => {
    const out = new BandColumns();
    fillBandColumns(regime(6), -3, 99, () => 40, out);
    expect(out.count).toBe(1);
    expect(column(out, 0)).toMatchObject({ x0: 40, x1: 41, label: 5 });
    fillBandColumns(regime(6), 4, 2, (i) => i, out);
    expect(out.count).toBe(0);
  });

  it('reuses its arrays between draws and grows when needed', () => {
    const out = new BandColumns();
    fillBandColumns(regime(10), 0, 9, (i) => i * 3, out);
    const before = out.x0;
    fillBandColumns(regime(10), 0, 9, (i) => i * 3, out);
    expect(out.x0).toBe(before);
    fillBandColumns(regime(500), 0, 499, (i) => i * 3, out);
    expect(out.count).toBe(500);
  });
});
