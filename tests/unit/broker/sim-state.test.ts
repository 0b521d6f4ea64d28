/**
 * The simulated broker's saved state: a broker restored from it behaves exactly as the original
 * would have (same fills, same events) on the bars that follow.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedBroker } from '../../../src/shared/broker/sim/simulated-broker';
import type { BrokerOrderEvent } from '../../../src/shared/domain/order-events';
import { equityInstrument } from '../../../src/shared/domain/instrument';
import { BarSeries } from '../../../src/shared/engine/bar-series';
import { sequentialOrderIds } from '../../../src/shared/oms/client-order-ids';
import { MemoryOrderJournal } from '../../../src/shared/oms/order-journal';
import { OrderManager } from '../../../src/shared/oms/order-manager';
import { day } from '../../helpers/trading';

function scene() {
  let now = day(0);
  const instruments = [equityInstrument('XYZ'), equityInstrument('ABC')];
  const series = instruments.map((i) => BarSeries.empty(i.symbol, 'UTC'));
  const broker = new SimulatedBroker({ instruments, initialCash: 50_000, clock: () => now });
  broker.attachSeries(series, () => true);
  const events: BrokerOrderEvent[] = [];
  const oms = new OrderManager({ broker, journal: new MemoryOrderJournal(), instrument: (s) => instruments.find((i) => i.symbol === s), clock: () => now, ids: sequentialOrderIds('s'), risk: null });
  oms.onEvent((event) => events.push(event as BrokerOrderEvent));
  const bar = (s: number, d: number, o: number, h: number, l: number, c: number) => {
    now = day(d);
    series[s]!.append({ t: day(d), o, h, l, c, v: 1e6 });
    broker.processBar(s, series[s]!.length - 1);
  };
  return { broker, oms, series, events, bar };
}

describe('simulated broker state', () => {
  it('restores ledger, working orders (a live bracket, a trailing stop) and marks; later bars give the same events', () => {
    const a = scene();
    a.bar(0, 0, 100, 101, 99, 100);
    a.bar(1, 0, 20, 21, 19, 20);
    a.oms.submit({ symbol: 'XYZ', side: 'buy', qty: 10, type: 'market', timeInForce: 'gtc', orderClass: 'bracket', takeProfit: { limitPrice: 110 }, stopLoss: { stopPrice: 95 } });
    a.oms.submit({ symbol: 'ABC', side: 'buy', qty: 100, type: 'market', timeInForce: 'day' });
    a.bar(0, 1, 101, 103, 100, 102);
    a.bar(1, 1, 20, 20.5, 19.5, 20);
    a.oms.submit({ symbol: 'ABC', side: 'sell', qty: 100, type: 'trailing_stop', trailPercent: 5, timeInForce: 'gtc' });
    a.bar(1, 2, 21, 22, 20.8, 21.5);
    const saved = JSON.parse(JSON.stringify(a.broker.exportState()));
    expect(saved.orders.map((o: { clientOrderId: string; status: string }) => `${o.clientOrderId}:${o.status}`).sort()).toEqual(['s-1-sl:accepted', 's-1-tp:accepted', 's-1:filled', 's-3:accepted']);

    // A second broker, its series holding only the current bar of each symbol, restored from the state.
    const b = scene();
    b.series[0]!.append({ t: day(1), o: 101, h: 103, l: 100, c: 102, v: 1e6 });
    b.series[1]!.append({ t: day(2), o: 21, h: 22, l: 20.8, c: 21.5, v: 1e6 });
    b.broker.restoreState({ ...saved, marks: saved.marks.map((m: { symbol: string; used: number }) => ({ ...m, index: 0 })) });
    expect(b.broker.lastPrice('XYZ')).toBe(102);
    const sinkEvents: BrokerOrderEvent[] = [];
    b.broker.connect((event) => sinkEvents.push(event));
    const tail = (s: ReturnType<typeof scene>) => {
      s.bar(1, 3, 21, 21, 20, 20.2); // ABC falls through its trailing stop
      s.bar(0, 3, 104, 111, 103, 109); // take-profit at 110 fills; the stop leg is canceled
    };
    const before = a.events.length;
    tail(a);
    tail(b);
    const strip = (e: BrokerOrderEvent) => JSON.stringify(e);
    expect(sinkEvents.map(strip)).toEqual(a.events.slice(before).map(strip));
    expect(sinkEvents.map((e) => `${e.clientOrderId}:${e.type}`)).toEqual(['s-3:OrderFilled', 's-1-tp:OrderFilled', 's-1-sl:OrderCanceled']);
    expect(JSON.stringify(b.broker.exportState().ledger)).toBe(JSON.stringify(a.broker.exportState().ledger));
  });
});
