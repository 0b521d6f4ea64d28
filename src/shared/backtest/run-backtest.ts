import { DEFAULT_FILL_MODEL, SimulatedBroker, type FillModelConfig } from '../broker/sim/simulated-broker';
import type { BarColumns } from '../domain/bar';
import type { Fill } from '../domain/fill';
import { equityInstrument, type Instrument } from '../domain/instrument';
import type { Order } from '../domain/order';
import { REGIMES } from '../domain/regime';
import { barsPerYear, formatTimeframe, parseTimeframe, type Timeframe } from '../domain/timeframe';
import { InputError } from '../errors';
import { BarSeries } from '../engine/bar-series';
import type { Strategy } from '../engine/strategy';
import { TradingEngine, type RegimeSeries } from '../engine/trading-engine';
import { computePerformanceMetrics, type PerformanceMetrics } from '../metrics/performance';
import { sequentialOrderIds } from '../oms/client-order-ids';
import { MemoryOrderJournal, NULL_ORDER_JOURNAL, type JournalEntry } from '../oms/order-journal';
import type { Trade } from '../portfolio/trade-ledger';
import { BACKTEST_RISK_LIMITS, type RiskLimits } from '../risk/risk-limits';
import type { RiskDecision, TradingStateChange } from '../risk/risk-types';
import { parseSizing, type Sizer } from '../risk/sizing';
import { createStrategy } from '../strategies/registry';
import { alignTimeline } from './timeline';

export interface BacktestSymbolData {
  readonly symbol: string;
  readonly bars: BarColumns;
  /** Overrides of the default US-equity instrument (tick 0.01, lot 1, shortable). */
  readonly instrument?: Partial<Omit<Instrument, 'symbol'>>;
  /** Regime probabilities aligned with `bars`, when the filter bank has run on them. */
  readonly regimes?: RegimeSeries | null;
}

export type BacktestStrategy =
  | { readonly name: string; readonly params?: Readonly<Record<string, unknown>> }
  | { readonly instance: Strategy; readonly name?: string; readonly params?: Readonly<Record<string, unknown>> };

export interface BacktestConfig {
  /** One entry per symbol; a pairs strategy takes A then B. */
  readonly data: readonly BacktestSymbolData[];
  readonly strategy: BacktestStrategy;
  /** Default 100,000. */
  readonly initialCash?: number;
  /** `fixed:N`, `all-in`, `percent:P`, `risk:P`, or a sizer; default: the strategy's. */
  readonly sizing?: string | Sizer;
  readonly fillModel?: Partial<FillModelConfig>;
  /** Merged over BACKTEST_RISK_LIMITS (no position cap): set `maxPositionPct: 10` to backtest under the live limit. */
  readonly risk?: Partial<RiskLimits>;
  /** `1Day`, `1Min`…; default: inferred from the bar times. */
  readonly timeframe?: string;
  /** Zone whose calendar date is an intraday bar's session (default America/New_York). */
  readonly sessionTimeZone?: string;
  readonly riskFreeRate?: number;
  /** Symbol whose close is the benchmark for alpha and beta (default: the first; null: none). */
  readonly benchmark?: string | null;
  /** Keep the order journal in the result (default false; the orders are always there). */
  readonly keepJournal?: boolean;
  /**
   * Told the time steps done so far and the total, every PROGRESS_EVERY steps and at the end. It
   * may throw to abandon the run (a cancel): the error leaves `runBacktest` as thrown.
   */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Steps between two `onProgress` calls: rare enough to cost nothing, often enough to cancel within a millisecond or so. */
export const PROGRESS_EVERY = 4096;

/** The equity curve and friends, as columns (one value per time step). */
export interface EquityCurve {
  readonly t: Float64Array;
  readonly equity: Float64Array;
  readonly cash: Float64Array;
  /** Σ |position value| (the net value of positions is equity − cash). */
  readonly grossExposure: Float64Array;
}

export interface OpenPosition {
  readonly symbol: string;
  readonly qty: number;
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly lastPrice: number;
  readonly unrealizedPnl: number;
}

export interface BacktestResult {
  readonly strategy: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  /** Time steps run (for one symbol: its bars). */
  readonly bars: number;
  readonly initialCash: number;
  /** Cash plus open positions at the last close. */
  readonly finalEquity: number;
  readonly sizing: string;
  readonly fillModel: FillModelConfig;
  readonly riskLimits: RiskLimits;
  readonly equity: EquityCurve;
  readonly trades: readonly Trade[];
  readonly openPositions: readonly OpenPosition[];
  readonly fills: readonly Fill[];
  readonly orders: readonly Order[];
  /** Orders the risk manager refused, with every rule's verdict. */
  readonly riskDenials: readonly RiskDecision[];
  readonly tradingStateChanges: readonly TradingStateChange[];
  readonly metrics: PerformanceMetrics;
  readonly notes: readonly string[];
  readonly journal: readonly JournalEntry[] | null;
}

const DAY_MS = 86_400_000;

/**
 * Runs one backtest: pure (no I/O, no wall clock), deterministic (same config, same result,
 * same client order ids). The optimiser, walk-forward, the workers and the strategy lab call this.
 */
export function runBacktest(config: BacktestConfig): BacktestResult {
  if (config.data.length === 0) throw new InputError('backtest: no data');
  const symbols = config.data.map((d) => d.symbol);
  if (new Set(symbols).size !== symbols.length) throw new InputError(`backtest: a symbol appears twice (${symbols.join(', ')})`);
  for (const data of config.data) validateBars(data.symbol, data.bars);
  const timeframe = resolveTimeframe(config.timeframe, config.data[0]!.bars.t);
  const daily = timeframe.unit === 'Day' || timeframe.unit === 'Week' || timeframe.unit === 'Month';
  const zone = daily ? 'UTC' : (config.sessionTimeZone ?? 'America/New_York');
  const instruments = config.data.map((d) => equityInstrument(d.symbol, d.instrument));
  const series = config.data.map((d) => BarSeries.fromColumns(d.symbol, d.bars, zone));
  const { strategy, name, params, defaultSizing } = resolveStrategy(config.strategy, symbols);
  const sizer = typeof config.sizing === 'object' ? config.sizing : parseSizing(config.sizing ?? defaultSizing);
  const initialCash = config.initialCash ?? 100_000;
  if (!(initialCash > 0) || !Number.isFinite(initialCash)) throw new InputError(`backtest: initial cash must be a positive number, got ${initialCash}`);
  const fillModel: FillModelConfig = { ...DEFAULT_FILL_MODEL, ...config.fillModel };
  const riskLimits: RiskLimits = { ...BACKTEST_RISK_LIMITS, ...config.risk };
  const journal = config.keepJournal ? new MemoryOrderJournal() : NULL_ORDER_JOURNAL;

  // An object, not a captured `let`: writing a number to a closure variable on every bar would
  // allocate a heap number each time.
  const clock = { now: Number.NaN };
  const now = () => clock.now;
  const broker = new SimulatedBroker({ instruments, initialCash, clock: now, fillModel, retainClosedOrders: false });
  const engine = new TradingEngine({
    instruments,
    series,
    strategy,
    broker,
    barBroker: broker,
    initialCash,
    sizer,
    riskLimits,
    journal,
    ids: sequentialOrderIds('bt'),
    regimes: config.data.map((d) => d.regimes ?? null),
    lastBarEndsSession: true,
    clock: now,
  });
  const riskDenials: RiskDecision[] = [];
  const stateChanges: TradingStateChange[] = [];
  engine.risk.onDecision((decision) => {
    if (!decision.approved) riskDenials.push(decision);
  });
  engine.risk.onStateChange((change) => stateChanges.push(change));

  // One symbol needs no merging: its own times are the clock.
  const timeline = series.length === 1 ? singleTimeline(series[0]!) : alignTimeline(series);
  const steps = timeline.t.length;
  const curve: EquityCurve = {
    t: timeline.t,
    equity: new Float64Array(steps),
    cash: new Float64Array(steps),
    grossExposure: new Float64Array(steps),
  };
  const portfolio = engine.portfolio;
  const { offsets, symbols: stepSymbols } = timeline;
  const onProgress = config.onProgress;
  for (let k = 0; k < steps; k++) {
    if (onProgress !== undefined && k % PROGRESS_EVERY === 0 && k > 0) onProgress(k, steps);
    const t = timeline.t[k]!;
    clock.now = t;
    if (offsets === null) engine.step(stepSymbols, 0, 1);
    else engine.step(stepSymbols, offsets[k]!, offsets[k + 1]!);
    portfolio.revalue();
    curve.equity[k] = portfolio.valuedEquity;
    curve.cash[k] = portfolio.cash;
    curve.grossExposure[k] = portfolio.valuedGross;
  }
  onProgress?.(steps, steps);

  const finalEquity = steps > 0 ? curve.equity[steps - 1]! : initialCash;
  const trades = engine.ledger.trades;
  const openPositions: OpenPosition[] = portfolio.openPositions().map((p) => {
    const open = engine.ledger.openTrade(p.symbol);
    return { symbol: p.symbol, qty: p.qty, entryTime: open?.entryTime ?? p.openedAt ?? Number.NaN, entryPrice: p.avgEntryPrice, lastPrice: p.lastPrice, unrealizedPnl: p.unrealizedPnl };
  });
  const metrics = computePerformanceMetrics({
    t: curve.t,
    equity: curve.equity,
    barsPerYear: barsPerYear(timeframe),
    riskFreeRate: config.riskFreeRate ?? 0,
    trades: trades.map((trade) => ({ pnl: trade.pnl, returnFraction: trade.returnPct, entryTime: trade.entryTime, exitTime: trade.exitTime })),
    position: curve.grossExposure,
    tradedValue: engine.fills.reduce((sum, fill) => sum + Math.abs(fill.qty * fill.price), 0),
    ...benchmarkInput(config, series, timeline.t),
    ...regimeInput(config, series, timeline.t),
  });
  return {
    strategy: name,
    params,
    symbols,
    timeframe: formatTimeframe(timeframe),
    bars: steps,
    initialCash,
    finalEquity,
    sizing: sizer.spec,
    fillModel,
    riskLimits,
    equity: curve,
    trades,
    openPositions,
    fills: engine.fills,
    // The order manager's own records: the run is over, nothing changes them any more.
    orders: engine.oms.orders(),
    riskDenials,
    tradingStateChanges: stateChanges,
    metrics,
    notes: engine.notes,
    journal: journal instanceof MemoryOrderJournal ? journal.entries : null,
  };
}

function singleTimeline(series: BarSeries): { t: Float64Array; offsets: null; symbols: Int32Array } {
  return { t: series.t.subarray(0, series.length), offsets: null, symbols: new Int32Array(1) };
}

function resolveStrategy(spec: BacktestStrategy, symbols: readonly string[]): { strategy: Strategy; name: string; params: Record<string, unknown>; defaultSizing: string } {
  if ('instance' in spec) return { strategy: spec.instance, name: spec.name ?? spec.instance.id, params: { ...spec.params }, defaultSizing: 'all-in' };
  const { strategy, params, definition } = createStrategy(spec.name, { ...spec.params }, symbols);
  return { strategy, name: definition.name, params, defaultSizing: definition.defaultSizing };
}

function validateBars(symbol: string, bars: BarColumns): void {
  const n = bars.t.length;
  for (const column of ['o', 'h', 'l', 'c', 'v'] as const) {
    if (bars[column].length !== n) throw new InputError(`${symbol}: column ${column} has ${bars[column].length} values, t has ${n}`);
  }
  for (let i = 0; i < n; i++) {
    const o = bars.o[i]!;
    const h = bars.h[i]!;
    const l = bars.l[i]!;
    const c = bars.c[i]!;
    if (!(o > 0 && h > 0 && l > 0 && c > 0) || !Number.isFinite(o + h + l + c)) throw new InputError(`${symbol}: bar ${i} has a missing or non-positive price`);
    if (!(l <= o && l <= c && h >= o && h >= c)) throw new InputError(`${symbol}: bar ${i} has open/close outside its low–high range (o ${o}, h ${h}, l ${l}, c ${c})`);
    if (!(bars.v[i]! >= 0)) throw new InputError(`${symbol}: bar ${i} has volume ${bars.v[i]}`);
    if (i > 0 && !(bars.t[i]! > bars.t[i - 1]!)) throw new InputError(`${symbol}: bar ${i} is not after bar ${i - 1} (times must ascend)`);
  }
}

/** The timeframe given, else the one the bar spacing shows (all bars at 00:00 UTC: daily). */
export function resolveTimeframe(text: string | undefined, t: Float64Array): Timeframe {
  if (text !== undefined) {
    const parsed = parseTimeframe(text);
    if (!parsed) throw new InputError(`timeframe "${text}" is not a bar size such as 1Min, 5Min, 1Hour, 1Day`);
    return parsed;
  }
  let midnight = true;
  const sample = Math.min(t.length, 5000);
  for (let i = 0; i < sample && midnight; i++) if (t[i]! % DAY_MS !== 0) midnight = false;
  const gaps: number[] = [];
  for (let i = 1; i < Math.min(t.length, 2001); i++) gaps.push(t[i]! - t[i - 1]!);
  gaps.sort((a, b) => a - b);
  const median = gaps.length > 0 ? gaps[gaps.length >> 1]! : DAY_MS;
  if (midnight) return median >= 25 * DAY_MS ? { amount: 1, unit: 'Month' } : median >= 5 * DAY_MS ? { amount: 1, unit: 'Week' } : { amount: 1, unit: 'Day' };
  const minutes = Math.max(1, Math.round(median / 60_000));
  return minutes % 60 === 0 ? { amount: minutes / 60, unit: 'Hour' } : { amount: minutes, unit: 'Min' };
}

/** A column aligned with the timeline: the symbol's latest value at each step (its first before it starts). */
function alignColumn(series: BarSeries, times: Float64Array, value: (i: number) => number): Float64Array {
  const out = new Float64Array(times.length);
  let i = 0;
  for (let k = 0; k < times.length; k++) {
    while (i + 1 < series.length && series.t[i + 1]! <= times[k]!) i++;
    out[k] = value(i);
  }
  return out;
}

function benchmarkInput(config: BacktestConfig, series: readonly BarSeries[], times: Float64Array): { benchmark?: Float64Array } {
  if (config.benchmark === null) return {};
  const symbol = config.benchmark ?? series[0]!.symbol;
  const found = series.find((s) => s.symbol === symbol);
  if (!found) throw new InputError(`benchmark ${symbol} is not among the backtest's symbols`);
  return { benchmark: alignColumn(found, times, (i) => found.c[i]!) };
}

function regimeInput(config: BacktestConfig, series: readonly BarSeries[], times: Float64Array): { regimes?: (string | null)[] } {
  const index = config.data.findIndex((d) => d.regimes);
  if (index < 0) return {};
  const regimes = config.data[index]!.regimes!;
  const labels = alignColumn(series[index]!, times, (i) => regimes.label[i]!);
  return { regimes: Array.from(labels, (label) => REGIMES[label] ?? null) };
}
