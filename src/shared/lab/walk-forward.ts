import { REGIMES } from '../domain/regime';
import { barsPerYear, parseTimeframe } from '../domain/timeframe';
import { InputError } from '../errors';
import { computePerformanceMetrics, type PerformanceMetrics } from '../metrics/performance';
import { stitchEquitySegments } from '../optimization/stitch';
import { walkForwardWindows, type IndexRange } from '../optimization/walk-forward';
import type { Trade } from '../portfolio/trade-ledger';
import type { LabExecutor } from './executor';
import { CancelledError, type BacktestJob, type RunRecord } from './jobs';
import { summarizeMetrics, type MetricsSummary } from './metrics-summary';
import type { Objective } from './objectives';
import { runOptimization, settleAll, type BestSoFar, type OptimizationPlan } from './optimize';

export interface WalkForwardSettings {
  readonly inSample: number;
  readonly outOfSample: number;
  /** Default `outOfSample`; never less (the out-of-sample parts would overlap). */
  readonly step?: number;
  readonly mode: 'rolling' | 'anchored';
}

export interface WindowRange extends IndexRange {
  readonly startT: number;
  /** Time of the range's last bar. */
  readonly endT: number;
}

export interface WalkForwardWindowResult {
  readonly index: number;
  readonly inSample: WindowRange;
  readonly outOfSample: WindowRange;
  /** The set chosen on the in-sample bars (null: none scored; the window stays flat in cash). */
  readonly params: Readonly<Record<string, unknown>> | null;
  readonly inSampleScore: number | null;
  readonly inSampleRuns: number;
  /** The chosen set run on the out-of-sample bars alone (starting from the initial cash). */
  readonly run: RunRecord | null;
}

export interface WalkForwardOutcome {
  readonly step: number;
  readonly windows: WalkForwardWindowResult[];
  /** The stitched out-of-sample curve: each window's curve scaled to start where the previous ended. */
  readonly t: Float64Array;
  readonly equity: Float64Array;
  readonly segmentStarts: Int32Array;
  /** Every out-of-sample trade, as it happened in its window's run. */
  readonly trades: Trade[];
  readonly metrics: PerformanceMetrics;
  readonly summary: MetricsSummary;
  readonly finalEquity: number;
}

export interface WalkForwardRunOptions {
  readonly objective: Objective;
  readonly minTrades?: number;
  readonly signal?: AbortSignal;
  /** Runs done of all (every window's in-sample sets, then its one out-of-sample run); `best`: the last window chosen. */
  readonly onProgress?: (done: number, total: number, best: BestSoFar | null) => void;
}

/**
 * Walk-forward analysis. Windows are laid over the first symbol's bars; each window's search runs
 * on its in-sample bars only (other symbols cut at the same times), and the set it chooses is
 * then run on the out-of-sample bars only, which start after the last in-sample bar — nothing
 * tested was seen by the fit. Windows run in parallel; the outcome does not depend on that.
 */
export async function runWalkForward(
  job: Omit<BacktestJob, 'params' | 'window'>,
  plan: OptimizationPlan,
  executor: LabExecutor,
  settings: WalkForwardSettings,
  options: WalkForwardRunOptions,
): Promise<WalkForwardOutcome> {
  const t = job.data[0]!.bars.t;
  const step = settings.step ?? settings.outOfSample;
  if (step < settings.outOfSample) {
    throw new InputError(`walk-forward: a step of ${step} bars is shorter than the ${settings.outOfSample} out-of-sample bars, so the out-of-sample parts would overlap and cannot be stitched; use a step of at least ${settings.outOfSample}`);
  }
  const windows = walkForwardWindows({ bars: t.length, inSample: settings.inSample, outOfSample: settings.outOfSample, step, mode: settings.mode });
  const range = (r: IndexRange): WindowRange => ({ start: r.start, end: r.end, startT: t[r.start]!, endT: t[r.end - 1]! });
  const perWindow = plan.sets.length + 1;
  const total = windows.length * perWindow;
  const done = new Array<number>(windows.length).fill(0);
  let latestBest: BestSoFar | null = null;
  const report = (): void => options.onProgress?.(done.reduce((a, b) => a + b, 0), total, latestBest);

  const controller = new AbortController();
  const abort = (): void => controller.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const results = new Array<WalkForwardWindowResult>(windows.length);
  report();
  try {
    await settleAll(
      windows.map(async (indices, k) => {
        const inSample = range(indices.inSample);
        const outOfSample = range(indices.outOfSample);
        const search = await runOptimization({ ...job, window: { from: inSample.startT, to: inSample.endT } }, plan, executor, {
          objective: options.objective,
          minTrades: options.minTrades ?? 0,
          signal: controller.signal,
          onProgress: (d) => {
            done[k] = d;
            report();
          },
        });
        let run: RunRecord | null = null;
        if (search.best) {
          latestBest = search.best;
          run = await executor.run({ ...job, params: search.best.params, window: { from: outOfSample.startT, to: outOfSample.endT } }, { signal: controller.signal });
        }
        done[k] = perWindow;
        report();
        results[k] = { index: k, inSample, outOfSample, params: search.best?.params ?? null, inSampleScore: search.best?.score ?? null, inSampleRuns: search.evaluated, run };
      }),
      controller,
    );
  } catch (error) {
    throw options.signal?.aborted ? new CancelledError() : error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  if (options.signal?.aborted) throw new CancelledError();
  return stitchWindows(job, results, step);
}

function stitchWindows(job: Omit<BacktestJob, 'params' | 'window'>, windows: WalkForwardWindowResult[], step: number): WalkForwardOutcome {
  const first = job.data[0]!;
  const initialCash = job.settings.initialCash;
  const segments = windows.map((w) => {
    if (w.run) return { t: w.run.t, equity: w.run.equity, exposure: w.run.grossExposure };
    const times = first.bars.t.slice(w.outOfSample.start, w.outOfSample.end);
    return { t: times, equity: new Float64Array(times.length).fill(initialCash), exposure: new Float64Array(times.length) };
  });
  const stitched = stitchEquitySegments(segments, initialCash);
  const n = stitched.t.length;
  const position = new Float64Array(n);
  let tradedValue = 0;
  segments.forEach((segment, k) => {
    position.set(segment.exposure, stitched.segmentStarts[k]!);
    const run = windows[k]!.run;
    if (run && segment.t.length > 0) tradedValue += run.tradedValue * (stitched.equity[stitched.segmentStarts[k]!]! / segment.equity[0]!);
  });
  const trades = windows.flatMap((w) => (w.run ? [...w.run.trades] : []));
  const timeframe = parseTimeframe(job.settings.timeframe);
  if (!timeframe) throw new InputError(`timeframe "${job.settings.timeframe}" is not a bar size`);
  const regimes = first.regimes;
  const metrics = computePerformanceMetrics({
    t: stitched.t,
    equity: stitched.equity,
    barsPerYear: barsPerYear(timeframe),
    riskFreeRate: job.settings.riskFreeRate,
    trades: trades.map((trade) => ({ pnl: trade.pnl, returnFraction: trade.returnPct, entryTime: trade.entryTime, exitTime: trade.exitTime })),
    position,
    tradedValue,
    benchmark: valuesAtTimes(first.bars.t, (i) => first.bars.c[i]!, stitched.t),
    ...(regimes ? { regimes: Array.from(valuesAtTimes(first.bars.t, (i) => regimes.label[i]!, stitched.t), (label) => REGIMES[label] ?? null) } : {}),
  });
  const finalEquity = n > 0 ? stitched.equity[n - 1]! : initialCash;
  return {
    step,
    windows,
    t: stitched.t,
    equity: stitched.equity,
    segmentStarts: stitched.segmentStarts,
    trades,
    metrics,
    summary: summarizeMetrics(metrics, finalEquity),
    finalEquity,
  };
}

/** At each of `times`, the value of the latest source point at or before it (the first point before the source starts). */
function valuesAtTimes(sourceT: Float64Array, value: (i: number) => number, times: Float64Array): Float64Array {
  const out = new Float64Array(times.length);
  let i = 0;
  for (let k = 0; k < times.length; k++) {
    while (i + 1 < sourceT.length && sourceT[i + 1]! <= times[k]!) i++;
    out[k] = value(i);
  }
  return out;
}
