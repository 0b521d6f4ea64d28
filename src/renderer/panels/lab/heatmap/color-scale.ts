/**
 * The heatmap's colours. A metric whose values straddle zero (a return, a Sharpe ratio) gets a
 * diverging scale symmetric about zero — red for losses, green for gains, the same depth of colour
 * for the same size either side — so a grid of small losses never looks green. Otherwise a
 * perceptual sequential ramp (viridis), its bright end the better end. Cells without a value
 * (a run without trades has no Sharpe) get no colour: the caller draws them as empty.
 */

export type Rgb = readonly [number, number, number];

export interface ColorScale {
  readonly kind: 'diverging' | 'sequential';
  /** The domain the colours span (for a diverging scale, symmetric: −m…m). */
  readonly min: number;
  readonly max: number;
  /** null for a value that is missing or not finite. */
  rgb(value: number | null | undefined): Rgb | null;
  /** Evenly spread colours from min to max, for drawing the legend bar. */
  ramp(steps: number): Rgb[];
}

/** viridis at 0, ⅙, …, 1. */
const VIRIDIS: readonly Rgb[] = [
  [68, 1, 84],
  [65, 68, 135],
  [42, 120, 142],
  [34, 168, 132],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

const LOSS: Rgb = [239, 83, 80]; // --down
const NEUTRAL: Rgb = [40, 44, 58];
const GAIN: Rgb = [38, 166, 154]; // --up

function mix(a: Rgb, b: Rgb, f: number): Rgb {
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

function along(stops: readonly Rgb[], f: number): Rgb {
  const x = Math.min(1, Math.max(0, f)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  return mix(stops[i]!, stops[i + 1]!, x - i);
}

function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export interface ScaleOptions {
  /** Which way is better: its end of the scale is green / bright. Default higher. */
  readonly better?: 'higher' | 'lower' | null;
}

export function makeColorScale(values: ArrayLike<number | null>, options: ScaleOptions = {}): ColorScale {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!finite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const lowerBetter = options.better === 'lower';
  if (lo > hi) {
    // No value at all: a scale that colours nothing.
    return { kind: 'sequential', min: 0, max: 0, rgb: () => null, ramp: (n) => Array.from({ length: n }, () => NEUTRAL) };
  }
  if (lo < 0 && hi > 0) {
    const m = Math.max(-lo, hi);
    const [negative, positive] = lowerBetter ? [GAIN, LOSS] : [LOSS, GAIN];
    const at = (v: number): Rgb => (v < 0 ? mix(NEUTRAL, negative, Math.min(1, -v / m)) : mix(NEUTRAL, positive, Math.min(1, v / m)));
    return {
      kind: 'diverging',
      min: -m,
      max: m,
      rgb: (v) => (finite(v) ? at(v) : null),
      ramp: (n) => Array.from({ length: n }, (_x, k) => at(-m + (2 * m * k) / Math.max(1, n - 1))),
    };
  }
  const span = hi - lo;
  const fraction = (v: number): number => {
    const f = span > 0 ? (v - lo) / span : 1;
    return lowerBetter ? 1 - f : f;
  };
  return {
    kind: 'sequential',
    min: lo,
    max: hi,
    rgb: (v) => (finite(v) ? along(VIRIDIS, fraction(v)) : null),
    ramp: (n) => Array.from({ length: n }, (_x, k) => along(VIRIDIS, fraction(lo + (span * k) / Math.max(1, n - 1)))),
  };
}

export function cssColor(rgb: Rgb): string {
  return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
}

/** Dark text on a light cell, light text on a dark one (relative luminance, WCAG weights). */
export function textColorOn(rgb: Rgb): string {
  const linear = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  });
  const luminance = 0.2126 * linear[0]! + 0.7152 * linear[1]! + 0.0722 * linear[2]!;
  return luminance > 0.28 ? '#0f1115' : '#e8ebf2';
}

/** Round tick values from min to max (1, 2 or 5 × a power of ten apart), for the legend. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return [];
  if (max === min) return [min];
  const rough = (max - min) / Math.max(1, target - 1);
  const power = Math.pow(10, Math.floor(Math.log10(rough)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  const first = Math.ceil(min / step - 1e-9) * step;
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)) || 0);
  return ticks;
}
