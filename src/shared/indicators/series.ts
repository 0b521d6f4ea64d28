import { InputError } from '../errors';

/**
 * Conventions shared by every indicator in this folder:
 * - `update(...)` returns the indicator's main value, or NaN while it warms up.
 * - A non-finite input (NaN, ±Infinity: a missing or broken print) is skipped: the indicator's state
 *   is left as it was and `update` returns the current `value` unchanged. A gap in the data never
 *   poisons everything after it, and it never counts as a bar of the window.
 * - Batch functions run the incremental form over the columns, so both give identical numbers.
 */
export interface Indicator {
  /** The latest value (NaN while warming up). */
  readonly value: number;
  /** True once `value` is defined. */
  readonly ready: boolean;
  /** Back to the state of a new instance. */
  reset(): void;
}

export interface SeriesIndicator extends Indicator {
  update(x: number): number;
}

export function requirePeriod(indicator: string, name: string, period: number, minimum = 1): void {
  if (!Number.isInteger(period) || period < minimum || period > 1_000_000) {
    throw new InputError(`${indicator}: ${name} must be a whole number from ${minimum} to 1000000, got ${String(period)}`);
  }
}

export function requireSameLength(indicator: string, columns: Record<string, Float64Array>): number {
  let length = -1;
  for (const [name, column] of Object.entries(columns)) {
    if (length === -1) length = column.length;
    else if (column.length !== length) {
      const lengths = Object.entries(columns).map(([n, c]) => `${n}=${c.length}`).join(', ');
      throw new InputError(`${indicator}: input columns must have the same length (${lengths}); column "${name}" differs`);
    }
  }
  return Math.max(length, 0);
}

/** Runs a one-input indicator over a column. */
export function runSeries(indicator: SeriesIndicator, values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = indicator.update(values[i]!);
  return out;
}

/** A column of NaN, the shape of every output before an indicator is ready. */
export function nanColumn(length: number): Float64Array {
  return new Float64Array(length).fill(NaN);
}
