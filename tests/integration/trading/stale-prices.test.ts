/**
 * Prices on Alpaca (the emulator) carry their time, and an old one is never passed on: the ticket's
 * preview, the fat-finger band, the position size, the portfolio risk and the sizing of a signal use
 * the latest trade or quote (stream or REST), and refuse with "price is stale (last at …)" when it is
 * older than maxPriceAgeSec of session time; the last stored bar's close is never used.
 * The service's clock is Monday 2026-01-05 10:00 ET; the emulator's clock sets the latest trade's time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrderTicketSchema, type OrderTicketInput } from '../../../src/shared/trading/order-ticket';
import { startAlpacaEmulator, type AlpacaEmulator } from '../../support/alpaca-emulator';
import { dailyCloseBars, emulatorSpec, openTestDb, startService, storeBars, waitFor, type TestService } from './helpers';

const utc = (iso: string): number => Date.parse(`${iso}Z`);
const NOW = utc('2026-01-05T15:00:00');

let emulator: AlpacaEmulator;
let s: TestService;
let now = NOW;

beforeEach(async () => {
  now = NOW;
  emulator = await startAlpacaEmulator();
  emulator.control.setPrice('SPY', 350);
  const { db } = openTestDb();
  // The last stored bar closed at 350.58: what the ticket used to show as Last.
  storeBars(db, 'SPY', dailyCloseBars([349.1, 350.58], Date.UTC(2026, 0, 1)));
  s = await startService(db, emulatorSpec(emulator, { clock: () => now }));
});

afterEach(async () => {
  await s.service.close();
  await emulator.close();
});

const ticket = (input: Partial<OrderTicketInput>) => OrderTicketSchema.parse({ symbol: 'SPY', side: 'buy', type: 'market', qty: 10, ...input });

describe('the price the risk rules and the ticket use', () => {
  it("is Alpaca's latest trade with its time, not the last stored bar's close", async () => {
    emulator.control.setNow(utc('2026-01-05T14:59:58'));
    await s.service.ensurePrice('SPY');
    const preview = s.service.previewOrder(ticket({ type: 'limit', limitPrice: 351 }));
    expect(preview).toMatchObject({ lastPrice: 350, lastPriceAt: utc('2026-01-05T14:59:58') });
    expect(preview.risk?.rules.find((r) => r.rule === 'fat_finger')).toEqual({ rule: 'fat_finger', passed: true, detail: 'limit 351 is 0.29% from last 350 (band 5.00%)' });
    const placed = await s.service.submitOrder(ticket({ type: 'limit', limitPrice: 349, timeInForce: 'gtc' }), { wait: 'ack' });
    expect(placed.status).toBe('accepted');
  });

  it('older than 60 s of session time: the preview, a limit, a market order and a signal to size are refused, saying so', async () => {
    emulator.control.setNow(utc('2026-01-05T14:58:30'));
    const stale = 'price is stale (last at 2026-01-05T14:58:30.000Z, 90 s of trading ago; limit 60 s)';
    await s.service.ensurePrice('SPY');
    const preview = s.service.previewOrder(ticket({ type: 'limit', limitPrice: 351 }));
    expect(preview).toMatchObject({ lastPrice: 350, lastPriceAt: utc('2026-01-05T14:58:30'), risk: { approved: false } });
    expect(preview.risk?.rules.find((r) => r.rule === 'fat_finger')?.detail).toBe(`SPY: ${stale}; cannot check limit 351`);

    const limit = await s.service.submitOrder(ticket({ type: 'limit', limitPrice: 351 }), { wait: 'ack' });
    expect(limit.status).toBe('rejected_by_risk');
    expect(limit.risk?.rules.filter((r) => !r.passed).map((r) => r.detail)).toEqual([`SPY: ${stale}; cannot check limit 351`]);

    const market = await s.service.submitOrder(ticket({}), { wait: 'ack' });
    expect(market.status).toBe('rejected_by_risk');
    expect(market.risk?.rules.filter((r) => !r.passed).map((r) => [r.rule, r.detail])).toEqual([
      ['max_position_size', `SPY: ${stale}; cannot value the position`],
      ['max_portfolio_risk', `SPY: ${stale}; cannot measure the risk to stops`],
    ]);

    const outcome = await s.service.submitSignal({ symbol: 'SPY', action: 'BUY', confidence: 0.8, strategyId: 'x', timestamp: now }, 'endpoint', { wait: 'ack' });
    expect(outcome).toMatchObject({ status: 'rejected_by_risk', client_order_id: null, risk: { approved: false, rules: [{ rule: 'sizing', passed: false, detail: `SPY: ${stale}; cannot size the signal` }] } });
    // Nothing reached Alpaca; Alpaca was asked for its latest trade and quote again before each decision.
    expect(emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders')).toHaveLength(0);
    expect(emulator.requests.filter((r) => r.path === '/v2/stocks/SPY/trades/latest').length).toBeGreaterThanOrEqual(4);
    expect(emulator.requests.some((r) => r.path === '/v2/stocks/SPY/quotes/latest')).toBe(true);
  });

  it('a trade on the data stream makes it fresh again (timed at the trade, not at its arrival)', async () => {
    emulator.control.setNow(utc('2026-01-05T14:50:00'));
    s.alpaca!.market!.watch(['SPY']);
    await waitFor(() => s.alpaca!.adapter.marketData.confirmedSubscription.trades?.includes('SPY'), 'the trade subscription');
    emulator.control.publish([{ T: 't', S: 'SPY', t: utc('2026-01-05T14:59:45'), p: 350.25, s: 100, i: 7, x: 'V', z: 'B' }]);
    await waitFor(() => s.service.prices.get('SPY')?.t === utc('2026-01-05T14:59:45'), 'the streamed trade');
    expect(s.service.prices.get('SPY')).toEqual({ price: 350.25, t: utc('2026-01-05T14:59:45'), source: 'trade' });
    const placed = await s.service.submitOrder(ticket({ type: 'limit', limitPrice: 349, timeInForce: 'gtc' }), { wait: 'ack' });
    expect(placed.status).toBe('accepted');
    // 15 s later (15:00:16) the trade is 31 s old: still fresh; a minute later it is not.
    now = utc('2026-01-05T15:00:16');
    expect(s.service.priceProblem('SPY')).toBeNull();
    now = utc('2026-01-05T15:00:46');
    expect(s.service.priceProblem('SPY')).toBe('price is stale (last at 2026-01-05T14:59:45.000Z, 61 s of trading ago; limit 60 s)');
  });

  it("outside the session a price keeps: Friday's 15:59:30 trade is 30 s old on Saturday", async () => {
    now = utc('2026-01-03T12:00:00');
    emulator.control.setNow(utc('2026-01-02T20:59:30'));
    const placed = await s.service.submitOrder(ticket({ type: 'limit', limitPrice: 349, timeInForce: 'gtc' }), { wait: 'ack' });
    expect(placed.status).toBe('accepted');
    expect(placed.risk?.rules.every((r) => r.passed)).toBe(true);
  });
});
