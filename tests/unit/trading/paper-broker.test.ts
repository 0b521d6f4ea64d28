/**
 * The offline paper broker: its books survive a new instance (the app restarted), events wait for
 * the next turn of the event loop and are lost if it closes first (as a crash loses them), and a
 * new symbol joins without disturbing what it holds.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import type { BrokerOrderEvent } from '../../../src/shared/domain/order-events';
import type { Order } from '../../../src/shared/domain/order';
import { silentLogger } from '../../../src/main/log';
import { openMemoryDatabase, type Db } from '../../../src/main/storage/database';
import { PaperBroker } from '../../../src/main/trading/paper/paper-broker';
import { PaperStore } from '../../../src/main/trading/paper/paper-store';

const T0 = Date.UTC(2025, 0, 6, 15, 0);
let now = T0;

function broker(db: Db, delivery: 'sync' | 'async' = 'sync'): { broker: PaperBroker; events: BrokerOrderEvent[] } {
  const paper = new PaperBroker({ store: new PaperStore(db, 'paper'), initialCash: 10_000, clock: () => now, instrument: (s) => equityInstrument(s), fillModel: { marketFill: 'close' }, delivery, log: silentLogger() });
  const events: BrokerOrderEvent[] = [];
  paper.connect((event) => events.push(event));
  return { broker: paper, events };
}

const order = (o: Partial<Order>): Order => ({
  clientOrderId: 'p-1', brokerOrderId: null, symbol: 'AAA', side: 'buy', qty: 10, type: 'market', timeInForce: 'gtc', limitPrice: null, stopPrice: null,
  trailPrice: null, trailPercent: null, extendedHours: false, orderClass: 'simple', role: null, parentId: null, groupId: null, legIds: [],
  status: 'pending_new', filledQty: 0, avgFillPrice: null, commission: 0, createdAt: now, updatedAt: now, replaces: null, replacedBy: null, reason: null, tag: null, ...o,
});

const bar = (t: number, c: number) => ({ t, o: c, h: c + 0.5, l: c - 0.5, c, v: 10_000 });

describe('paper broker', () => {
  beforeEach(() => {
    now = T0;
  });

  it('keeps its ledger, working orders and last prices across instances', async () => {
    const db = openMemoryDatabase();
    const first = broker(db);
    first.broker.processBar('AAA', bar(T0, 50), '1Min');
    first.broker.submit(order({}), []);
    first.broker.submit(order({ clientOrderId: 'p-2', type: 'limit', limitPrice: 45, qty: 5 }), []);
    expect(first.events.map((e) => `${e.clientOrderId}:${e.type}`)).toEqual(['p-1:OrderAccepted', 'p-1:OrderFilled', 'p-2:OrderAccepted']);
    first.broker.close();

    now = T0 + 120_000;
    const second = broker(db);
    expect(await second.broker.fetchAccount()).toMatchObject({ cash: 9_500, equity: 10_000 });
    expect(await second.broker.fetchPositions()).toEqual([{ symbol: 'AAA', qty: 10, avgEntryPrice: 50, marketValue: 500, lastPrice: 50 }]);
    expect((await second.broker.fetchOpenOrders()).map((o) => [o.clientOrderId, o.status, o.limitPrice])).toEqual([['p-2', 'accepted', 45]]);
    expect(await second.broker.fetchOrder('p-1')).toMatchObject({ status: 'filled', filledQty: 10, avgFillPrice: 50 });
    expect((await second.broker.fetchFills('p-1')).map((f) => [f.qty, f.price])).toEqual([[10, 50]]);
    second.broker.processBar('AAA', bar(T0 + 180_000, 44.8), '1Min');
    expect(second.events.map((e) => `${e.clientOrderId}:${e.type}`)).toEqual(['p-2:OrderFilled']);
    // The bar opened through the limit: filled at the open, 5 × 44.8.
    expect(await second.broker.fetchAccount()).toMatchObject({ cash: 9_500 - 224 });
  });

  it('delivers events on the next turn of the event loop, and drops them when closed first', async () => {
    const db = openMemoryDatabase();
    const paper = broker(db, 'async');
    paper.broker.processBar('AAA', bar(T0, 50), '1Min');
    paper.broker.submit(order({}), []);
    expect(paper.events).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(paper.events.map((e) => e.type)).toEqual(['OrderAccepted', 'OrderFilled']);
    paper.broker.submit(order({ clientOrderId: 'p-2' }), []);
    paper.broker.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(paper.events).toHaveLength(2);
    // The broker's books have it all the same.
    expect(await broker(db).broker.fetchOrder('p-2')).toMatchObject({ status: 'filled', filledQty: 10 });
  });

  it('takes a new symbol without losing what it holds', async () => {
    const db = openMemoryDatabase();
    const paper = broker(db);
    paper.broker.processBar('AAA', bar(T0, 50), '1Min');
    paper.broker.submit(order({ type: 'limit', limitPrice: 48, clientOrderId: 'p-9' }), []);
    paper.broker.processBar('BBB', bar(T0 + 60_000, 20), '1Min');
    paper.broker.submit(order({ symbol: 'BBB', clientOrderId: 'p-10', qty: 3 }), []);
    expect(await paper.broker.fetchPositions()).toEqual([{ symbol: 'BBB', qty: 3, avgEntryPrice: 20, marketValue: 60, lastPrice: 20 }]);
    paper.broker.processBar('AAA', bar(T0 + 120_000, 47.9), '1Min');
    expect(paper.events.filter((e) => e.clientOrderId === 'p-9').map((e) => e.type)).toEqual(['OrderAccepted', 'OrderFilled']);
  });
});
