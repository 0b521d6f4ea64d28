/** The optimisation heatmap's colour scale and legend ticks. */
import { describe, expect, it } from 'vitest';
import { makeColorScale, niceTicks, textColorOn } from '../../../src/renderer/panels/lab/heatmap/color-scale';

describe('heatmap colour scale', () => {
  it('is diverging and symmetric about zero when values straddle it: gains green, losses red', () => {
    const scale = makeColorScale([-0.1, 0.05, 0.4, null]);
    expect(scale.kind).toBe('diverging');
    expect(scale.min).toBe(-0.4);
    expect(scale.max).toBe(0.4);
    const [r1, g1] = scale.rgb(0.4)!;
    expect(g1).toBeGreaterThan(r1); // green end (--up #26a69a)
    expect(scale.rgb(0.4)).toEqual([38, 166, 154]);
    const [r2, g2] = scale.rgb(-0.4)!;
    expect(r2).toBeGreaterThan(g2);
    // Zero is the neutral middle; −0.1 is a quarter of the way to full red.
    expect(scale.rgb(0)).toEqual([40, 44, 58]);
    expect(scale.rgb(-0.1)).toEqual([Math.round(40 + (239 - 40) * 0.25), Math.round(44 + (83 - 44) * 0.25), Math.round(58 + (80 - 58) * 0.25)]);
  });

  it('flips the colours when lower is better', () => {
    const scale = makeColorScale([-1, 1], { better: 'lower' });
    expect(scale.rgb(-1)).toEqual([38, 166, 154]);
    expect(scale.rgb(1)).toEqual([239, 83, 80]);
  });

  it('is sequential (viridis) on one side of zero, the better end bright', () => {
    const scale = makeColorScale([0.5, 1.0, 1.5]);
    expect(scale.kind).toBe('sequential');
    expect(scale.rgb(0.5)).toEqual([68, 1, 84]);
    expect(scale.rgb(1.5)).toEqual([253, 231, 37]);
    const lower = makeColorScale([0.1, 0.3], { better: 'lower' });
    expect(lower.rgb(0.1)).toEqual([253, 231, 37]);
  });

  it('colours nothing for a missing or non-finite value, and survives a grid with no values', () => {
    const scale = makeColorScale([1, 2]);
    expect(scale.rgb(null)).toBeNull();
    expect(scale.rgb(Number.NaN)).toBeNull();
    const empty = makeColorScale([null, null]);
    expect(empty.rgb(1)).toBeNull();
    expect(empty.ramp(4)).toHaveLength(4);
  });

  it('gives one colour to a grid where every value is equal', () => {
    const scale = makeColorScale([2, 2, 2]);
    expect(scale.rgb(2)).toEqual([253, 231, 37]);
  });

  it('ramps from one end to the other for the legend', () => {
    const scale = makeColorScale([0, 10]);
    const ramp = scale.ramp(7);
    expect(ramp[0]).toEqual([68, 1, 84]);
    expect(ramp[6]).toEqual([253, 231, 37]);
  });
});

describe('legend ticks', () => {
  it('are round numbers inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.5, 1]);
    expect(niceTicks(-0.37, 0.37, 5)).toEqual([-0.2, 0, 0.2]);
    expect(niceTicks(0.93, 2.71, 5)).toEqual([1, 1.5, 2, 2.5]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
  });
});

describe('cell text colour', () => {
  it('is dark on a bright cell and light on a dark one', () => {
    expect(textColorOn([253, 231, 37])).toBe('#0f1115');
    expect(textColorOn([68, 1, 84])).toBe('#e8ebf2');
  });
});
