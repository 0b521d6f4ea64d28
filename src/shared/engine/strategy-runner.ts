import type { OrderSide } from '../domain/order';
import type { RegimeView } from '../domain/regime';
import type { SeriesIndicator } from '../indicators/series';
import type { BarSeries } from './bar-series';
import { BarView } from './bar-view';
import type { BarField, Strategy, StrategyAccount, StrategyContext, StrategyOutput, StrategySetup } from './strategy';

/**
 * What a strategy's world is made of besides its bars, given by whoever executes its intents: the
 * backtest engine (its portfolio, its sizer, the regime columns of the run) or the live strategy
 * host (the trading service's account book and sizing, the regime service's stored probabilities).
 */
export interface StrategyWorld {
  readonly account: StrategyAccount;
  /** The regime of symbol `s` at its bar `i` (the bar the strategy is on), undefined when none is known. */
  regime(s: number, i: number): RegimeView | undefined;
  /** Quantity for a new position in symbol `s` (see `StrategyContext.size`); `price` undefined: the last close. */
  size(s: number, side: OrderSide, price: number | undefined, stopPrice: number | undefined): number;
  note(text: string): void;
}

interface Tracker {
  readonly field: BarField;
  readonly indicator: SeriesIndicator;
}

/**
 * The strategy half of a time step, shared by the backtest engine and the live strategy host: the
 * bars a strategy may see (a `BarView` per symbol, capped at the current bar), its declared
 * indicators and per-bar hooks, and its `onBar` decision. What happens to the decision (sizing,
 * risk, the order manager, a broker) is the caller's business.
 *
 * One step, in order: `begin(t)`; `advance(s)` for each symbol with a bar at `t`; `refresh(s)` for
 * each of them (indicators and hooks, fed only the new bar); `decide()` (the strategy's `onBar`);
 * `end()`. A warm-up step skips `decide`: indicators and hooks see the bar, `onBar` does not, so
 * state a strategy must carry across a warm-up belongs in indicators and hooks.
 */
export class StrategyRunner {
  readonly strategy: Strategy;
  readonly symbols: readonly string[];
  readonly views: readonly BarView[];
  private readonly series: readonly BarSeries[];
  private readonly world: StrategyWorld;
  private readonly indexOf = new Map<string, number>();
  private readonly cursor: Int32Array;
  private readonly stepClock = { step: -1 };
  private readonly trackers: Tracker[][];
  private readonly barHooks: Array<Array<(bars: BarView) => void>>;
  private readonly context: StepContext;
  private stepCount = 0;
  private now = Number.NaN;

  constructor(strategy: Strategy, series: readonly BarSeries[], world: StrategyWorld) {
    this.strategy = strategy;
    this.series = series;
    this.world = world;
    this.symbols = series.map((s) => s.symbol);
    this.symbols.forEach((symbol, i) => {
      if (this.indexOf.has(symbol)) throw new Error(`${symbol} appears twice among the strategy's symbols`);
      this.indexOf.set(symbol, i);
    });
    const n = series.length;
    this.cursor = new Int32Array(n).fill(-1);
    this.trackers = Array.from({ length: n }, () => []);
    this.barHooks = Array.from({ length: n }, () => []);
    this.views = series.map((s) => new BarView(s, this.stepClock));
    this.context = this.createContext();
    strategy.init?.(this.createSetup());
  }

  /** Time of the current step (NaN before the first). */
  get time(): number {
    return this.now;
  }

  /** Steps completed. */
  get steps(): number {
    return this.stepCount;
  }

  /** Index of the current bar of symbol `s` (−1 before its first). */
  barIndex(s: number): number {
    return this.cursor[s]!;
  }

  /** Start time of the next bar of symbol `s` in its series (NaN when there is none yet). */
  nextTime(s: number): number {
    const i = this.cursor[s]! + 1;
    const series = this.series[s]!;
    return i < series.length ? series.t[i]! : Number.NaN;
  }

  index(symbol: string): number {
    const i = this.indexOf.get(symbol);
    if (i === undefined) throw new Error(`unknown symbol ${symbol}; this strategy trades ${this.symbols.join(', ')}`);
    return i;
  }

  /** Index of `symbol`, undefined when the strategy does not trade it. */
  findIndex(symbol: string): number | undefined {
    return this.indexOf.get(symbol);
  }

  begin(t: number): void {
    this.now = t;
    this.stepClock.step = this.stepCount;
    this.context.t = t;
    this.context.step = this.stepCount;
  }

  /** Moves symbol `s` to its next bar, which must start at the step's time. Returns the bar's index. */
  advance(s: number): number {
    const series = this.series[s]!;
    const i = this.cursor[s]! + 1;
    if (i >= series.length || series.t[i] !== this.now) misaligned(series, i, this.now);
    this.cursor[s] = i;
    const view = this.views[s]!;
    view.index = i;
    view.updatedStep = this.stepClock.step;
    return i;
  }

  /** Feeds symbol `s`'s new bar to its declared indicators, then to its hooks (no number crosses a call boxed). */
  refresh(s: number): void {
    const series = this.series[s]!;
    const i = this.cursor[s]!;
    const trackers = this.trackers[s]!;
    for (let k = 0; k < trackers.length; k++) {
      const tracker = trackers[k]!;
      tracker.indicator.update(fieldColumn(series, tracker.field)[i]!);
    }
    const hooks = this.barHooks[s]!;
    for (let k = 0; k < hooks.length; k++) hooks[k]!(this.views[s]!);
  }

  /** The strategy's decision at this step: its `onBar`. */
  decide(): StrategyOutput {
    return this.strategy.onBar(this.context);
  }

  end(): void {
    this.stepCount++;
  }

  private createSetup(): StrategySetup {
    return {
      symbols: this.symbols,
      bars: (symbol) => this.views[this.index(symbol)]!,
      track: (symbol, field, indicator) => {
        this.trackers[this.index(symbol)]!.push({ field, indicator });
        return indicator;
      },
      onEachBar: (symbol, update) => {
        this.barHooks[this.index(symbol)]!.push(update);
      },
    };
  }

  private createContext(): StepContext {
    const runner = this;
    const world = this.world;
    return new StepContext(this.symbols, world.account, {
      view: (symbol) => runner.views[runner.index(symbol)]!,
      regime: (symbol) => {
        const s = runner.index(symbol);
        const i = runner.cursor[s]!;
        return i < 0 ? undefined : world.regime(s, i);
      },
      size: (symbol, side, price, stopPrice) => world.size(runner.index(symbol), side, price, stopPrice),
      note: (text) => world.note(text),
    });
  }
}

interface StepContextHost {
  view(symbol: string): BarView;
  regime(symbol: string): RegimeView | undefined;
  size(symbol: string, side: OrderSide, price?: number, stopPrice?: number): number;
  note(text: string): void;
}

/**
 * The one context object of a run, updated at each step. A class rather than an object literal
 * so that `t` stays a number field written in place (no heap number per step).
 */
class StepContext implements StrategyContext {
  t = Number.NaN;
  step = 0;
  readonly symbols: readonly string[];
  readonly account: StrategyAccount;
  private readonly host: StepContextHost;

  constructor(symbols: readonly string[], account: StrategyAccount, host: StepContextHost) {
    this.symbols = symbols;
    this.account = account;
    this.host = host;
  }

  bars(symbol: string): BarView {
    return this.host.view(symbol);
  }

  updated(symbol: string): boolean {
    return this.host.view(symbol).isNew;
  }

  regime(symbol: string): RegimeView | undefined {
    return this.host.regime(symbol);
  }

  size(symbol: string, side: OrderSide, price?: number, stopPrice?: number): number {
    return this.host.size(symbol, side, price, stopPrice);
  }

  note(text: string): void {
    this.host.note(text);
  }
}

function fieldColumn(series: BarSeries, field: BarField): Float64Array {
  switch (field) {
    case 'close':
      return series.c;
    case 'open':
      return series.o;
    case 'high':
      return series.h;
    case 'low':
      return series.l;
    case 'volume':
      return series.v;
  }
}

function misaligned(series: BarSeries, i: number, t: number): never {
  if (i >= series.length) throw new Error(`${series.symbol}: no bar ${i} to step to (series has ${series.length})`);
  throw new Error(`${series.symbol}: its next bar is not at the step's time ${new Date(t).toISOString()}`);
}
