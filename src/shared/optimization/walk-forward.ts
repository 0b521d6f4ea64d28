import { InputError } from '../errors';

/** Half-open range of bar indices [start, end). */
export interface IndexRange {
  readonly start: number;
  readonly end: number;
}

export interface WalkForwardWindow {
  readonly index: number;
  readonly inSample: IndexRange;
  readonly outOfSample: IndexRange;
}

export interface WalkForwardOptions {
  /** Bars in the whole data set. */
  readonly bars: number;
  /** Bars to optimise on (for 'anchored': the first window's length; later ones grow by `step`). */
  readonly inSample: number;
  /** Bars to test each optimised parameter set on. */
  readonly outOfSample: number;
  /** Bars between window starts; default `outOfSample`, so the out-of-sample parts tile the data. */
  readonly step?: number;
  /** 'rolling': in-sample windows of fixed length slide forward; 'anchored': they all start at bar 0. */
  readonly mode?: 'rolling' | 'anchored';
  /** Keep a last window whose out-of-sample part is cut short by the end of the data. Default false. */
  readonly allowPartialLast?: boolean;
}

function requireBars(name: string, value: number, minimum: number): void {
  if (!(Number.isInteger(value) && value >= minimum)) throw new InputError(`walk-forward: ${name} must be a whole number of bars ≥ ${minimum}, got ${String(value)}`);
}

/**
 * Walk-forward windows: in-sample then out-of-sample, moving forward by `step`. The out-of-sample
 * part always starts where the in-sample part ends, so nothing is tested on bars it was fitted on.
 * With the default step (= out-of-sample length) the out-of-sample parts are consecutive and
 * disjoint, ready to be stitched into one curve.
 */
export function walkForwardWindows(options: WalkForwardOptions): WalkForwardWindow[] {
  const { bars, inSample, outOfSample } = options;
  const step = options.step ?? outOfSample;
  const mode = options.mode ?? 'rolling';
  requireBars('bars', bars, 0);
  requireBars('in-sample length', inSample, 1);
  requireBars('out-of-sample length', outOfSample, 1);
  requireBars('step', step, 1);
  if (mode !== 'rolling' && mode !== 'anchored') throw new InputError(`walk-forward: mode must be "rolling" or "anchored", got "${String(mode)}"`);
  const windows: WalkForwardWindow[] = [];
  for (let offset = 0; ; offset += step) {
    const testStart = inSample + offset;
    const fullEnd = testStart + outOfSample;
    if (fullEnd > bars && !(options.allowPartialLast && testStart < bars)) break;
    windows.push({
      index: windows.length,
      inSample: { start: mode === 'rolling' ? offset : 0, end: testStart },
      outOfSample: { start: testStart, end: Math.min(fullEnd, bars) },
    });
    if (fullEnd >= bars) break;
  }
  if (windows.length === 0) {
    throw new InputError(`walk-forward: ${bars} bars are too few for ${inSample} in-sample + ${outOfSample} out-of-sample bars`);
  }
  return windows;
}
