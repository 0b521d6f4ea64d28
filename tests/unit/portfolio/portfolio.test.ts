import { describe, expect, it } from 'vitest';
import type { Fill } from '../../../src/shared/domain/fill';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import { Portfolio } from '../../../src/shared/portfolio/portfolio';
import { TradeLedger } from '../../../src/shared/portfolio/trade-ledger';

let n = 0;
const fill = (side: 'buy' | 'sell', qty: number, price: number, t: number, commission = 0, symbol = 'XYZ'): Fill => ({
  executionId: `e${++n}`,
  clientOrderId: `o${n}`,
  brokerOrderId: null,
  symbol,
  side,
  qty,
  price,
  commission,
  t,
});

describe('portfolio and trade ledger, worked by hand', () => {
  it('averages in, realises against the average, goes through zero into a short, and flattens', () => {
    const portfolio = new Portfolio(10_000, [equityInstrument('XYZ')]);
    const ledger = new TradeLedger();
    const book = (f: Fill) => {
      portfolio.applyFill(f);
      ledger.record(f);
    };
    book(fill('buy', 100, 10, 1, 1));
    book(fill('buy', 100, 12, 2, 1));
    expect(portfolio.position('XYZ')).toMatchObject({ qty: 200, avgEntryPrice: 11, openedAt: 1 });
    expect(portfolio.cash).toBe(10_000 - 1000 - 1200 - 2);
    book(fill('sell', 150, 13, 3, 1)); // realises 150 × (13 − 11) = 300
    expect(portfolio.realizedPnl()).toBe(300);
    expect(portfolio.position('XYZ')).toMatchObject({ qty: 50, avgEntryPrice: 11 });
    book(fill('sell', 100, 9, 4, 2)); // realises 50 × (9 − 11) = −100, then short 50 at 9
    expect(portfolio.realizedPnl()).toBe(200);
    expect(portfolio.position('XYZ')).toMatchObject({ qty: -50, avgEntryPrice: 9, openedAt: 4 });
    portfolio.mark(0, 8.5);
    expect(portfolio.unrealizedPnl()).toBe(25);
    expect(portfolio.shortMarketValue()).toBe(-425);
    expect(portfolio.equity()).toBe(portfolio.cash - 425);
    expect(portfolio.equity()).toBeCloseTo(10_000 + 200 + 25 - 5, 9);
    book(fill('buy', 50, 8, 5, 1)); // realises 50 × (9 − 8) = 50
    expect(portfolio.realizedPnl()).toBe(250);
    expect(portfolio.position('XYZ')).toMatchObject({ qty: 0, avgEntryPrice: 0, openedAt: null });
    expect(portfolio.commissions()).toBe(6);
    expect(portfolio.equity()).toBe(10_000 + 250 - 6);

    expect(ledger.trades).toHaveLength(2);
    const [long, short] = ledger.trades;
    // 200 opened at 11, closed 150 at 13 and 50 at 9: exit 12, gross 200; commission 1 + 1 + 1 + half of 2.
    expect(long).toMatchObject({ side: 'long', qty: 200, entryTime: 1, entryPrice: 11, exitTime: 4, exitPrice: 12, grossPnl: 200, commission: 4, pnl: 196 });
    expect(short).toMatchObject({ side: 'short', qty: 50, entryTime: 4, entryPrice: 9, exitTime: 5, exitPrice: 8, grossPnl: 50, commission: 2, pnl: 48 });
    expect(long!.returnPct).toBeCloseTo(196 / 2200, 12);
  });

  it('a contract multiplier scales value and P&L', () => {
    const portfolio = new Portfolio(50_000, [equityInstrument('ES', { assetClass: 'future', multiplier: 50 })]);
    const ledger = new TradeLedger(() => 50);
    for (const f of [fill('buy', 2, 4000, 1, 0, 'ES'), fill('sell', 2, 4010, 2, 0, 'ES')]) {
      portfolio.applyFill(f);
      ledger.record(f);
    }
    expect(portfolio.realizedPnl()).toBe(2 * 10 * 50);
    expect(portfolio.cash).toBe(50_000 + 1000);
    expect(ledger.trades[0]).toMatchObject({ grossPnl: 1000, pnl: 1000 });
  });

  it('reports the open trade with its first entry time', () => {
    const ledger = new TradeLedger();
    ledger.record(fill('sell', 10, 20, 7));
    ledger.record(fill('sell', 10, 22, 8));
    expect(ledger.openTrade('XYZ')).toEqual({ side: 'short', qty: 20, entryTime: 7, entryPrice: 21 });
    expect(ledger.trades).toEqual([]);
  });
});
