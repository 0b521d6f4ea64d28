import { describe, expect, it } from 'vitest';
import type { Fill } from '../../../src/shared/domain/fill';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import { AccountBook } from '../../../src/shared/trading/account-book';

let n = 0;
const fill = (symbol: string, side: 'buy' | 'sell', qty: number, price: number, commission = 0): Fill => ({
  executionId: `e${++n}`, clientOrderId: `o${n}`, brokerOrderId: null, symbol, side, qty, price, commission, t: n,
});

describe('account book (the live portfolio over a growing universe)', () => {
  it('books fills and marks across symbols it meets for the first time; cash + positions = equity throughout', () => {
    const book = new AccountBook(10_000, (s) => equityInstrument(s));
    book.applyFill(fill('AAA', 'buy', 10, 100, 1));
    expect(book.cash).toBe(10_000 - 1_000 - 1);
    book.mark('BBB', 50);
    book.applyFill(fill('BBB', 'sell', 20, 50));
    book.mark('AAA', 110);
    book.mark('BBB', 45);
    // cash 8999 + 1000 (short proceeds) = 9999; AAA 10 × 110 = 1100; BBB −20 × 45 = −900.
    expect(book.cash).toBe(9_999);
    expect(book.equity()).toBe(9_999 + 1_100 - 900);
    expect(book.unrealizedPnl()).toBe(100 + 100);
    expect(book.openSymbols().sort()).toEqual(['AAA', 'BBB']);
    expect(book.position('CCC')).toMatchObject({ qty: 0, marketValue: 0 });
    book.applyFill(fill('AAA', 'sell', 10, 120));
    expect(book.realizedPnl()).toBe(200);
    expect(book.lastPrice('AAA')).toBe(110);
    expect(book.equity()).toBe(book.cash + book.longMarketValue() + book.shortMarketValue());
  });

  it("takes over the broker's cash and positions, keeps realised P&L, and names every difference", () => {
    const book = new AccountBook(10_000, (s) => equityInstrument(s));
    book.applyFill(fill('AAA', 'buy', 10, 100));
    book.applyFill(fill('AAA', 'sell', 4, 110));
    book.applyFill(fill('BBB', 'buy', 5, 20));
    const differences = book.adopt(9_500, [
      { symbol: 'AAA', qty: 6, avgEntryPrice: 100, lastPrice: 105 },
      { symbol: 'CCC', qty: -3, avgEntryPrice: 30, lastPrice: 31 },
    ]);
    expect(differences).toEqual(['BBB: local 5, broker 0', 'CCC: local 0, broker -3', 'cash: local 9340.00, broker 9500.00']);
    expect(book.position('AAA')).toMatchObject({ qty: 6, avgEntryPrice: 100, lastPrice: 105, realizedPnl: 40 });
    expect(book.position('BBB').qty).toBe(0);
    expect(book.position('CCC')).toMatchObject({ qty: -3, avgEntryPrice: 30, marketValue: -93 });
    expect(book.equity()).toBe(9_500 + 630 - 93);
    expect(book.adopt(9_500, [{ symbol: 'AAA', qty: 6, avgEntryPrice: 100, lastPrice: 0 }, { symbol: 'CCC', qty: -3, avgEntryPrice: 30, lastPrice: 31 }])).toEqual([]);
    // A broker without a price keeps the last mark.
    expect(book.lastPrice('AAA')).toBe(105);
  });
});
