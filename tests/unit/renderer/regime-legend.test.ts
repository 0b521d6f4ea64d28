/** The band's legend: the hovered bar's six probabilities and its label, or the newest bar's. */
import { describe, expect, it } from 'vitest';
import type { AlignedRegime } from '../../../src/renderer/charts/regime-align';
import { bandLegendHtml, bandLegendRow } from '../../../src/renderer/charts/regime-legend';

const regime: AlignedRegime = {
  length: 3,
  // Bar 0: bull-ish; bar 1: crisis, missing; bar 2: no row.
  p: Float64Array.from([0.6, 0.01, NaN, 0.1, 0.01, NaN, 0.1, 0.01, NaN, 0.1, 0.01, NaN, 0.05, 0.01, NaN, 0.05, 0.95, NaN]),
  label: Int8Array.from([0, 5, -1]),
  observed: Uint8Array.from([1, 0, 0]),
  transitions: [],
  matched: 2,
  unmatched: 0,
};
const when = (i: number) => `day ${i}`;

describe('band legend', () => {
  it('reads the hovered bar, and the newest bar when the cursor is off the chart', () => {
    expect(bandLegendRow(regime, 0, when)).toEqual({ index: 0, when: 'day 0', label: 0, observed: true, p: [0.6, 0.1, 0.1, 0.1, 0.05, 0.05] });
    expect(bandLegendRow(regime, null, when)?.index).toBe(2);
    expect(bandLegendRow(regime, 99, when)?.index).toBe(2);
    expect(bandLegendRow({ ...regime, length: 0 }, 0, when)).toBeNull();
  });

  it('shows all six probabilities with the label marked', () => {
    const html = bandLegendHtml(bandLegendRow(regime, 0, when)!);
    expect(html.match(/class="band-item[ "]/g)).toHaveLength(6);
    expect(html).toContain('<b class="band-label" style="--regime-color:#009E73">Bull</b>');
    expect(html).toContain('data-regime="bull" data-p="0.6"');
    expect(html).toContain('band-item is-label" data-regime="bull"');
    expect(html).toContain('High vol <b>10.0%</b>');
    expect(html).not.toContain('predicted');
  });

  it('says when a bar was missing (the figures are a prediction) or has no row yet', () => {
    expect(bandLegendHtml(bandLegendRow(regime, 1, when)!)).toContain('no bar · predicted');
    const blank = bandLegendHtml(bandLegendRow(regime, 2, when)!);
    expect(blank).toContain('no regime for this bar yet');
    expect(blank).not.toContain('band-item');
  });
});
