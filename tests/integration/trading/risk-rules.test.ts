/**
 * Every pre-trade rule through the trading service (paper broker, equity 100,000, last price 100),
 * at, just below and just above its limit, with the figures worked out by hand. The shared rules
 * have their own unit tests (tests/unit/risk); these check the service feeds them the right
 * account, prices, stops, correlations, and records each verdict.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { returnCorrelation } from '../../../src/shared/risk/return-correlation';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../../src/shared/risk/risk-limits';
import { REGIMES } from '../../../src/shared/domain/regime';
import type { OrderTicketInput } from '../../../src/shared/trading/order-ticket';
import { OrderTicketSchema } from '../../../src/shared/trading/order-ticket';
import { dailyCloseBars, openTestDb, startService, storeBars, type TestService } from './helpers';
import type { TradingRuntimeOptions } from '../../../src/main/trading/runtime';

let running: TestService[] = [];
afterEach(async () => {
  for (const s of running) await s.service.close();
  running = [];
});

const NO_EXTRA_RULES: RiskLimits = { ...DEFAULT_RISK_LIMITS, orderRate: null, maxCorrelation: null };

async function paper(limits: RiskLimits = NO_EXTRA_RULES, extra: Partial<Omit<TradingRuntimeOptions, 'log'>> = {}, seed?: (db: TestService['db']) => void): Promise<TestService> {
  const { db } = openTestDb();
  storeBars(db, 'SPY', dailyCloseBars([98, 99, 100]));
  seed?.(db);
  const s = await startService(db, { kind: 'paper', delivery: 'sync' }, { limits, ...extra });
  running.push(s);
  return s;
}

function ticket(input: Partial<OrderTicketInput>) {
  return OrderTicketSchema.parse({ symbol: 'SPY', side: 'buy', type: 'market', qty: 1, ...input });
}

async function verdict(s: TestService, rule: string, input: Partial<OrderTicketInput>) {
  const result = await s.service.submitOrder(ticket(input), { wait: 'ack' });
  const found = result.risk?.rules.find((r) => r.rule === rule);
  return { status: result.status, passed: found?.passed, detail: found?.detail };
}

describe('max position size (10 % of equity)', () => {
  it.each([
    [99, true, 'position after order 99 × 100 = 9.90% of equity (limit 10.00%)'],
    [100, true, 'position after order 100 × 100 = 10.00% of equity (limit 10.00%)'],
    [101, false, 'position after order 101 × 100 = 10.10% of equity (limit 10.00%)'],
  ])('%d shares at 100 → passed %s', async (qty, passed, detail) => {
    const s = await paper();
    expect(await verdict(s, 'max_position_size', { qty })).toEqual({ status: passed ? 'filled' : 'rejected_by_risk', passed, detail });
  });

  it('counts the position held and the working orders on the same side', async () => {
    const s = await paper();
    await s.service.submitOrder(ticket({ qty: 60 }), { wait: 'fill' });
    await s.service.submitOrder(ticket({ type: 'limit', limitPrice: 99, qty: 30, timeInForce: 'gtc' }), { wait: 'ack' });
    expect(await verdict(s, 'max_position_size', { qty: 11 })).toMatchObject({ passed: false, detail: 'position after order 101 × 100 = 10.10% of equity (limit 10.00%)' });
    expect(await verdict(s, 'max_position_size', { qty: 10 })).toMatchObject({ passed: true });
  });
});

describe('fat finger (limit within 5 % of the last price)', () => {
  it.each([
    [104.99, true, 'limit 104.99 is 4.99% from last 100 (band 5.00%)'],
    [105, true, 'limit 105 is 5.00% from last 100 (band 5.00%)'],
    [105.01, false, 'limit 105.01 is 5.01% from last 100 (band 5.00%)'],
    [94.99, false, 'limit 94.99 is 5.01% from last 100 (band 5.00%)'],
  ])('a buy limit at %d → passed %s', async (limitPrice, passed, detail) => {
    const s = await paper();
    expect(await verdict(s, 'fat_finger', { type: 'limit', limitPrice, timeInForce: 'gtc' })).toMatchObject({ passed, detail });
  });
});

describe('order rate (3 orders a minute)', () => {
  it('the 3rd order in the window passes, the 4th is refused', async () => {
    const s = await paper({ ...NO_EXTRA_RULES, orderRate: { maxOrders: 3, windowMs: 60_000 } });
    const working = { type: 'limit' as const, limitPrice: 97, timeInForce: 'gtc' as const };
    expect(await verdict(s, 'order_rate', working)).toMatchObject({ passed: true, detail: '0 orders in the last 60 s (limit 3)' });
    expect(await verdict(s, 'order_rate', working)).toMatchObject({ passed: true, detail: '1 orders in the last 60 s (limit 3)' });
    expect(await verdict(s, 'order_rate', working)).toMatchObject({ passed: true, detail: '2 orders in the last 60 s (limit 3)' });
    expect(await verdict(s, 'order_rate', working)).toMatchObject({ status: 'rejected_by_risk', passed: false, detail: '3 orders in the last 60 s (limit 3)' });
  });

  it('a restart does not reset the window: the journal refills it', async () => {
    const limits = { ...NO_EXTRA_RULES, orderRate: { maxOrders: 2, windowMs: 60_000 } };
    const s = await paper(limits);
    const working = { type: 'limit' as const, limitPrice: 97, timeInForce: 'gtc' as const };
    await verdict(s, 'order_rate', working);
    await verdict(s, 'order_rate', working);
    await s.service.close();
    running = [];
    const again = await startService(s.db, { kind: 'paper', delivery: 'sync' }, { limits });
    running.push(again);
    expect(await verdict(again, 'order_rate', working)).toMatchObject({ passed: false, detail: '2 orders in the last 60 s (limit 2)' });
  });
});

describe('max portfolio risk (5 % of equity to the stops)', () => {
  it.each([
    [50.01, true, 'risk to stops 4999.00 = 5.00% of equity (limit 5.00%)'],
    [50, true, 'risk to stops 5000.00 = 5.00% of equity (limit 5.00%)'],
    [49.99, false, 'risk to stops 5001.00 = 5.00% of equity (limit 5.00%)'],
  ])('100 shares at 100 with a stop at %d → passed %s', async (stopPrice, passed, detail) => {
    const s = await paper();
    expect(await verdict(s, 'max_portfolio_risk', { qty: 100, stopLoss: { stopPrice } })).toMatchObject({ passed, detail });
  });

  it('an open position counts with its working stop, else with the default 2 % stop', async () => {
    const s = await paper(NO_EXTRA_RULES, {}, (db) => storeBars(db, 'QQQ', dailyCloseBars([100])));
    await s.service.submitOrder(ticket({ qty: 100 }), { wait: 'ack' });
    // The probe: 1 QQQ at a limit of 96 (it does not fill) with a stop at 10: 86 at risk.
    const probe = { symbol: 'QQQ', type: 'limit' as const, limitPrice: 96, qty: 1, stopLoss: { stopPrice: 10 }, timeInForce: 'gtc' as const };
    // SPY 100 at 100 with no stop: the default 2 % → 200.
    expect(await verdict(s, 'max_portfolio_risk', probe)).toMatchObject({ detail: 'risk to stops 286.00 = 0.29% of equity (limit 5.00%)' });
    // A working sell stop at 70 protects it: 100 × 30 = 3000.
    expect((await s.service.submitOrder(ticket({ side: 'sell', type: 'stop', stopPrice: 70, qty: 100, timeInForce: 'gtc' }), { wait: 'ack' })).status).toBe('accepted');
    expect(await verdict(s, 'max_portfolio_risk', probe)).toMatchObject({ detail: 'risk to stops 3086.00 = 3.09% of equity (limit 5.00%)' });
  });
});

describe('max correlation with the open positions', () => {
  const walk = (seed: number, n: number): number[] => {
    let x = 100;
    let state = seed;
    return Array.from({ length: n }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      x *= 1 + ((state / 2147483648) - 0.5) * 0.04;
      return Math.round(x * 100) / 100;
    });
  };
  const a = walk(7, 80);
  // B moves with A most days: correlated, not identical.
  const b = a.map((price, i) => Math.round(price * (1 + (i % 3 === 0 ? 0.01 : -0.004) * Math.sin(i)) * 100) / 100);
  const rho = returnCorrelation(
    dailyCloseBars(a).map((bar) => bar.t), a, dailyCloseBars(b).map((bar) => bar.t), b, 60,
  )!;

  it.each([
    ['at the limit', 0, true],
    ['limit just above', 0.001, true],
    ['limit just below', -0.001, false],
  ])('%s', async (_name, offset, passed) => {
    const s = await paper({ ...NO_EXTRA_RULES, maxCorrelation: Math.round((rho + offset) * 1e6) / 1e6 }, {}, (db) => {
      storeBars(db, 'AAA', dailyCloseBars(a));
      storeBars(db, 'BBB', dailyCloseBars(b));
    });
    expect(rho).toBeGreaterThan(0.5);
    await s.service.submitOrder(ticket({ symbol: 'AAA', qty: 10 }), { wait: 'fill' });
    const result = await verdict(s, 'max_correlation', { symbol: 'BBB', qty: 10 });
    expect(result.passed).toBe(passed);
    expect(result.detail).toMatch(/^highest signed correlation 0\.\d\d with AAA \(limit /);
  });
});

describe('sizing a signal without a quantity', () => {
  const signal = { symbol: 'SPY', action: 'BUY' as const, confidence: 0.9, strategyId: 'sizing', timestamp: Date.UTC(2025, 0, 2) };
  const uncapped = { ...NO_EXTRA_RULES, maxPositionPct: null };

  it('fixed fractional: 1 % of equity to the default 2 % stop → 500 shares; to a given stop at 95 → 200', async () => {
    const s = await paper(uncapped);
    expect((await s.service.submitSignal(signal, 'strategy', { wait: 'fill' })).sized_qty).toBe(500);
    const t = await paper(uncapped);
    expect((await t.service.submitSignal({ ...signal, stopLoss: 95 }, 'strategy', { wait: 'fill' })).sized_qty).toBe(200);
  });

  it('capped by the position-size limit (10 % of equity at 100 → 100 shares)', async () => {
    const s = await paper();
    expect(await s.service.submitSignal(signal, 'strategy', { wait: 'fill' })).toMatchObject({ status: 'filled', sized_qty: 100, filled_qty: 100 });
  });

  it.each([
    [0.55, 500],
    [0.51, 500],
    [0.505, 250],
  ])('Kelly cap (payoff 1, half Kelly): win rate %d → %d shares', async (winRate, qty) => {
    const s = await paper(uncapped, { sizing: { riskPct: 1, kelly: { winRate, payoff: 1, fraction: 0.5 }, regime: { weights: {}, zeroWhen: { crisis: 0.5 } } } });
    expect((await s.service.submitSignal(signal, 'strategy', { wait: 'fill' })).sized_qty).toBe(qty);
  });

  it.each([
    [0.49, 'filled', 500],
    [0.5, 'filled', 500],
    [0.51, 'skipped', 0],
  ])('regime-aware: crisis probability %d → %s', async (crisis, status, qty) => {
    const p = REGIMES.map((name) => (name === 'crisis' ? crisis : name === 'bull' ? 1 - crisis : 0));
    const s = await paper(uncapped, { regime: () => ({ t: 0, p, label: 'bull' }) });
    const outcome = await s.service.submitSignal(signal, 'strategy', { wait: 'fill' });
    expect(outcome).toMatchObject({ status, sized_qty: qty });
    if (status === 'skipped') expect(outcome.reason).toBe('sizing gave no quantity for a new long in SPY');
  });
});
