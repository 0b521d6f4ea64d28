/**
 * The trading service on Alpaca (the emulator): the kill switch (also before the first
 * reconciliation), orders placed elsewhere adopted at reconciliation, a bracket the order manager emulates, and the
 * confirmed switch to live moving the app's trading to the live account (and back).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSextant, type Sextant } from '../../../src/main/app';
import { OrderTicketSchema, type OrderTicketInput } from '../../../src/shared/trading/order-ticket';
import { startAlpacaEmulator, type AlpacaEmulator } from '../../support/alpaca-emulator';
import { TradingRuntime } from '../../../src/main/trading/runtime';
import { captureLog, emulatorSpec, EventRecorder, FAST_STREAMS, openTestDb, startService, tempDir, waitFor, type TestService } from './helpers';

let emulator: AlpacaEmulator;
let running: TestService[] = [];

afterEach(async () => {
  for (const s of running) await s.service.close();
  running = [];
  await emulator.close();
});

const order = (input: Partial<OrderTicketInput>) => OrderTicketSchema.parse({ symbol: 'AAPL', side: 'buy', type: 'market', qty: 10, ...input });

describe('on Alpaca', () => {
  beforeEach(async () => {
    emulator = await startAlpacaEmulator();
    emulator.control.setPrice('AAPL', 190);
  });

  async function start(db = openTestDb().db): Promise<TestService> {
    const s = await startService(db, emulatorSpec(emulator));
    running.push(s);
    return s;
  }

  it('kill switch: cancels at Alpaca, flattens at Alpaca, halts', async () => {
    const s = await start();
    await s.service.submitOrder(order({}), { wait: 'fill' });
    const working = await s.service.submitOrder(order({ type: 'limit', limitPrice: 185, qty: 5, timeInForce: 'gtc' }), { wait: 'ack' });
    const report = await s.service.killSwitch('tester', 'drill');
    expect(report).toMatchObject({ canceled: 1, unconfirmedCancels: [], state: { state: 'HALTED' } });
    expect(report.flatten.map((r) => r.orders[0]!.side)).toEqual(['sell']);
    await waitFor(() => emulator.account.positionQty('AAPL') === 0, 'flat at Alpaca');
    await waitFor(() => s.service.book.positionQty('AAPL') === 0, 'flat locally');
    expect(emulator.control.orderByClientId(working.clientOrderId!)!.status).toBe('canceled');
  });

  it('kill switch before the first reconciliation: halts and cancels at once, flattens once the broker is reached', async () => {
    const { db } = openTestDb();
    const first = await start(db);
    await first.service.submitOrder(order({}), { wait: 'fill' });
    await first.service.close();
    running = [];
    emulator.control.rest.serverError(50, 500, { pathPrefix: '/v2/positions' });
    const s = await start(db);
    expect(s.service.ready).toBe(false);
    expect((await s.service.submitOrder(order({ qty: 1 }))).status).toBe('unavailable');
    const report = await s.service.killSwitch('tester', 'broker unreachable');
    expect(report).toMatchObject({ flatten: [], state: { state: 'HALTED', ready: false } });
    emulator.control.rest.clear();
    await s.service.reconcile('broker back');
    await waitFor(() => emulator.account.positionQty('AAPL') === 0, 'flattened after reconciliation');
    expect(s.service.state()).toMatchObject({ state: 'HALTED', ready: true });
  });

  it('adopts a working order placed outside Sextant, and can cancel it', async () => {
    const s = await start();
    const outside = await s.alpaca!.adapter.submitOrder({ clientOrderId: 'placed-on-the-web', symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: 180, timeInForce: 'gtc', qty: 2 });
    const report = await s.service.reconcile('test');
    expect(report.adopted).toEqual(['placed-on-the-web']);
    expect(s.service.oms.order('placed-on-the-web')).toMatchObject({ status: 'accepted', brokerOrderId: outside.id, tag: 'external' });
    expect(s.db.prepare("SELECT source FROM orders WHERE client_order_id = 'placed-on-the-web'").pluck(true).get()).toBe('external');
    expect(s.service.cancel('placed-on-the-web').ok).toBe(true);
    await waitFor(() => s.service.oms.order('placed-on-the-web')?.status === 'canceled', 'the cancel');
    expect(emulator.control.orderByClientId('placed-on-the-web')!.status).toBe('canceled');
  });

  it('runs a bracket as simple orders when native order classes are off: legs after the entry fills, one leg cancels the other', async () => {
    const spec = emulatorSpec(emulator);
    const s = await startService(openTestDb().db, spec.kind === 'alpaca' ? { ...spec, broker: { ...spec.broker, nativeOrderClasses: false } } : spec);
    running.push(s);
    const bracket = await s.service.submitOrder(order({ qty: 4, takeProfit: { limitPrice: 195 }, stopLoss: { stopPrice: 185 } }), { wait: 'fill' });
    const [entry, tp, sl] = bracket.orders.map((o) => o.clientOrderId);
    await waitFor(() => s.service.oms.order(tp!)?.status === 'accepted' && s.service.oms.order(sl!)?.status === 'accepted', 'both legs live at Alpaca');
    expect(s.service.oms.order(entry!)!.status).toBe('filled');
    emulator.control.setPrice('AAPL', 196);
    await waitFor(() => s.service.oms.order(tp!)?.status === 'filled' && s.service.oms.order(sl!)?.status === 'canceled', 'take-profit filled, stop canceled');
    expect(emulator.account.positionQty('AAPL')).toBe(0);
    expect(s.service.book.positionQty('AAPL')).toBe(0);
  });
});

describe('market data for the windows', () => {
  it('quotes and trades of watched symbols reach the streams; watching nothing stops them', async () => {
    emulator = await startAlpacaEmulator();
    const events = new EventRecorder();
    const spec = emulatorSpec(emulator) as Extract<ReturnType<typeof emulatorSpec>, { kind: 'alpaca' }>;
    const runtime = new TradingRuntime({ db: openTestDb().db, log: captureLog().logger, publisher: events, owner: 'test', alpaca: spec });
    await runtime.start({ kind: 'alpaca', mode: 'paper' });
    try {
      expect(runtime.watch('w1', ['aapl', 'MSFT'])).toEqual({ watching: ['AAPL', 'MSFT'], live: true });
      expect(runtime.watch('w2', ['AAPL'])).toEqual({ watching: ['AAPL', 'MSFT'], live: true });
      const market = runtime.current!.alpaca!.adapter.marketData;
      await waitFor(() => market.confirmedSubscription.quotes?.includes('MSFT') && market.confirmedSubscription.trades?.includes('AAPL'), 'the subscription');
      const t = Date.UTC(2026, 0, 5, 15);
      emulator.control.publish([
        { T: 't', S: 'AAPL', t, p: 190.5, s: 100, i: 1, x: 'V', z: 'C' },
        { T: 'q', S: 'MSFT', t, bp: 410.1, bs: 2, ap: 410.2, as: 3, bx: 'V', ax: 'V' },
      ]);
      await waitFor(() => events.of('market.trades').length === 1 && events.of('market.quotes').length === 1, 'a trade and a quote');
      expect(events.of('market.trades')[0]).toEqual({ symbol: 'AAPL', t, price: 190.5, size: 100 });
      expect(events.of('market.quotes')[0]).toEqual({ symbol: 'MSFT', t, bidPrice: 410.1, bidSize: 2, askPrice: 410.2, askSize: 3 });
      expect(runtime.watch('w1', [])).toEqual({ watching: ['AAPL'], live: true });
      await waitFor(() => !market.confirmedSubscription.quotes?.includes('MSFT'), 'MSFT unsubscribed');
    } finally {
      await runtime.close();
    }
  });
});

describe('the confirmed switch to live', () => {
  let app: Sextant | null = null;

  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it('moves trading to the live Alpaca account (LIVE badge), and leaving live brings back paper', async () => {
    emulator = await startAlpacaEmulator({ keys: { keyId: 'AKLIVEEMULATOR000001', secret: 'live-emulator-secret-42' } });
    emulator.control.setPrice('AAPL', 190);
    const dataDir = tempDir('sx-live-');
    const log = captureLog();
    app = await startSextant({
      dataDir,
      host: 'test',
      log: log.logger,
      validateOutputs: true,
      watchTradingConfig: false,
      liveKeysPresent: async () => true,
      env: emulator.env(),
      tradingRuntime: {
        alpaca: {
          adapter: { rest: { sleep: async () => {}, random: () => 0.5, rateLimit: false }, tradingStream: FAST_STREAMS, marketDataStream: { ...FAST_STREAMS, codec: 'json' } },
          connectTimeoutMs: 3_000,
        },
      },
    });
    const sextant = app;
    const call = async (name: string, input: unknown = {}): Promise<any> => {
      const result = await sextant.router.dispatch(name, input, { host: 'test', connectionId: 'live' });
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      return result.value;
    };
    expect(await call('trading.state')).toMatchObject({ mode: 'paper', broker: { kind: 'paper' } });
    const challenge = await call('trading.mode.requestLive');
    await call('trading.mode.confirmLive', { challengeId: challenge.challengeId, phrase: challenge.phrase });
    await waitFor(() => sextant.trading.runtime.current?.service.account === 'alpaca-live' && sextant.trading.runtime.current.service.ready, 'trading on the live account');
    const live = await call('trading.state');
    expect(live).toMatchObject({ mode: 'live', broker: { id: 'alpaca-live', kind: 'alpaca', label: 'Alpaca LIVE' } });
    expect((await call('trading.submitOrder', { ticket: { symbol: 'AAPL', side: 'buy', type: 'market', qty: 1 } })).status).toBe('submitted');
    await waitFor(() => emulator.account.positionQty('AAPL') === 1, 'the live order filled');

    await call('trading.mode.leaveLive');
    await waitFor(() => sextant.trading.runtime.current?.service.account === 'paper', 'back on paper');
    expect(await call('trading.state')).toMatchObject({ mode: 'paper', broker: { kind: 'paper' } });
    expect(fs.readFileSync(path.join(dataDir, 'trading.yaml'), 'utf8')).toContain('mode: paper');
  });
});
