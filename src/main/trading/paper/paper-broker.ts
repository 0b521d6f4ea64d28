/**
 * Offline paper trading: the simulated broker of the backtester (same fill model) behind the shared
 * `Broker` interface, driven by replayed or live bars, with books that survive a restart.
 *
 * It behaves like a remote broker, so the live code paths are exercised unchanged:
 * - a command or a bar changes the broker's state, which is written to its own tables (PaperStore)
 *   *before* the resulting events are handed to the order manager;
 * - events are delivered asynchronously (on the next turn of the event loop), as a network broker's
 *   would be. Closing the broker drops undelivered events: after a restart, reconciliation finds
 *   them in the broker's books instead (that is the crash the tests simulate);
 * - it answers reconciliation queries from its books, including orders long finished.
 *
 * Instruments are added on first use (a new symbol rebuilds the simulated broker from its saved
 * state with the larger universe).
 */
import type { Broker, BrokerAccount, BrokerCapabilities, BrokerEventSink, BrokerOrderReport, BrokerPosition } from '../../../shared/broker/broker';
import { SimulatedBroker, type FillModelConfig, type SimBrokerState } from '../../../shared/broker/sim/simulated-broker';
import { BarSeries } from '../../../shared/engine/bar-series';
import { isDailyOrLonger, parseTimeframe } from '../../../shared/domain/timeframe';
import type { Bar } from '../../../shared/domain/bar';
import type { Fill } from '../../../shared/domain/fill';
import type { Instrument } from '../../../shared/domain/instrument';
import type { BrokerOrderEvent } from '../../../shared/domain/order-events';
import type { Order } from '../../../shared/domain/order';
import type { Logger } from '../../log';
import { PaperStore, type PaperOrderChange } from './paper-store';

/** A bar the paper broker trades on (start time `t`, epoch ms). */
export type PaperBar = Bar;

export interface PaperBrokerOptions {
  readonly store: PaperStore;
  /** Cash of a new paper account (ignored when the account already exists). */
  readonly initialCash: number;
  readonly clock: () => number;
  /** The instrument for a symbol (every symbol is tradable on paper; this gives its tick and lot). */
  readonly instrument: (symbol: string) => Instrument;
  readonly fillModel?: Partial<FillModelConfig>;
  /** `async` (default): events on the next turn of the event loop; `sync`: before the command returns. */
  readonly delivery?: 'async' | 'sync';
  /**
   * A bar to price a symbol the broker has never seen a bar of (the last stored bar), so an order
   * can fill before any replayed or live bar arrived. Null: no price known, orders wait for a bar.
   */
  readonly primer?: (symbol: string) => { readonly bar: PaperBar; readonly timeframe: string } | null;
  readonly log: Logger;
}

const SCOPE = 'paper broker';
/** A live series is cut back to its newest bar when it reaches this length (only the current bar matters). */
const MAX_LIVE_BARS = 4096;

/** What the paper broker saves: the simulated broker's state and each symbol's current bar. */
interface PaperState {
  readonly sim: SimBrokerState;
  readonly bars: ReadonlyArray<{ readonly symbol: string; readonly zone: string; readonly bar: PaperBar }>;
}

/** The zone whose calendar date is a bar's session: UTC for daily bars, New York for intraday. */
export function sessionZoneOf(timeframe: string): string {
  const parsed = parseTimeframe(timeframe);
  return parsed && isDailyOrLonger(parsed) ? 'UTC' : 'America/New_York';
}

export class PaperBroker implements Broker {
  readonly id: string;
  readonly capabilities: BrokerCapabilities;
  readonly initialCash: number;
  private sim: SimulatedBroker;
  private instruments: Instrument[];
  /** One series per instrument: the bars the simulated broker reads (its current bar is the newest). */
  private series: BarSeries[] = [];
  /** Whether the newest bar of each series closes its session (a replayed dataset's last bar does). */
  private newestEnds: boolean[] = [];
  private readonly indexOf = new Map<string, number>();
  private readonly store: PaperStore;
  private readonly options: PaperBrokerOptions;
  private sink: BrokerEventSink | null = null;
  private readonly pending: BrokerOrderEvent[] = [];
  private collected: BrokerOrderEvent[] = [];
  private scheduled = false;
  private closed = false;
  private marksDirty = false;
  private readonly barListeners = new Set<(symbol: string, bar: PaperBar) => void>();

  constructor(options: PaperBrokerOptions) {
    this.options = options;
    this.store = options.store;
    this.id = options.store.account;
    const saved = this.store.load<PaperState>();
    this.initialCash = saved?.initialCash ?? options.initialCash;
    this.instruments = [];
    this.sim = this.newSim();
    if (saved) this.restore(saved.state);
    else this.persist();
    this.capabilities = this.sim.capabilities;
  }

  connect(sink: BrokerEventSink): void {
    if (this.sink) throw new Error('PaperBroker.connect was called twice');
    this.sink = sink;
  }

  /** Bars this broker processed, for the owner to mark its books and show prices. */
  onBar(listener: (symbol: string, bar: PaperBar) => void): () => void {
    this.barListeners.add(listener);
    return () => this.barListeners.delete(listener);
  }

  submit(order: Order, legs: readonly Order[]): void {
    this.change(() => {
      this.prime(this.ensure(order.symbol), order.symbol);
      this.sim.submit(order, legs);
      const t = this.options.clock();
      for (const member of [order, ...legs]) {
        // A refused order is on the books too (under a made-up id), so a lookup finds it rejected.
        const report = this.sim.orderReport(member.clientOrderId);
        this.store.received(member, report?.brokerOrderId ?? `refused:${member.clientOrderId}`, t);
      }
      this.sim.compact();
    });
  }

  cancel(order: Order): void {
    this.change(() => {
      this.sim.cancel(order);
      this.sim.compact();
    });
  }

  replace(order: Order, replacement: Order): void {
    this.change(() => {
      this.sim.replace(order, replacement);
      const report = this.sim.orderReport(replacement.clientOrderId);
      if (report) this.store.received(replacement, report.brokerOrderId, this.options.clock());
      this.sim.compact();
    });
  }

  /**
   * A new bar of `symbol` (live, or the last stored one): fills orders sent before it. `timeframe`
   * gives its session (the date in New York for intraday bars, in UTC for daily ones).
   */
  processBar(symbol: string, bar: PaperBar, timeframe: string, lastOfSession = false): void {
    const known = this.indexOf.get(symbol);
    this.change(() => {
      const s = this.ensure(symbol);
      this.appendBar(s, bar, sessionZoneOf(timeframe));
      this.newestEnds[s] = lastOfSession;
      this.sim.processBar(s, this.series[s]!.length - 1);
      this.marksDirty = true;
    }, known !== undefined && this.sim.workingCount(known) > 0);
    for (const listener of this.barListeners) listener(symbol, bar);
  }

  /**
   * Replays stored bars of `symbol`: the broker reads them in place from `series` (no copy), bar
   * `index` by bar `index` through `replayBar`, with the sessions the dataset implies.
   */
  startReplay(symbol: string, series: BarSeries): void {
    this.change(() => {
      const s = this.ensure(symbol);
      this.series[s] = series;
      this.newestEnds[s] = true;
      this.sim.attachSeries(this.series, (k) => this.newestEnds[k] ?? false);
    }, false);
  }

  /** Bar `index` of the series given to `startReplay` for `symbol`. */
  replayBar(symbol: string, index: number): void {
    const s = this.indexOf.get(symbol);
    if (s === undefined) throw new Error(`${symbol} is not being replayed`);
    const series = this.series[s]!;
    this.change(() => {
      this.sim.processBar(s, index);
      this.marksDirty = true;
    }, this.sim.workingCount(s) > 0);
    const bar: PaperBar = { t: series.t[index]!, o: series.o[index]!, h: series.h[index]!, l: series.l[index]!, c: series.c[index]!, v: series.v[index]! };
    for (const listener of this.barListeners) listener(symbol, bar);
  }

  /** The last close this broker saw of `symbol` (NaN before its first bar). */
  lastPrice(symbol: string): number {
    return this.sim.lastPrice(symbol);
  }

  fetchOpenOrders(): Promise<BrokerOrderReport[]> {
    return this.sim.fetchOpenOrders();
  }

  /** From the working book, else from the books of every order ever received. */
  fetchOrder(clientOrderId: string): Promise<BrokerOrderReport | null> {
    return Promise.resolve(this.sim.orderReport(clientOrderId) ?? this.store.report(clientOrderId));
  }

  fetchPositions(): Promise<BrokerPosition[]> {
    return this.sim.fetchPositions();
  }

  fetchAccount(): Promise<BrokerAccount> {
    return this.sim.fetchAccount();
  }

  /** The executions of one order with their own ids (reconciliation recovers exact fills from these). */
  fetchFills(clientOrderId: string): Promise<Fill[]> {
    return Promise.resolve(this.store.executions(clientOrderId));
  }

  /** Delivers every event still waiting (tests and the CLI use it to settle). */
  flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0 && !this.closed) {
      const event = this.pending.shift()!;
      try {
        this.sink?.(event);
      } catch (error) {
        this.options.log.error(SCOPE, `the order manager threw on ${event.type} for ${event.clientOrderId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Saves the marks and stops delivering: events not yet delivered are dropped (a crash loses them too). */
  close(): void {
    if (this.closed) return;
    if (this.marksDirty) this.persist();
    this.closed = true;
    this.pending.length = 0;
  }

  /** Saves the broker's state if only prices changed since the last save (call from time to time). */
  saveMarks(): void {
    if (this.marksDirty && !this.closed) this.persist();
  }

  /** Runs a state change, writes the new state and the order changes, then schedules the events. */
  private change(work: () => void, mustSave = true): void {
    if (this.closed) throw new Error('the paper broker is closed');
    this.collected = [];
    this.store.transaction(() => {
      work();
      if (!mustSave && this.collected.length === 0) return;
      for (const event of this.collected) this.store.change(changeOf(event));
      this.persist();
    });
    if (this.collected.length === 0) return;
    this.pending.push(...this.collected);
    this.collected = [];
    if (this.options.delivery === 'sync') this.flush();
    else this.schedule();
  }

  private persist(): void {
    const sim = this.sim.exportState();
    const bars = sim.marks.map((mark) => {
      const s = this.indexOf.get(mark.symbol)!;
      const series = this.series[s]!;
      const i = mark.index;
      return { symbol: mark.symbol, zone: series.sessionTimeZone, bar: { t: series.t[i]!, o: series.o[i]!, h: series.h[i]!, l: series.l[i]!, c: series.c[i]!, v: series.v[i]! } };
    });
    const state: PaperState = { sim, bars };
    this.store.save(this.initialCash, state, this.options.clock());
    this.marksDirty = false;
  }

  /** Back to a saved state: every symbol it names, each with its current bar as a one-bar series. */
  private restore(state: PaperState): void {
    const symbols = new Set<string>();
    for (const holding of state.sim.ledger.holdings) symbols.add(holding.symbol);
    for (const order of state.sim.orders) symbols.add(order.symbol);
    for (const entry of state.bars) symbols.add(entry.symbol);
    this.instruments = [...symbols].map((symbol) => this.options.instrument(symbol));
    this.indexOf.clear();
    this.instruments.forEach((instrument, i) => this.indexOf.set(instrument.symbol, i));
    this.series = this.instruments.map((instrument) => BarSeries.empty(instrument.symbol, 'UTC', 16));
    this.newestEnds = this.instruments.map(() => false);
    for (const entry of state.bars) {
      const s = this.indexOf.get(entry.symbol)!;
      this.series[s] = BarSeries.empty(entry.symbol, entry.zone, 16);
      this.series[s]!.append(entry.bar);
    }
    this.sim = this.newSim();
    this.sim.restoreState({ ...state.sim, marks: state.sim.marks.map((mark) => ({ ...mark, index: 0 })) });
  }

  /** Appends a live bar; a series of another session zone, or one at or past this bar's time, starts afresh. */
  private appendBar(s: number, bar: PaperBar, zone: string): void {
    let series = this.series[s]!;
    const newest = series.length > 0 ? series.t[series.length - 1]! : Number.NEGATIVE_INFINITY;
    const fresh = series.sessionTimeZone !== zone || !(bar.t > newest);
    if (fresh || series.length >= MAX_LIVE_BARS) {
      const next = BarSeries.empty(series.symbol, zone, 64);
      // Keep the previous bar when it belongs before this one: the first bar of a session is told by it.
      if (!fresh) next.append({ t: newest, o: series.o[series.length - 1]!, h: series.h[series.length - 1]!, l: series.l[series.length - 1]!, c: series.c[series.length - 1]!, v: series.v[series.length - 1]! });
      this.series[s] = series = next;
      this.sim.attachSeries(this.series, (k) => this.newestEnds[k] ?? false);
    }
    series.append(bar);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Gives a never-priced symbol its last stored bar (it has no working orders yet to trade on it). */
  private prime(s: number, symbol: string): void {
    if (!Number.isNaN(this.sim.lastPrice(symbol)) || !this.options.primer) return;
    const primed = this.options.primer(symbol);
    if (!primed) return;
    const { bar, timeframe } = primed;
    this.appendBar(s, bar, sessionZoneOf(timeframe));
    this.newestEnds[s] = true;
    this.sim.processBar(s, this.series[s]!.length - 1);
    this.options.log.info(SCOPE, `${symbol} priced from its last stored bar (${new Date(bar.t).toISOString()}, close ${bar.c})`);
  }

  private ensure(symbol: string): number {
    const known = this.indexOf.get(symbol);
    if (known !== undefined) return known;
    const state = this.sim.exportState();
    this.instruments = [...this.instruments, this.options.instrument(symbol)];
    this.indexOf.set(symbol, this.instruments.length - 1);
    this.series = [...this.series, BarSeries.empty(symbol, 'UTC', 16)];
    this.newestEnds = [...this.newestEnds, false];
    this.sim = this.newSim();
    this.sim.restoreState(state);
    return this.instruments.length - 1;
  }

  private newSim(): SimulatedBroker {
    const sim = new SimulatedBroker({
      id: this.id,
      instruments: this.instruments,
      initialCash: this.initialCash,
      clock: this.options.clock,
      fillModel: this.options.fillModel,
      // Finished orders live in the paper books (PaperStore), not in memory.
      retainClosedOrders: false,
    });
    sim.attachSeries(this.series, (s) => this.newestEnds[s] ?? false);
    sim.connect((event) => this.collected.push(event));
    return sim;
  }
}

/** How one broker event changes the broker's record of the order. */
function changeOf(event: BrokerOrderEvent): PaperOrderChange {
  const base = { clientOrderId: event.clientOrderId, t: event.t, ...(event.brokerOrderId ? { brokerOrderId: event.brokerOrderId } : {}) };
  switch (event.type) {
    case 'OrderAccepted':
      return { ...base, status: 'accepted', ...(event.qty !== undefined ? { qty: event.qty } : {}) };
    case 'OrderFilled':
      return { ...base, status: 'filled', fill: event.fill };
    case 'OrderPartiallyFilled':
      return { ...base, status: 'partially_filled', fill: event.fill };
    case 'OrderCanceled':
      return { ...base, status: 'canceled' };
    case 'OrderExpired':
      return { ...base, status: 'expired' };
    case 'OrderRejected':
      return { ...base, status: 'rejected' };
    case 'OrderReplaced':
      return { ...base, status: 'replaced' };
    default:
      return base;
  }
}
