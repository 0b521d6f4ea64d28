import { describe, expect, it } from 'vitest';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import { Portfolio } from '../../../src/shared/portfolio/portfolio';

describe('portfolio state', () => {
  it('exports what it holds and restores it exactly into a larger portfolio', () => {
    const a = new Portfolio(1_000, [equityInstrument('X'), equityInstrument('Y')]);
    a.applyFill({ executionId: '1', clientOrderId: 'a', brokerOrderId: null, symbol: 'X', side: 'buy', qty: 3, price: 10, commission: 0.5, t: 7 });
    a.applyFill({ executionId: '2', clientOrderId: 'b', brokerOrderId: null, symbol: 'X', side: 'sell', qty: 1, price: 12, commission: 0, t: 8 });
    a.mark(0, 11);
    const state = a.exportState();
    expect(state).toEqual({ cash: 1_000 - 30 - 0.5 + 12, holdings: [{ symbol: 'X', qty: 2, avgEntryPrice: 10, lastPrice: 11, realizedPnl: 2, commissions: 0.5, openedAt: 7 }] });
    const b = new Portfolio(0, [equityInstrument('Z'), equityInstrument('X'), equityInstrument('Y')]);
    b.restoreState(state);
    expect(b.position('X')).toEqual(a.position('X'));
    expect(b.equity()).toBe(a.equity());
    expect(b.cash).toBe(a.cash);
    expect(b.lastPrice('Z')).toBeNaN();
  });

  it('refuses a holding of a symbol it does not trade', () => {
    const p = new Portfolio(0, [equityInstrument('X')]);
    expect(() => p.restoreState({ cash: 0, holdings: [{ symbol: 'Q', qty: 1, avgEntryPrice: 1, lastPrice: 1, realizedPnl: 0, commissions: 0, openedAt: null }] })).toThrow(/no symbol Q/);
  });
});
