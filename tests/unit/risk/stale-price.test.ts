import { describe, expect, it } from 'vitest';
import type { OrderSide } from '../../../src/shared/domain/order';
import { sessionMsBetween } from '../../../src/shared/market/us-equity-session';
import { priceStaleness } from '../../../src/shared/risk/price-age';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../../src/shared/risk/risk-limits';
import { RiskManager } from '../../../src/shared/risk/risk-manager';
import type { ProposedOrder, RiskAccount } from '../../../src/shared/risk/risk-types';
import { PriceBook } from '../../../src/shared/trading/price-book';

const utc = (iso: string): number => Date.parse(`${iso}Z`);
/** Monday 2026-01-05, 10:00 ET (EST): in the session. */
const NOW = utc('2026-01-05T15:00:00');

function limits(overrides: Partial<RiskLimits>): RiskLimits {
  return { ...DEFAULT_RISK_LIMITS, maxPositionPct: null, fatFingerPct: null, orderRate: null, maxDailyLossPct: null, maxPortfolioRiskPct: null, maxCorrelation: null, maxPriceAgeSec: 60, ...overrides };
}

/** An account whose prices carry their time, as the trading service's on Alpaca. */
function timedAccount(prices: Record<string, [price: number, t: number]>, positions: Record<string, number> = {}): RiskAccount {
  return {
    equity: () => 100_000,
    positionQty: (s) => positions[s] ?? 0,
    lastPrice: (s) => prices[s]?.[0] ?? Number.NaN,
    priceTime: (s) => prices[s]?.[1] ?? Number.NaN,
    workingQty: (_s: string, _side: OrderSide) => 0,
    openSymbols: () => Object.keys(positions).filter((s) => positions[s] !== 0),
  };
}

function order(fields: Partial<ProposedOrder> = {}): ProposedOrder {
  return { clientOrderId: 'o', symbol: 'XYZ', side: 'buy', qty: 10, type: 'market', limitPrice: null, stopPrice: null, orderClass: 'simple', stopLossPrice: null, takeProfitPrice: null, exitOnly: false, replacesQty: 0, tag: null, ...fields };
}

function manager(account: RiskAccount, overrides: Partial<RiskLimits>): RiskManager {
  return new RiskManager({ account, clock: () => NOW, limits: limits(overrides), market: { priceAgeMs: (from, to) => sessionMsBetween(from, to) } });
}

function verdictOf(m: RiskManager, proposed: ProposedOrder, rule: string) {
  return m.check(proposed).rules.find((r) => r.rule === rule)!;
}

describe('a price older than maxPriceAgeSec of session time is stale', () => {
  it('at the limit (60 s) it passes; just above (60.001 s) it is refused; just below it passes', () => {
    const age = (ms: number) => manager(timedAccount({ XYZ: [100, NOW - ms] }), { fatFingerPct: 5 });
    expect(verdictOf(age(60_000), order({ type: 'limit', limitPrice: 101 }), 'fat_finger').passed).toBe(true);
    expect(verdictOf(age(59_999), order({ type: 'limit', limitPrice: 101 }), 'fat_finger').passed).toBe(true);
    const above = verdictOf(age(60_001), order({ type: 'limit', limitPrice: 101 }), 'fat_finger');
    expect(above).toEqual({ rule: 'fat_finger', passed: false, detail: 'XYZ: price is stale (last at 2026-01-05T14:58:59.999Z, 60 s of trading ago; limit 60 s); cannot check limit 101' });
  });

  it('counts session time only: Friday 15:59:30 ET is 30 s old at 09:30:00 Monday, and 90 s old at 09:31:00', () => {
    const fridayLate = utc('2026-01-02T20:59:30');
    const at = (now: number) => new RiskManager({ account: timedAccount({ XYZ: [100, fridayLate] }), clock: () => now, limits: limits({ fatFingerPct: 5 }), market: { priceAgeMs: (from, to) => sessionMsBetween(from, to) } });
    expect(verdictOf(at(utc('2026-01-03T12:00:00')), order({ type: 'limit', limitPrice: 100 }), 'fat_finger').passed).toBe(true);
    expect(verdictOf(at(utc('2026-01-05T14:30:00')), order({ type: 'limit', limitPrice: 100 }), 'fat_finger').passed).toBe(true);
    expect(verdictOf(at(utc('2026-01-05T14:31:00')), order({ type: 'limit', limitPrice: 100 }), 'fat_finger').detail).toBe(
      'XYZ: price is stale (last at 2026-01-02T20:59:30.000Z, 90 s of trading ago; limit 60 s); cannot check limit 100',
    );
  });

  it('position size: a market order needs a fresh last price; a limit order is valued at its limit and needs none', () => {
    const m = manager(timedAccount({ XYZ: [100, NOW - 120_000] }), { maxPositionPct: 10 });
    expect(verdictOf(m, order(), 'max_position_size')).toEqual({
      rule: 'max_position_size', passed: false, detail: 'XYZ: price is stale (last at 2026-01-05T14:58:00.000Z, 120 s of trading ago; limit 60 s); cannot value the position',
    });
    expect(verdictOf(m, order({ type: 'limit', limitPrice: 100 }), 'max_position_size').passed).toBe(true);
  });

  it("portfolio risk: a stale price of an open position (or of the order's symbol) refuses new risk; reducing orders pass", () => {
    const m = manager(timedAccount({ XYZ: [100, NOW - 1_000], ABC: [50, NOW - 600_000] }, { ABC: 100 }), { maxPortfolioRiskPct: 5 });
    expect(verdictOf(m, order(), 'max_portfolio_risk')).toEqual({
      rule: 'max_portfolio_risk', passed: false, detail: 'ABC: price is stale (last at 2026-01-05T14:50:00.000Z, 10 min of trading ago; limit 60 s); cannot measure the risk to stops',
    });
    expect(verdictOf(m, order({ symbol: 'ABC', side: 'sell', qty: 100 }), 'max_portfolio_risk').passed).toBe(true);
    const fresh = manager(timedAccount({ XYZ: [100, NOW - 1_000], ABC: [50, NOW - 59_000] }, { ABC: 100 }), { maxPortfolioRiskPct: 5 });
    // 100 ABC at 50 with the default 2 % stop: 100; the order 10 XYZ at 100: 20; 120 of 100,000.
    expect(verdictOf(fresh, order(), 'max_portfolio_risk')).toEqual({ rule: 'max_portfolio_risk', passed: true, detail: 'risk to stops 120.00 = 0.12% of equity (limit 5.00%)' });
  });

  it('no timed price at all is refused as no current price; without price times (backtests, offline paper) nothing is judged', () => {
    const none = manager(timedAccount({}), { fatFingerPct: 5, maxPositionPct: 10 });
    expect(verdictOf(none, order(), 'max_position_size').passed).toBe(false);
    const untimed: RiskAccount = { ...timedAccount({ XYZ: [100, 0] }), priceTime: undefined };
    const old = new RiskManager({ account: untimed, clock: () => NOW, limits: limits({ fatFingerPct: 5, maxPositionPct: 10 }) });
    expect(old.check(order({ type: 'limit', limitPrice: 101 })).approved).toBe(true);
  });

  it('maxPriceAgeSec: null turns the check off', () => {
    const m = manager(timedAccount({ XYZ: [100, NOW - 3_600_000] }), { fatFingerPct: 5, maxPriceAgeSec: null });
    expect(verdictOf(m, order({ type: 'limit', limitPrice: 101 }), 'fat_finger').passed).toBe(true);
  });
});

describe('the price book', () => {
  it('keeps the newest price whatever its source; a late older one is ignored; a quote counts at its midpoint', () => {
    const book = new PriceBook();
    expect(book.note('XYZ', 100, 1_000, 'trade')).toBe(true);
    expect(book.note('XYZ', 99, 900, 'latest-trade')).toBe(false);
    expect(book.noteQuote('XYZ', 100.25, 100.75, 1_500)).toBe(true);
    expect(book.get('XYZ')).toEqual({ price: 100.5, t: 1_500, source: 'quote' });
    expect(book.noteQuote('XYZ', 101, 100.5, 2_000)).toBe(false);
    expect(book.noteQuote('XYZ', 0, 100.5, 2_000)).toBe(false);
    expect(book.note('XYZ', Number.NaN, 3_000, 'trade')).toBe(false);
    expect(book.get('XYZ')?.price).toBe(100.5);
  });

  it('staleness wording, minutes for long ages', () => {
    expect(priceStaleness('XYZ', Number.NaN, NOW, 60_000, (a, b) => b - a)).toBe('no current price for XYZ');
    expect(priceStaleness('XYZ', NOW - 7_200_000, NOW, 60_000, (a, b) => b - a)).toBe('price is stale (last at 2026-01-05T13:00:00.000Z, 120 min of trading ago; limit 60 s)');
  });
});
