import type { ChartMarker } from '../../../charts/markers-plugin';
import { drawdownSeries } from '../../../../shared/metrics/drawdown';

/**
 * A run's curves placed on the bars of its price chart: x is the bar index, so the equity and
 * drawdown panes zoom and pan with the candles. A curve thinned for the wire (first, last, lowest
 * and highest point of each bucket) keeps its points at the bars they came from.
 */

/** Index of the last bar at or before `t` (0 when `t` is before the first bar). */
export function barIndexAt(barTimes: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = barTimes.length - 1;
  if (hi < 0) return -1;
  if (t <= barTimes[0]!) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (barTimes[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface CurveOnBars {
  /** Bar index of each point, ascending. */
  readonly x: Float64Array;
  readonly equity: Float64Array;
  /** equity / running peak − 1, in [−1, 0]. */
  readonly drawdown: Float64Array;
}

/** An equity curve (times, values) on the bars: several points on one bar keep the last. */
export function curveOnBars(t: readonly number[], equity: readonly number[], barTimes: ArrayLike<number>): CurveOnBars {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const bar = barIndexAt(barTimes, t[i]!);
    if (xs.length > 0 && xs[xs.length - 1] === bar) ys[ys.length - 1] = equity[i]!;
    else {
      xs.push(bar);
      ys.push(equity[i]!);
    }
  }
  const values = Float64Array.from(ys);
  return { x: Float64Array.from(xs), equity: values, drawdown: drawdownSeries(values) };
}

/** Buying `initialCash` worth of the instrument at the first point's close and holding it, at each point. */
export function buyAndHold(x: Float64Array, closes: ArrayLike<number>, initialCash: number): Float64Array {
  const out = new Float64Array(x.length);
  if (x.length === 0) return out;
  const first = closes[x[0]!]!;
  for (let i = 0; i < x.length; i++) out[i] = first > 0 ? (initialCash * closes[x[i]!]!) / first : Number.NaN;
  return out;
}

export interface TradeLike {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly qty: number;
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly exitTime: number;
  readonly exitPrice: number;
}

export interface OpenPositionLike {
  readonly symbol: string;
  /** Signed: above 0 long, below 0 short. */
  readonly qty: number;
  readonly entryTime: number | null;
  readonly entryPrice: number;
}

/**
 * ▲ where a trade bought, ▼ where it sold: a long buys in and sells out, a short the reverse; a
 * position still open at the end shows its entry.
 */
export function tradeMarkers(trades: readonly TradeLike[], symbol: string, barTimes: ArrayLike<number>, open: readonly OpenPositionLike[] = []): ChartMarker[] {
  const markers: ChartMarker[] = [];
  for (const trade of trades) {
    if (trade.symbol !== symbol) continue;
    const long = trade.side === 'long';
    markers.push({ index: barIndexAt(barTimes, trade.entryTime), side: long ? 'buy' : 'sell', price: trade.entryPrice, label: `${long ? 'Buy' : 'Short'} ${trade.qty}` });
    markers.push({ index: barIndexAt(barTimes, trade.exitTime), side: long ? 'sell' : 'buy', price: trade.exitPrice, label: `${long ? 'Sell' : 'Cover'} ${trade.qty}` });
  }
  for (const position of open) {
    if (position.symbol !== symbol || position.entryTime === null || position.qty === 0) continue;
    const long = position.qty > 0;
    markers.push({ index: barIndexAt(barTimes, position.entryTime), side: long ? 'buy' : 'sell', price: position.entryPrice, label: `${long ? 'Buy' : 'Short'} ${Math.abs(position.qty)} (open)` });
  }
  return markers;
}

/** The bars to show for one trade: the trade with as much again either side (at least 20 bars in all). */
export function tradeWindow(trade: TradeLike, barTimes: ArrayLike<number>): { min: number; max: number } {
  const a = barIndexAt(barTimes, trade.entryTime);
  const b = barIndexAt(barTimes, trade.exitTime);
  const pad = Math.max(10, Math.round((b - a) * 0.75));
  const last = barTimes.length - 0.5;
  return { min: Math.max(-0.5, a - pad), max: Math.min(last, b + pad) };
}
