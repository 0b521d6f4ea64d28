/**
 * Keeping a cached band current from `regime.updates`: new bars fetch only the tail, a rerun of
 * the bank reloads, a repeat of what is cached does nothing.
 */
import { describe, expect, it } from 'vitest';
import type { RegimeCurrent, RegimeSeries } from '../../../src/shared/ipc/services/regime';
import { appendSeriesTail, mergeCurrents, planSeriesUpdate } from '../../../src/renderer/queries/regime-cache';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 2);
const P = (k: number) => Array.from({ length: 6 }, (_, j) => (j === k ? 0.5 : 0.1));

function series(days: number[], dataset = 7): RegimeSeries {
  return {
    dataset,
    symbol: 'SPY',
    timeframe: '1Day',
    timeKind: 'date',
    tz: 'America/New_York',
    regimes: ['bull', 'bear', 'sideways', 'high_vol', 'low_vol', 'crisis'],
    t: days.map((d) => T0 + d * DAY),
    p: Array.from({ length: 6 }, (_, k) => days.map((d) => P(d % 6)[k]!)),
    label: days.map((d) => d % 6),
    observed: days.map(() => true),
    transitions: days.filter((d) => d > 0).map((d) => ({ t: T0 + d * DAY, from: (['bull', 'bear', 'sideways', 'high_vol', 'low_vol', 'crisis'] as const)[(d - 1) % 6]!, to: (['bull', 'bear', 'sideways', 'high_vol', 'low_vol', 'crisis'] as const)[d % 6]!, p: P(d % 6) })),
  };
}

function update(day: number, p = P(day % 6), dataset = 7): RegimeCurrent {
  return {
    dataset,
    symbol: 'SPY',
    timeframe: '1Day',
    t: T0 + day * DAY,
    p,
    label: 'bull',
    mostLikely: 'bull',
    confidence: 0.3,
    since: T0,
    reception: { rate: 1, low: 0.9, high: 1 },
    stale: false,
    bars: day + 1,
    lastTransition: null,
  };
}

describe('planSeriesUpdate', () => {
  it('fetches the rows after the cached ones when the bank moved on', () => {
    expect(planSeriesUpdate(series([0, 1, 2]), update(5))).toEqual({ kind: 'tail', from: T0 + 2 * DAY + 1 });
  });

  it('does nothing when the update is the cached last bar', () => {
    expect(planSeriesUpdate(series([0, 1, 2]), update(2))).toEqual({ kind: 'none' });
  });

  it('reloads when the bank reran: an older bar, or the same bar with other probabilities', () => {
    expect(planSeriesUpdate(series([0, 1, 2]), update(1))).toEqual({ kind: 'reload' });
    expect(planSeriesUpdate(series([0, 1, 2]), update(2, P(4)))).toEqual({ kind: 'reload' });
  });

  it('reloads what it has not got, or has for another dataset', () => {
    expect(planSeriesUpdate(undefined, update(2))).toEqual({ kind: 'reload' });
    expect(planSeriesUpdate(series([]), update(2))).toEqual({ kind: 'reload' });
    expect(planSeriesUpdate(series([0, 1, 2], 8), update(5))).toEqual({ kind: 'reload' });
  });
});

describe('appendSeriesTail', () => {
  it('appends the new rows and their transitions', () => {
    const merged = appendSeriesTail(series([0, 1, 2]), series([3, 4]));
    expect(merged).toEqual(series([0, 1, 2, 3, 4]));
  });

  it('lets the tail replace cached rows at or after its first time', () => {
    const merged = appendSeriesTail(series([0, 1, 2, 3]), series([2, 3, 4]));
    expect(merged.t).toEqual(series([0, 1, 2, 3, 4]).t);
    expect(merged.transitions.map((tr) => tr.t)).toEqual(series([0, 1, 2, 3, 4]).transitions.map((tr) => tr.t));
  });

  it('keeps the cache when the tail is empty', () => {
    const cached = series([0, 1]);
    expect(appendSeriesTail(cached, series([]))).toBe(cached);
  });
});

describe('mergeCurrents', () => {
  it('replaces each dataset by its update and adds new ones, keeping the order', () => {
    const merged = mergeCurrents([update(1, P(0), 1), update(1, P(0), 2)], [update(3, P(2), 2), update(0, P(5), 9)]);
    expect(merged.map((c) => [c.dataset, c.t])).toEqual([
      [1, T0 + DAY],
      [2, T0 + 3 * DAY],
      [9, T0],
    ]);
    expect(mergeCurrents(undefined, [update(0)])).toHaveLength(1);
  });
});
