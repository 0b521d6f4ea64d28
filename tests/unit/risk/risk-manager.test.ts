import { describe, expect, it } from 'vitest';
import type { OrderSide } from '../../../src/shared/domain/order';
import { DEFAULT_RISK_LIMITS, RiskLimitsSchema, type RiskLimits } from '../../../src/shared/risk/risk-limits';
import { RiskManager } from '../../../src/shared/risk/risk-manager';
import type { ProposedOrder, RiskAccount, RiskMarketContext } from '../../../src/shared/risk/risk-types';

interface FakeAccount extends RiskAccount {
  equityValue: number;
  positions: Map<string, number>;
  prices: Map<string, number>;
  working: Map<string, number>;
}

function account(equity = 100_000): FakeAccount {
  const fake: FakeAccount = {
    equityValue: equity,
    positions: new Map(),
    prices: new Map([['XYZ', 100], ['ABC', 50]]),
    working: new Map(),
    equity: () => fake.equityValue,
    positionQty: (s) => fake.positions.get(s) ?? 0,
    lastPrice: (s) => fake.prices.get(s) ?? Number.NaN,
    workingQty: (s, side: OrderSide) => fake.working.get(`${s}:${side}`) ?? 0,
    openSymbols: () => [...fake.positions].filter(([, q]) => q !== 0).map(([s]) => s),
  };
  return fake;
}

/** Limits with every rule off except the ones a test sets. */
function only(limits: Partial<RiskLimits>): RiskLimits {
  return { ...DEFAULT_RISK_LIMITS, maxPositionPct: null, fatFingerPct: null, orderRate: null, maxDailyLossPct: null, maxPortfolioRiskPct: null, maxCorrelation: null, ...limits };
}

function order(fields: Partial<ProposedOrder> = {}): ProposedOrder {
  return { clientOrderId: 'o', symbol: 'XYZ', side: 'buy', qty: 100, type: 'market', limitPrice: null, stopPrice: null, orderClass: 'simple', stopLossPrice: null, takeProfitPrice: null, exitOnly: false, replacesQty: 0, tag: null, ...fields };
}

function verdict(manager: RiskManager, proposed: ProposedOrder, rule: string) {
  const decision = manager.check(proposed);
  const found = decision.rules.find((r) => r.rule === rule)!;
  return { decision, passed: found.passed, detail: found.detail };
}

describe('max position size (10 % of equity)', () => {
  const make = () => {
    const acct = account();
    return { acct, manager: new RiskManager({ account: acct, clock: () => 0, limits: only({ maxPositionPct: 10 }) }) };
  };
  it('at the limit: 100 × 100 = 10.00 % passes', () => {
    expect(verdict(make().manager, order({ qty: 100 }), 'max_position_size').passed).toBe(true);
  });
  it('just below: 99 shares pass', () => {
    expect(verdict(make().manager, order({ qty: 99 }), 'max_position_size').passed).toBe(true);
  });
  it('just above: 101 shares (10.10 %) are refused, with the figure', () => {
    const { passed, detail, decision } = verdict(make().manager, order({ qty: 101 }), 'max_position_size');
    expect(passed).toBe(false);
    expect(decision.approved).toBe(false);
    expect(detail).toContain('10.10% of equity (limit 10.00%)');
  });
  it('counts the position and the working orders on the same side, valued at the limit price', () => {
    const { acct, manager } = make();
    acct.positions.set('XYZ', 50);
    acct.working.set('XYZ:buy', 30);
    expect(verdict(manager, order({ qty: 20, type: 'limit', limitPrice: 100 }), 'max_position_size').passed).toBe(true);
    expect(verdict(manager, order({ qty: 21, type: 'limit', limitPrice: 100 }), 'max_position_size').passed).toBe(false);
  });
  it('a reducing order always passes', () => {
    const { acct, manager } = make();
    acct.positions.set('XYZ', 500);
    const { passed, decision } = verdict(manager, order({ side: 'sell', qty: 400 }), 'max_position_size');
    expect(passed).toBe(true);
    expect(decision.reducing).toBe(true);
  });
  it('a short counts by its absolute size', () => {
    expect(verdict(make().manager, order({ side: 'sell', qty: 101 }), 'max_position_size').passed).toBe(false);
  });
});

describe('fat finger (limit within 5 % of the last price 100)', () => {
  const manager = () => new RiskManager({ account: account(), clock: () => 0, limits: only({ fatFingerPct: 5 }) });
  it.each([
    [105, true],
    [104.99, true],
    [105.01, false],
    [95, true],
    [94.99, false],
  ])('limit %s → %s', (limit, expected) => {
    expect(verdict(manager(), order({ type: 'limit', limitPrice: limit }), 'fat_finger').passed).toBe(expected);
  });
  it('refuses a limit when no last price is known', () => {
    expect(verdict(manager(), order({ symbol: 'NONE', type: 'limit', limitPrice: 10 }), 'fat_finger')).toMatchObject({ passed: false });
  });
});

describe('order rate (3 orders per second)', () => {
  it('the 3rd passes, the 4th is refused, and the window slides', () => {
    let now = 0;
    const manager = new RiskManager({ account: account(), clock: () => now, limits: only({ orderRate: { maxOrders: 3, windowMs: 1000 } }) });
    const results = [0, 100, 200, 300].map((t) => {
      now = t;
      return manager.check(order()).approved;
    });
    expect(results).toEqual([true, true, true, false]);
    now = 999;
    expect(manager.check(order()).approved).toBe(false);
    now = 1000; // the order at t=0 left the window
    expect(manager.check(order()).approved).toBe(true);
  });
});

describe('max daily loss (3 %) and the trading state', () => {
  function halted(equityAfter: number) {
    const acct = account();
    const manager = new RiskManager({ account: acct, clock: () => 0, limits: only({ maxDailyLossPct: 3 }) });
    manager.observe(0, 100_000, 1);
    acct.equityValue = equityAfter;
    manager.observe(1, equityAfter, 1);
    return { acct, manager };
  }
  it('at the limit (down exactly 3 %) trading halts', () => {
    expect(halted(97_000).manager.state).toBe('HALTED');
  });
  it('just below the limit trading goes on', () => {
    expect(halted(97_000.01).manager.state).toBe('ACTIVE');
  });
  it('just above the limit trading halts, and says why', () => {
    const { manager } = halted(96_999.99);
    expect(manager.state).toBe('HALTED');
    expect(manager.stateReason).toContain('max daily loss');
  });
  it('when halted only reducing orders pass', () => {
    const { acct, manager } = halted(96_000);
    acct.positions.set('XYZ', 100);
    const increase = manager.check(order({ side: 'buy', qty: 10 }));
    expect(increase.approved).toBe(false);
    expect(increase.rules[0]).toMatchObject({ rule: 'trading_state', passed: false });
    const reduce = manager.check(order({ side: 'sell', qty: 100 }));
    expect(reduce.approved).toBe(true);
    expect(manager.check(order({ side: 'sell', qty: 101 })).approved).toBe(false);
  });
  it('the next session lifts a daily-loss halt; a manual halt stays until resumed', () => {
    const { manager } = halted(96_000);
    manager.observe(2, 96_000, 2);
    expect(manager.state).toBe('ACTIVE');
    expect(manager.sessionStartEquity).toBe(96_000);
    manager.halt('kill switch');
    manager.observe(3, 96_000, 3);
    expect(manager.state).toBe('HALTED');
    manager.resume('manual reset');
    expect(manager.state).toBe('ACTIVE');
  });
  it('REDUCING lets only reducing orders through', () => {
    const acct = account();
    acct.positions.set('XYZ', -50);
    const manager = new RiskManager({ account: acct, clock: () => 0, limits: only({}) });
    manager.reduceOnly('earnings tonight');
    expect(manager.check(order({ side: 'sell', qty: 1 })).approved).toBe(false);
    expect(manager.check(order({ side: 'buy', qty: 50 })).approved).toBe(true);
  });
});

describe('max portfolio risk to stops (5 %)', () => {
  it('at, just below and just above the limit', () => {
    const acct = account();
    acct.positions.set('ABC', 1000); // at 50 with a stop at 48: 2,000 at risk
    const market: RiskMarketContext = { stopPrice: (s) => (s === 'ABC' ? 48 : undefined) };
    const manager = new RiskManager({ account: acct, clock: () => 0, market, limits: only({ maxPortfolioRiskPct: 5 }) });
    // New XYZ long at 100 with a stop at 90: 10 per share. 2,000 + 300 × 10 = 5,000 = 5 %.
    expect(verdict(manager, order({ qty: 300, stopLossPrice: 90 }), 'max_portfolio_risk').passed).toBe(true);
    expect(verdict(manager, order({ qty: 299, stopLossPrice: 90 }), 'max_portfolio_risk').passed).toBe(true);
    expect(verdict(manager, order({ qty: 301, stopLossPrice: 90 }), 'max_portfolio_risk').passed).toBe(false);
  });
  it('assumes the default 2 % stop where none is given', () => {
    const manager = new RiskManager({ account: account(), clock: () => 0, limits: only({ maxPortfolioRiskPct: 5 }) });
    // 2 per share at 100: 2,500 shares = 5,000 = 5 %.
    expect(verdict(manager, order({ qty: 2500 }), 'max_portfolio_risk').passed).toBe(true);
    expect(verdict(manager, order({ qty: 2501 }), 'max_portfolio_risk').passed).toBe(false);
  });
});

describe('max correlation (0.7)', () => {
  const make = (rho: number, held: number) => {
    const acct = account();
    acct.positions.set('ABC', held);
    const manager = new RiskManager({ account: acct, clock: () => 0, market: { correlation: () => rho }, limits: only({ maxCorrelation: 0.7 }) });
    return manager;
  };
  it('at 0.70 passes, 0.69 passes, 0.71 is refused', () => {
    expect(verdict(make(0.7, 100), order(), 'max_correlation').passed).toBe(true);
    expect(verdict(make(0.69, 100), order(), 'max_correlation').passed).toBe(true);
    expect(verdict(make(0.71, 100), order(), 'max_correlation').passed).toBe(false);
  });
  it('a long against a correlated short is a hedge', () => {
    expect(verdict(make(0.95, -100), order(), 'max_correlation').passed).toBe(true);
  });
});

describe('decisions', () => {
  it('list every rule verdict, in order, even after a failure', () => {
    const manager = new RiskManager({ account: account(), clock: () => 7, limits: DEFAULT_RISK_LIMITS });
    const decision = manager.check(order({ qty: 1500, type: 'limit', limitPrice: 200 })); // 300 % of equity, 100 % off the price, 6,000 (6 %) to a 2 % stop
    expect(decision.t).toBe(7);
    expect(decision.rules.map((r) => r.rule)).toEqual(['trading_state', 'max_position_size', 'fat_finger', 'order_rate', 'max_daily_loss', 'max_portfolio_risk', 'max_correlation']);
    expect(decision.rules.filter((r) => !r.passed).map((r) => r.rule)).toEqual(['max_position_size', 'fat_finger', 'max_portfolio_risk']);
  });

  it('the limits schema fills the live defaults and names a wrong key', () => {
    expect(RiskLimitsSchema.parse({})).toEqual(DEFAULT_RISK_LIMITS);
    expect(DEFAULT_RISK_LIMITS).toMatchObject({ maxPositionPct: 10, maxPortfolioRiskPct: 5, maxCorrelation: 0.7, defaultStopPct: 2 });
    const bad = RiskLimitsSchema.safeParse({ maxPositionPtc: 5 });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error!.issues)).toContain('maxPositionPtc');
  });
});
