import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/shared/errors';
import {
  bestCandidate, expandGrid, gridPoint, gridSize, parameterDimension, parseParameterSpace, parseParameterSpec,
  rangeValues, sampleParameterSets, stitchEquitySegments, walkForwardWindows,
} from '../../../src/shared/optimization';

const f = (xs: number[]): Float64Array => Float64Array.from(xs);

describe('parameter specs', () => {
  it('parse ranges, lists and single values', () => {
    expect(parseParameterSpec('fast=5:50:5')).toEqual({ name: 'fast', values: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50] });
    expect(parseParameterSpec('slow=20:23')).toEqual({ name: 'slow', values: [20, 21, 22, 23] });
    expect(parseParameterSpec('k=1:2.1:0.5')).toEqual({ name: 'k', values: [1, 1.5, 2] });
    expect(parseParameterSpec('z=0.1:0.3:0.1').values).toEqual([0.1, 0.2, 0.3]);
    expect(parseParameterSpec('lookback=10,20,60')).toEqual({ name: 'lookback', values: [10, 20, 60] });
    expect(parseParameterSpec('mode=fixed,stationary')).toEqual({ name: 'mode', values: ['fixed', 'stationary'] });
    expect(parseParameterSpec('entry=2')).toEqual({ name: 'entry', values: [2] });
    expect(parseParameterSpec('x=-3:-1')).toEqual({ name: 'x', values: [-3, -2, -1] });
  });

  it('reject malformed specs with an InputError that quotes them', () => {
    for (const bad of ['fast', '=5', 'fast=', 'fast=50:5:5', 'fast=5:50:0', 'fast=5:50:-5', 'fast=a:b', 'fast=1:2:3:4', '1fast=5', 'fast=5,,6', 'fast=0:1000000:1']) {
      expect(() => parseParameterSpec(bad), bad).toThrow(InputError);
    }
    expect(() => parseParameterSpec('fast=50:5:5')).toThrow(/"fast=50:5:5".*stop must not be below start/s);
    expect(() => parseParameterSpace(['fast=5', 'fast=6'])).toThrow(/twice/);
  });

  it('the IPC form is validated by the same schema', () => {
    expect(parameterDimension({ name: 'fast', range: { start: 5, stop: 15, step: 5 } })).toEqual({ name: 'fast', values: [5, 10, 15] });
    expect(parameterDimension({ name: 'w', values: [3, 3, 4] }).values).toEqual([3, 4]);
    expect(() => parameterDimension({ name: 'fast', range: { start: 5, stop: Infinity, step: 5 } })).toThrow(InputError);
    expect(() => parameterDimension({ name: 'fast', values: [] })).toThrow(InputError);
    expect(() => rangeValues({ start: 0, stop: 1, step: 0 })).toThrow(InputError);
  });
});

describe('grid', () => {
  const space = parseParameterSpace(['fast=5:15:5', 'slow=20,30']);

  it('is the cartesian product, the last parameter varying fastest', () => {
    expect(gridSize(space)).toBe(6);
    expect(expandGrid(space)).toEqual([
      { fast: 5, slow: 20 }, { fast: 5, slow: 30 }, { fast: 10, slow: 20 },
      { fast: 10, slow: 30 }, { fast: 15, slow: 20 }, { fast: 15, slow: 30 },
    ]);
    expect(gridPoint(space, 3)).toEqual({ fast: 10, slow: 30 });
    expect(expandGrid([])).toEqual([{}]);
  });

  it('refuses a grid larger than allowed instead of exhausting memory', () => {
    const big = parseParameterSpace(['a=1:1000', 'b=1:1000', 'c=1:10']);
    expect(gridSize(big)).toBe(10_000_000);
    expect(() => expandGrid(big)).toThrow(/10000000 points/);
    expect(() => gridPoint(space, 6)).toThrow(RangeError);
  });
});

describe('random sampling of a parameter space', () => {
  const space = parseParameterSpace(['fast=1:100', 'slow=1:100', 'k=0.5:3:0.5']);

  it('draws distinct grid points, reproducibly with a seed', () => {
    const a = sampleParameterSets(space, 500, 7);
    expect(a).toHaveLength(500);
    expect(new Set(a.map((p) => JSON.stringify(p))).size).toBe(500);
    expect(sampleParameterSets(space, 500, 7)).toEqual(a);
    expect(sampleParameterSets(space, 500, 8)).not.toEqual(a);
    for (const p of a) {
      expect(Number.isInteger(p.fast) && (p.fast as number) >= 1 && (p.fast as number) <= 100).toBe(true);
      expect([0.5, 1, 1.5, 2, 2.5, 3]).toContain(p.k);
    }
  });

  it('covers every value of a dimension about evenly', () => {
    const counts = new Map<number, number>();
    for (const p of sampleParameterSets(space, 30_000, 1)) counts.set(p.k as number, (counts.get(p.k as number) ?? 0) + 1);
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 5000)).toBeLessThan(300);
  });

  it('returns the whole grid when asked for at least its size', () => {
    const small = parseParameterSpace(['a=1,2', 'b=3,4']);
    expect(sampleParameterSets(small, 10, 1)).toEqual(expandGrid(small));
    expect(() => sampleParameterSets(small, 0, 1)).toThrow(InputError);
  });
});

describe('choosing the best candidate', () => {
  it('takes the best finite score, the earliest on ties, and ignores runs without a score', () => {
    const runs = [{ s: null }, { s: 1.2 }, { s: NaN }, { s: 1.5 }, { s: 1.5 }, { s: -3 }];
    expect(bestCandidate(runs, (r) => r.s)).toMatchObject({ index: 3, score: 1.5 });
    expect(bestCandidate(runs, (r) => r.s, 'min')).toMatchObject({ index: 5, score: -3 });
    expect(bestCandidate([{ s: null }], (r) => r.s)).toBeNull();
  });
});

describe('walk-forward windows', () => {
  it('rolling: fixed in-sample length sliding by the out-of-sample length', () => {
    // 100 bars, IS 40, OOS 20: [0,40)→[40,60), [20,60)→[60,80), [40,80)→[80,100)
    expect(walkForwardWindows({ bars: 100, inSample: 40, outOfSample: 20 })).toEqual([
      { index: 0, inSample: { start: 0, end: 40 }, outOfSample: { start: 40, end: 60 } },
      { index: 1, inSample: { start: 20, end: 60 }, outOfSample: { start: 60, end: 80 } },
      { index: 2, inSample: { start: 40, end: 80 }, outOfSample: { start: 80, end: 100 } },
    ]);
  });

  it('anchored: every in-sample window starts at bar 0 and grows', () => {
    const windows = walkForwardWindows({ bars: 100, inSample: 40, outOfSample: 20, mode: 'anchored' });
    expect(windows.map((w) => [w.inSample.start, w.inSample.end, w.outOfSample.start, w.outOfSample.end])).toEqual([
      [0, 40, 40, 60], [0, 60, 60, 80], [0, 80, 80, 100],
    ]);
  });

  it('a partial last window only when asked; a custom step', () => {
    // 110 bars: the 4th out-of-sample part would be [100, 120) — cut to [100, 110) when allowed
    expect(walkForwardWindows({ bars: 110, inSample: 40, outOfSample: 20 })).toHaveLength(3);
    const withPartial = walkForwardWindows({ bars: 110, inSample: 40, outOfSample: 20, allowPartialLast: true });
    expect(withPartial.at(-1)).toEqual({ index: 3, inSample: { start: 60, end: 100 }, outOfSample: { start: 100, end: 110 } });
    const stepped = walkForwardWindows({ bars: 100, inSample: 50, outOfSample: 10, step: 25 });
    expect(stepped.map((w) => w.outOfSample)).toEqual([{ start: 50, end: 60 }, { start: 75, end: 85 }]);
  });

  it('never tests on bars it was fitted on, and tiles the out-of-sample parts', () => {
    for (const mode of ['rolling', 'anchored'] as const) {
      const windows = walkForwardWindows({ bars: 1000, inSample: 250, outOfSample: 63, mode, allowPartialLast: true });
      windows.forEach((w, k) => {
        expect(w.inSample.end).toBe(w.outOfSample.start);
        if (k > 0) expect(w.outOfSample.start).toBe(windows[k - 1]!.outOfSample.end);
      });
      expect(windows.at(-1)!.outOfSample.end).toBe(1000);
    }
  });

  it('refuses impossible settings', () => {
    expect(() => walkForwardWindows({ bars: 50, inSample: 40, outOfSample: 20 })).toThrow(/too few/);
    expect(() => walkForwardWindows({ bars: 100, inSample: 0, outOfSample: 20 })).toThrow(InputError);
    expect(() => walkForwardWindows({ bars: 100, inSample: 10, outOfSample: 2.5 })).toThrow(InputError);
  });
});

describe('stitching out-of-sample equity', () => {
  it('rescales each segment to continue from the previous end', () => {
    // segment 1: 100 → 110 → 121 (+10%, +10%); segment 2 starts fresh at 1000 → 900 (−10%) → 990 (+10%)
    // stitched: 100, 110, 121, then 121 × (1000, 900, 990)/1000 = 121, 108.9, 119.79
    const out = stitchEquitySegments([
      { t: f([1, 2, 3]), equity: f([100, 110, 121]) },
      { t: f([4, 5, 6]), equity: f([1000, 900, 990]) },
    ]);
    expect(Array.from(out.t)).toEqual([1, 2, 3, 4, 5, 6]);
    const expected = [100, 110, 121, 121, 108.9, 119.79];
    out.equity.forEach((e, i) => expect(e).toBeCloseTo(expected[i]!, 10));
    expect(Array.from(out.segmentStarts)).toEqual([0, 3]);
  });

  it('scales the first segment to a start equity and skips empty segments', () => {
    const out = stitchEquitySegments([
      { t: f([1, 2]), equity: f([50, 75]) },
      { t: f([]), equity: f([]) },
      { t: f([3, 4]), equity: f([10, 12]) },
    ], 1000);
    expect(Array.from(out.equity)).toEqual([1000, 1500, 1500, 1800]);
    expect(Array.from(out.segmentStarts)).toEqual([0, 2, 2]);
  });

  it('refuses overlapping or misordered segments', () => {
    expect(() => stitchEquitySegments([{ t: f([1, 2]), equity: f([1, 1]) }, { t: f([2, 3]), equity: f([1, 1]) }])).toThrow(/overlap/);
    expect(() => stitchEquitySegments([{ t: f([1, 2]), equity: f([0, 1]) }])).toThrow(/above 0/);
    expect(() => stitchEquitySegments([{ t: f([1, 2]), equity: f([1]) }])).toThrow(InputError);
  });
});
