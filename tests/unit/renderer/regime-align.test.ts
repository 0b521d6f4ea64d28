/**
 * The regime band's x is the chart's bar index: the bank's rows must land on the bars of the same
 * time, one to one, and a mismatch (bank behind, bars removed under it) must leave gaps, never shift.
 */
import { describe, expect, it } from 'vitest';
import type { RegimeSeries, RegimeTransition } from '../../../src/shared/ipc/services/regime';
import { alignRegimeToBars, indexOfTime } from '../../../src/renderer/charts/regime-align';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 6);

/** Rows at the given day numbers: bar d has p = one-hot-ish on regime d % 6, label d % 6. */
function seriesAt(days: number[], transitions: RegimeTransition[] = [], missing: number[] = []): Pick<RegimeSeries, 't' | 'p' | 'label' | 'observed' | 'transitions'> {
  const p = Array.from({ length: 6 }, (_, k) => days.map((d) => (k === d % 6 ? 0.5 : 0.1)));
  return { t: days.map((d) => T0 + d * DAY), p, label: days.map((d) => d % 6), observed: days.map((d) => !missing.includes(d)), transitions };
}

const bars = (days: number[]) => Float64Array.from(days, (d) => T0 + d * DAY);
const pAt = (a: ReturnType<typeof alignRegimeToBars>, i: number) => Array.from({ length: 6 }, (_, k) => a.p[k * a.length + i]);

describe('alignRegimeToBars', () => {
  it('puts each row on the bar of its time when both hold the same times', () => {
    const days = [0, 1, 2, 3, 4, 7, 8];
    const transition: RegimeTransition = { t: T0 + 7 * DAY, from: 'high_vol', to: 'bull', p: [0.5, 0.1, 0.1, 0.1, 0.1, 0.1] };
    const a = alignRegimeToBars(bars(days), seriesAt(days, [transition], [3]));
    expect(a.length).toBe(7);
    expect(a.matched).toBe(7);
    expect(a.unmatched).toBe(0);
    expect(Array.from(a.label)).toEqual([0, 1, 2, 3, 4, 1, 2]);
    expect(pAt(a, 5)).toEqual([0.1, 0.5, 0.1, 0.1, 0.1, 0.1]);
    expect(Array.from(a.observed)).toEqual([1, 1, 1, 0, 1, 1, 1]);
    expect(a.transitions).toEqual([{ index: 5, t: T0 + 7 * DAY, from: 'high_vol', to: 'bull' }]);
  });

  it('leaves the newest bars blank while the bank has not reached them', () => {
    const a = alignRegimeToBars(bars([0, 1, 2, 3, 4]), seriesAt([0, 1, 2]));
    expect(a.matched).toBe(3);
    expect(Array.from(a.label)).toEqual([0, 1, 2, -1, -1]);
    expect(pAt(a, 3).every(Number.isNaN)).toBe(true);
    expect(pAt(a, 2)).toEqual([0.1, 0.1, 0.5, 0.1, 0.1, 0.1]);
  });

  it('drops rows of bars that are gone without shifting the rest', () => {
    // Bar 2 was removed after the bank ran: its row has no bar, bar 3 keeps its own row.
    const transitionAtGone: RegimeTransition = { t: T0 + 2 * DAY, from: 'bull', to: 'sideways', p: [0.1, 0.1, 0.5, 0.1, 0.1, 0.1] };
    const a = alignRegimeToBars(bars([0, 1, 3, 4]), seriesAt([0, 1, 2, 3, 4], [transitionAtGone]));
    expect(a.matched).toBe(4);
    expect(a.unmatched).toBe(1);
    expect(Array.from(a.label)).toEqual([0, 1, 3, 4]);
    expect(a.transitions).toEqual([]);
  });

  it('matches rows and bars between gaps on both sides', () => {
    const a = alignRegimeToBars(bars([0, 2, 4, 6, 8]), seriesAt([1, 2, 3, 6, 9]));
    expect(Array.from(a.label)).toEqual([-1, 2, -1, 0, -1]);
    expect(a.matched).toBe(2);
    expect(a.unmatched).toBe(3);
  });

  it('gives the same answer when the rows come unsorted', () => {
    const days = [0, 1, 2, 3, 4, 5];
    const sorted = seriesAt(days);
    const order = [3, 0, 5, 1, 4, 2];
    const shuffled = {
      t: order.map((i) => sorted.t[i]!),
      p: sorted.p.map((col) => order.map((i) => col[i]!)),
      label: order.map((i) => sorted.label[i]!),
      observed: order.map((i) => sorted.observed[i]!),
      transitions: [],
    };
    const a = alignRegimeToBars(bars(days), sorted);
    const b = alignRegimeToBars(bars(days), shuffled);
    expect(Array.from(b.label)).toEqual(Array.from(a.label));
    expect(Array.from(b.p)).toEqual(Array.from(a.p));
  });

  it('handles no bars and no rows', () => {
    expect(alignRegimeToBars(new Float64Array(0), seriesAt([1, 2])).matched).toBe(0);
    const a = alignRegimeToBars(bars([0, 1]), seriesAt([]));
    expect(Array.from(a.label)).toEqual([-1, -1]);
  });
});

describe('indexOfTime', () => {
  it('finds exact times only', () => {
    const t = [10, 20, 30, 40];
    expect(indexOfTime(t, 10)).toBe(0);
    expect(indexOfTime(t, 40)).toBe(3);
    expect(indexOfTime(t, 25)).toBe(-1);
    expect(indexOfTime([], 1)).toBe(-1);
  });
});
