import { SimulatedBroker, type FillModelConfig } from '../../src/shared/broker/sim/simulated-broker';
import type { Broker, BrokerCapabilities, BrokerEventSink } from '../../src/shared/broker/broker';
import { barColumnsFromBars, type Bar, type BarColumns } from '../../src/shared/domain/bar';
import { BarSeries } from '../../src/shared/engine/bar-series';
import type { Fill } from '../../src/shared/domain/fill';
import { equityInstrument, type Instrument } from '../../src/shared/domain/instrument';
import type { BrokerOrderEvent, EventRefusal, OrderEvent } from '../../src/shared/domain/order-events';
import type { Order } from '../../src/shared/domain/order';
import { sequentialOrderIds } from '../../src/shared/oms/client-order-ids';
import { MemoryOrderJournal } from '../../src/shared/oms/order-journal';
import { OrderManager } from '../../src/shared/oms/order-manager';
import { Portfolio } from '../../src/shared/portfolio/portfolio';
import type { PreTradeRisk } from '../../src/shared/risk/risk-types';

export const DAY = 86_400_000;
/** Daily bar time of day `d` (00:00 UTC). */
export const day = (d: number): number => Date.UTC(2024, 0, 1) + d * DAY;

export interface SimHarness {
  readonly oms: OrderManager;
  readonly broker: SimulatedBroker;
  readonly journal: MemoryOrderJournal;
  readonly portfolio: Portfolio;
  readonly instrument: Instrument;
  readonly fills: Fill[];
  readonly events: Array<{ event: OrderEvent; status: Order['status'] }>;
  readonly refusals: EventRefusal[];
  /** Processes daily bar `d` (its own session) and marks the portfolio to its close. */
  bar(d: number, o: number, h: number, l: number, c: number, v?: number): void;
  /** Processes a bar at time `t` (its session is its date in the harness's zone); `last` ends the session. */
  barAt(t: number, last: boolean, o: number, h: number, l: number, c: number, v?: number): void;
  now(): number;
}

/**
 * The simulated broker and the order manager wired as in a backtest, without the engine: tests
 * send orders between bars by hand. Day `d` bars are stamped at day(d); orders sent after bar d
 * carry its time.
 */
export function simHarness(
  options: { fillModel?: Partial<FillModelConfig>; instrument?: Partial<Omit<Instrument, 'symbol'>>; cash?: number; risk?: PreTradeRisk; sessionTimeZone?: string } = {},
): SimHarness {
  let now = day(-1);
  const instrument = equityInstrument('XYZ', options.instrument);
  const cash = options.cash ?? 100_000;
  const broker = new SimulatedBroker({ instruments: [instrument], initialCash: cash, clock: () => now, fillModel: options.fillModel });
  const series = BarSeries.empty('XYZ', options.sessionTimeZone ?? 'UTC');
  let lastFlag = true;
  broker.attachSeries([series], () => lastFlag);
  const journal = new MemoryOrderJournal();
  const oms = new OrderManager({ broker, journal, instrument: (s) => (s === 'XYZ' ? instrument : undefined), clock: () => now, ids: sequentialOrderIds('t'), risk: options.risk ?? null });
  const portfolio = new Portfolio(cash, [instrument]);
  const fills: Fill[] = [];
  const events: SimHarness['events'] = [];
  const refusals: EventRefusal[] = [];
  oms.onEvent((event, order) => {
    events.push({ event, status: order.status });
    if (event.type === 'OrderFilled' || event.type === 'OrderPartiallyFilled') {
      fills.push(event.fill);
      portfolio.applyFill(event.fill);
    }
  });
  oms.onRefusal((refusal) => refusals.push(refusal));
  const barAt: SimHarness['barAt'] = (t, last, o, h, l, c, v = 1_000_000) => {
    now = t;
    series.append({ t, o, h, l, c, v });
    lastFlag = last;
    broker.processBar(0, series.length - 1);
    portfolio.mark(0, c);
  };
  return {
    oms,
    broker,
    journal,
    portfolio,
    instrument,
    fills,
    events,
    refusals,
    bar: (d, o, h, l, c, v) => barAt(day(d), true, o, h, l, c, v),
    barAt,
    now: () => now,
  };
}

/**
 * A broker that only records commands: tests play the broker's part by calling `emit`.
 * Capabilities are those of Alpaca unless given.
 */
export class ScriptedBroker implements Broker {
  readonly id = 'scripted';
  readonly capabilities: BrokerCapabilities;
  readonly submitted: Array<{ order: Order; legs: readonly Order[] }> = [];
  readonly canceled: Order[] = [];
  readonly replaced: Array<{ order: Order; replacement: Order }> = [];
  private sink: BrokerEventSink = () => {};
  /** Called at `submit` before it records (to check what the journal holds then). */
  onSubmit: (order: Order) => void = () => {};

  constructor(capabilities: Partial<BrokerCapabilities> = {}) {
    this.capabilities = {
      orderTypes: ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'],
      timeInForce: ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'],
      orderClasses: ['simple', 'bracket', 'oco', 'oto'],
      replace: true,
      fractional: false,
      ...capabilities,
    };
  }

  connect(sink: BrokerEventSink): void {
    this.sink = sink;
  }

  submit(order: Order, legs: readonly Order[]): void {
    this.onSubmit(order);
    this.submitted.push({ order: { ...order }, legs: legs.map((leg) => ({ ...leg })) });
  }

  cancel(order: Order): void {
    this.canceled.push({ ...order });
  }

  replace(order: Order, replacement: Order): void {
    this.replaced.push({ order: { ...order }, replacement: { ...replacement } });
  }

  emit(event: BrokerOrderEvent): void {
    this.sink(event);
  }
}

export function fillOf(order: Order, executionId: string, qty: number, price: number, t = 0, commission = 0): Fill {
  return { executionId, clientOrderId: order.clientOrderId, brokerOrderId: order.brokerOrderId, symbol: order.symbol, side: order.side, qty, price, commission, t };
}

/** Bars from rows [o, h, l, c] (volume 1,000,000), one per day from day(0). */
export function dailyBars(rows: ReadonlyArray<readonly [number, number, number, number] | readonly [number, number, number, number, number]>): BarColumns {
  const bars: Bar[] = rows.map((row, d) => ({ t: day(d), o: row[0], h: row[1], l: row[2], c: row[3], v: row[4] ?? 1_000_000 }));
  return barColumnsFromBars(bars);
}

/** Bars whose open, high, low and close are all the close (for strategy tests that only read closes). */
export function closeBars(closes: readonly number[]): BarColumns {
  return dailyBars(closes.map((c) => [c, c, c, c] as const));
}
