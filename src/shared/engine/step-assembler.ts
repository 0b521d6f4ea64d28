import type { Bar } from '../domain/bar';

/** One time step of a live strategy: the bar of each of its symbols that has one at `t`. */
export interface AssembledStep {
  readonly t: number;
  /** By symbol index; null for a symbol without a bar at `t`. */
  readonly bars: ReadonlyArray<Bar | null>;
  /** Whether the strategy may trade on it: a live or replayed bar, not a backfilled one. */
  readonly trade: boolean;
}

export interface Offered {
  /** Steps now complete, in time order (usually none or one). */
  readonly steps: AssembledStep[];
  /** Why the bar was not taken: it is not after the symbol's last bar, or a later step has already run. */
  readonly dropped: 'duplicate' | 'late' | null;
}

/**
 * Turns bars that arrive one symbol at a time into the time steps a backtest would have made of
 * them: the bars of every symbol at one time form one step (a backtest's timeline does the same
 * with stored bars). A step is complete when each symbol has its bar at that time, or when a bar of
 * a later time arrives (a symbol that has no bar then does not hold the others back). Bars come
 * out in time order; a bar at or before its symbol's last one is a duplicate, and a bar older than
 * a step already run is late. Neither is taken.
 */
export class StepAssembler {
  private readonly last: Float64Array;
  private pending: { t: number; bars: Array<Bar | null>; trade: boolean; count: number } | null = null;
  /** Time of the last step handed out. */
  private done = Number.NEGATIVE_INFINITY;

  constructor(private readonly symbolCount: number) {
    this.last = new Float64Array(symbolCount).fill(Number.NEGATIVE_INFINITY);
  }

  /** Time of the last bar taken of symbol `s` (−∞ before any). */
  lastTime(s: number): number {
    return this.last[s]!;
  }

  /** Whether a step is waiting for more symbols' bars. */
  get waiting(): boolean {
    return this.pending !== null;
  }

  offer(s: number, bar: Bar, trade: boolean): Offered {
    if (!(bar.t > this.last[s]!)) return { steps: [], dropped: 'duplicate' };
    if (!(bar.t > this.done)) return { steps: [], dropped: 'late' };
    const steps: AssembledStep[] = [];
    const pending = this.pending;
    if (pending && bar.t < pending.t) {
      // A bar from before the step being gathered: its own step comes first.
      this.last[s] = bar.t;
      steps.push(this.single(s, bar, trade));
      return { steps, dropped: null };
    }
    if (pending && bar.t > pending.t) steps.push(this.take());
    this.last[s] = bar.t;
    if (!this.pending) this.pending = { t: bar.t, bars: new Array<Bar | null>(this.symbolCount).fill(null), trade: false, count: 0 };
    const gathering = this.pending;
    gathering.bars[s] = bar;
    gathering.trade ||= trade;
    gathering.count++;
    if (gathering.count === this.symbolCount) steps.push(this.take());
    return { steps, dropped: null };
  }

  /** The step being gathered, as it is (e.g. at the end of a warm-up); null when there is none. */
  flush(): AssembledStep | null {
    return this.pending ? this.take() : null;
  }

  private take(): AssembledStep {
    const step = this.pending!;
    this.pending = null;
    this.done = step.t;
    return { t: step.t, bars: step.bars, trade: step.trade };
  }

  private single(s: number, bar: Bar, trade: boolean): AssembledStep {
    const bars = new Array<Bar | null>(this.symbolCount).fill(null);
    bars[s] = bar;
    this.done = bar.t;
    return { t: bar.t, bars, trade };
  }
}
