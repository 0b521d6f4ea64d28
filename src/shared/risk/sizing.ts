import { InputError } from '../errors';
import { floorToLot, type Instrument } from '../domain/instrument';
import type { OrderSide } from '../domain/order';
import { regimeIndex, type RegimeName, type RegimeView } from '../domain/regime';

/** What a sizer knows when a signal or a strategy asks "how many?" for a new position. */
export interface SizingInput {
  readonly instrument: Instrument;
  readonly side: OrderSide;
  /** The price the position will be entered near (the limit, else the last close). */
  readonly price: number;
  readonly equity: number;
  readonly cash: number;
  /** The protective stop, when the signal or strategy gives one. */
  readonly stopPrice?: number | undefined;
  readonly confidence?: number | undefined;
  readonly regime?: RegimeView | undefined;
}

/** Turns a wish to open a position into a quantity (whole lots; 0 means "do not trade"). */
export interface Sizer {
  /** As given on the command line: `fixed:100`, `all-in`, `percent:10`, `risk:1`... */
  readonly spec: string;
  size(input: SizingInput): number;
}

export function fixedQuantity(qty: number): Sizer {
  return { spec: `fixed:${qty}`, size: ({ instrument }) => floorToLot(instrument, qty) };
}

/** As many units as `percent` of equity buys at the entry price. */
export function percentOfEquity(percent: number): Sizer {
  return {
    spec: `percent:${percent}`,
    size: ({ instrument, price, equity }) => (price > 0 && equity > 0 ? floorToLot(instrument, (equity * percent) / 100 / (price * instrument.multiplier)) : 0),
  };
}

/**
 * As many units as the whole equity buys at the entry price. A market order filled at the next
 * open may cost a little more than that (a gap up): cash then dips below zero by the difference.
 */
export function allIn(): Sizer {
  return { spec: 'all-in', size: (input) => percentOfEquity(100).size(input) };
}

export interface KellyCap {
  /** Share of winning trades, 0..1. */
  readonly winRate: number;
  /** Average win / average loss. */
  readonly payoff: number;
  /** Part of the full Kelly fraction to allow (0.5 = half Kelly). */
  readonly fraction: number;
}

/** Kelly fraction f* = W − (1 − W) / R, never below 0. */
export function kellyFraction({ winRate, payoff }: Pick<KellyCap, 'winRate' | 'payoff'>): number {
  if (!(payoff > 0)) return 0;
  return Math.max(0, winRate - (1 - winRate) / payoff);
}

/**
 * Fixed-fractional risk: risk `riskPct` of equity between the entry and the stop (the given stop,
 * else `defaultStopPct` away), capped by a fraction of Kelly when win statistics are known.
 */
export function fixedFractional(riskPct: number, defaultStopPct: number, kelly?: KellyCap): Sizer {
  const spec = `risk:${riskPct}`;
  return {
    spec,
    size({ instrument, side, price, equity, stopPrice }) {
      if (!(price > 0) || !(equity > 0)) return 0;
      const stop = stopPrice ?? (side === 'buy' ? price * (1 - defaultStopPct / 100) : price * (1 + defaultStopPct / 100));
      const perUnit = Math.abs(price - stop) * instrument.multiplier;
      if (!(perUnit > 0)) return 0;
      let fraction = riskPct / 100;
      if (kelly) fraction = Math.min(fraction, kelly.fraction * kellyFraction(kelly));
      return floorToLot(instrument, (equity * fraction) / perUnit);
    },
  };
}

/** Scales another sizer's quantity by a function of the regime probabilities (1 when unknown). */
export function regimeScaled(inner: Sizer, scale: (p: ArrayLike<number>) => number): Sizer {
  return {
    spec: `${inner.spec}+regime`,
    size(input) {
      const qty = inner.size(input);
      if (!input.regime) return qty;
      const factor = Math.max(0, Math.min(1, scale(input.regime.p)));
      return floorToLot(input.instrument, qty * factor);
    },
  };
}

/** The default regime scaling: nothing when `regime` is more likely than `threshold`, else full size. */
export function zeroWhen(regime: RegimeName, threshold: number): (p: ArrayLike<number>) => number {
  const index = regimeIndex(regime);
  return (p) => ((p[index] ?? 0) > threshold ? 0 : 1);
}

/**
 * Parses the command-line sizing: `fixed:N`, `all-in`, `percent:P` (of equity), `risk:P`
 * (fixed-fractional, P % of equity to the stop).
 */
export function parseSizing(text: string, defaultStopPct = 2): Sizer {
  const trimmed = text.trim();
  if (trimmed === 'all-in') return allIn();
  const match = /^(fixed|percent|risk):([0-9]*\.?[0-9]+)$/.exec(trimmed);
  if (!match) throw new InputError(`sizing "${text}" is not one of fixed:N, all-in, percent:P, risk:P`);
  const value = Number(match[2]);
  if (!(value > 0)) throw new InputError(`sizing "${text}" needs a positive number`);
  switch (match[1]) {
    case 'fixed':
      return fixedQuantity(value);
    case 'percent':
      if (value > 100) throw new InputError(`sizing "${text}": percent of equity must be at most 100`);
      return percentOfEquity(value);
    default:
      if (value > 100) throw new InputError(`sizing "${text}": risk percent must be at most 100`);
      return fixedFractional(value, defaultStopPct);
  }
}
