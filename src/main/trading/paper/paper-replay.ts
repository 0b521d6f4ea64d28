/**
 * Drives the offline paper broker with stored bars, as if they were arriving live: the bars of one
 * or more datasets, merged in time order, fed at `barsPerSecond`. While it runs, the paper clock is
 * the replayed time (orders sent now trade from the next replayed bar, day orders expire with the
 * replayed sessions, the daily-loss count follows the replayed days), so paper trading works with no
 * account and no network.
 */
import { BarSeries } from '../../../shared/engine/bar-series';
import type { ReplayStatus } from '../../../shared/ipc/services/trading';
import { InputError } from '../../../shared/errors';
import type { Logger } from '../../log';
import type { DatasetStore } from '../../market/dataset-store';
import { sessionZoneOf, type PaperBroker } from './paper-broker';

interface ReplaySeries {
  readonly symbol: string;
  readonly dataset: number;
  readonly timeframe: string;
  readonly bars: BarSeries;
  next: number;
}

const TICK_MS = 20;

/** One symbol of a replay: its dataset and the time of its first replayed bar. */
export interface ReplayedSeries {
  readonly symbol: string;
  readonly dataset: number;
  readonly timeframe: string;
  readonly firstT: number;
}

export interface ReplayRequest {
  readonly datasets: readonly number[];
  readonly barsPerSecond: number;
  /** Start at the first bar at or after this time (default: each dataset's first bar). */
  readonly from?: number;
}

export class PaperReplay {
  private series: ReplaySeries[] = [];
  private request: ReplayRequest | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastTickAt = 0;
  private budget = 0;
  private done = 0;
  private total = 0;
  private t: number | null = null;
  private finished = false;
  /** Work in flight on the bars fed so far (the strategy host's): the next bar waits for it. */
  private barrier: (() => Promise<void>) | null = null;
  private advancing = false;
  /** Changes at every start and stop: a paced run of an earlier one stops feeding bars. */
  private run = 0;

  constructor(
    private readonly broker: PaperBroker,
    private readonly datasets: DatasetStore,
    private readonly log: Logger,
    private readonly onProgress: () => void,
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  /** Bar size of the dataset replayed for `symbol` (null: not replayed). */
  timeframeOf(symbol: string): string | null {
    return this.series.find((s) => s.symbol === symbol)?.timeframe ?? null;
  }

  /**
   * Makes the replay wait, after each bar, until `barrier()` resolves: a strategy decides on a bar
   * and its orders reach the broker before the next bar trades, whatever the replay speed (as in a
   * backtest). Null: bars go as fast as the speed says.
   */
  setBarrier(barrier: (() => Promise<void>) | null): void {
    this.barrier = barrier;
  }

  /** Each replayed symbol, its dataset and its first replayed bar (empty before the first start). */
  replayed(): ReplayedSeries[] {
    return this.series.map((s) => ({ symbol: s.symbol, dataset: s.dataset, timeframe: s.timeframe, firstT: s.bars.t[0]! }));
  }

  /** The replayed time while running (the last bar's start), else null. */
  clock(): number | null {
    if (!this.running) return null;
    return this.t ?? (this.firstTime() ?? Date.now()) - 1;
  }

  start(request: ReplayRequest): ReplayStatus {
    if (this.running) throw new InputError('a replay is already running; stop it first');
    const series: ReplaySeries[] = [];
    for (const id of request.datasets) {
      const record = this.datasets.get(id);
      if (!record) throw new InputError(`there is no dataset ${id}`);
      const columns = this.datasets.bars(id, { from: request.from });
      if (columns.t.length === 0) throw new InputError(`dataset ${id} (${record.symbol} ${record.timeframe}) has no bars${request.from !== undefined ? ' after the start time' : ''}`);
      series.push({ symbol: record.symbol, dataset: id, timeframe: record.timeframe, bars: BarSeries.fromColumns(record.symbol, columns, sessionZoneOf(record.timeframe)), next: 0 });
    }
    const symbols = series.map((s) => s.symbol);
    if (new Set(symbols).size !== symbols.length) throw new InputError('replay one dataset per symbol');
    for (const one of series) this.broker.startReplay(one.symbol, one.bars);
    this.run++;
    this.series = series;
    this.request = request;
    this.done = 0;
    this.total = series.reduce((sum, s) => sum + s.bars.length, 0);
    this.t = null;
    this.finished = false;
    this.budget = 0;
    this.lastTickAt = performance.now();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.log.info('paper replay', `replaying ${this.total} bars of ${symbols.join(', ')} at ${request.barsPerSecond} bars/s`);
    this.onProgress();
    return this.status()!;
  }

  stop(): ReplayStatus | null {
    this.run++;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.broker.saveMarks();
    const status = this.status();
    this.onProgress();
    return status;
  }

  status(): ReplayStatus | null {
    if (!this.request) return null;
    return {
      running: this.running,
      datasets: [...this.request.datasets],
      symbols: this.series.map((s) => s.symbol),
      barsPerSecond: this.request.barsPerSecond,
      done: this.done,
      total: this.total,
      t: this.t,
      finished: this.finished,
    };
  }

  /**
   * Replays the next `count` bars one at a time, each after the barrier of the one before (the
   * timer's work when a barrier is set; tests call it directly). Resolves with the bars replayed.
   */
  async advance(count: number): Promise<number> {
    const run = this.run;
    let replayed = 0;
    while (replayed < count && run === this.run) {
      if (this.step(1) === 0) break;
      replayed++;
      if (this.barrier) await this.barrier();
    }
    return replayed;
  }

  /** Replays the next `count` bars at once, ignoring the barrier (tests call it directly). */
  step(count: number): number {
    let replayed = 0;
    while (replayed < count) {
      const next = this.nextSeries();
      if (!next) {
        this.finished = true;
        if (this.timer) this.stop();
        break;
      }
      const i = next.next++;
      this.t = next.bars.t[i]!;
      this.broker.replayBar(next.symbol, i);
      this.done++;
      replayed++;
    }
    return replayed;
  }

  private tick(): void {
    // A paced run still waiting on the strategies: this tick's time accrues to the budget.
    if (this.advancing) return;
    const now = performance.now();
    this.budget += ((now - this.lastTickAt) / 1000) * this.request!.barsPerSecond;
    this.lastTickAt = now;
    const count = Math.floor(this.budget);
    if (count <= 0) return;
    this.budget -= count;
    if (this.barrier) {
      this.advancing = true;
      this.advance(count)
        .catch((error: unknown) => this.fail(error))
        .finally(() => {
          this.advancing = false;
          this.lastTickAt = performance.now();
          this.budget = Math.min(this.budget, 1);
          this.onProgress();
        });
      return;
    }
    try {
      this.step(count);
    } catch (error) {
      this.fail(error);
    }
    this.onProgress();
  }

  private fail(error: unknown): void {
    this.log.error('paper replay', `stopped: ${error instanceof Error ? error.message : String(error)}`);
    if (this.timer) this.stop();
  }

  /** The series whose next bar is earliest (ties: the order the datasets were given). */
  private nextSeries(): ReplaySeries | null {
    let best: ReplaySeries | null = null;
    for (const s of this.series) {
      if (s.next >= s.bars.length) continue;
      if (!best || s.bars.t[s.next]! < best.bars.t[best.next]!) best = s;
    }
    return best;
  }

  private firstTime(): number | null {
    let first: number | null = null;
    for (const s of this.series) if (s.bars.length > 0 && (first === null || s.bars.t[0]! < first)) first = s.bars.t[0]!;
    return first;
  }
}
