import { describe, expect, it } from 'vitest';
import type { RegimeCurrent } from '../../../src/shared/ipc/services/regime';
import { latestRegime } from '../../../src/main/trading/regime-view';

const current = (dataset: number, t: number, crisis: number): RegimeCurrent => ({
  dataset, symbol: 'SPY', timeframe: dataset === 1 ? '1Day' : '1Min', t, p: [1 - crisis, 0, 0, 0, 0, crisis], label: 'bull', mostLikely: 'bull',
  confidence: 0.5, since: null, reception: { rate: 1, low: 1, high: 1 }, transitions: [],
} as unknown as RegimeCurrent);

describe('the regime a signal is sized under', () => {
  it("is the symbol's newest stored regime, over its datasets", () => {
    const view = latestRegime((symbol) => (symbol === 'SPY' ? [current(1, 100, 0.1), current(2, 300, 0.7), current(3, 200, 0.2)] : []));
    expect(view('SPY')).toEqual({ t: 300, p: [0.30000000000000004, 0, 0, 0, 0, 0.7], label: 'bull' });
    expect(view('QQQ')).toBeUndefined();
  });
});
