import { InputError } from '../../../../shared/errors';
import { rangeValues } from '../../../../shared/optimization/parameter-space';
import type { ParamField } from '../params/param-form';

/**
 * A searched parameter's range as typed (start, stop, step, inclusive) and the values it gives,
 * checked against the parameter's type and bounds.
 */
export interface RangeDraft {
  readonly start: string;
  readonly stop: string;
  readonly step: string;
}

export interface ParsedRange {
  readonly range: { start: number; stop: number; step: number } | null;
  readonly values: readonly number[];
  readonly problem: string | null;
}

/** Most values one axis of the heatmap may take: a readable grid, and 200 × 200 stays under the optimiser's 50,000 sets. */
export const MAX_AXIS_VALUES = 200;

function roundStep(rough: number, integer: boolean): number {
  if (integer) return Math.max(1, Math.round(rough));
  const power = Math.pow(10, Math.floor(Math.log10(rough)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return Number(step.toPrecision(6));
}

/** A first range around the default: half to twice it, about ten values, within the bounds. */
export function defaultRange(field: ParamField): RangeDraft {
  const integer = field.type === 'integer';
  const base = typeof field.default === 'number' ? field.default : (field.min ?? 1);
  let start = base > 0 ? base / 2 : (field.min ?? 0);
  let stop = base > 0 ? base * 2 : (field.max ?? start + 10);
  if (field.min !== null) start = Math.max(start, field.min);
  if (field.max !== null) stop = Math.min(stop, field.max);
  if (integer) {
    start = Math.ceil(start);
    stop = Math.floor(stop);
  }
  if (!(stop > start)) stop = start + (integer ? 10 : 1);
  const step = roundStep((stop - start) / 9, integer);
  const clean = (v: number) => String(Number(v.toPrecision(6)));
  return { start: clean(start), stop: clean(stop), step: clean(step) };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

export function parseRange(field: ParamField, draft: RangeDraft): ParsedRange {
  const fail = (problem: string): ParsedRange => ({ range: null, values: [], problem });
  const texts = { start: draft.start.trim(), stop: draft.stop.trim(), step: draft.step.trim() };
  for (const [part, text] of Object.entries(texts)) {
    if (!NUMBER.test(text)) return fail(`${part}: ${text === '' ? 'enter a number' : `"${text}" is not a number`}`);
  }
  const range = { start: Number(texts.start), stop: Number(texts.stop), step: Number(texts.step) };
  if (field.type === 'integer' && ![range.start, range.stop, range.step].every(Number.isInteger)) return fail(`${field.name} takes whole numbers: use a whole start, stop and step`);
  if (!(range.step > 0)) return fail('step must be above 0');
  if (range.stop < range.start) return fail('stop must not be below start');
  if (field.min !== null && range.start < field.min) return fail(`${field.name} is at least ${field.min}`);
  if (field.max !== null && range.stop > field.max) return fail(`${field.name} is at most ${field.max}`);
  let values: number[];
  try {
    values = rangeValues(range);
  } catch (error) {
    return fail(error instanceof InputError ? error.reason : String(error));
  }
  if (values.length > MAX_AXIS_VALUES) return fail(`${values.length} values; use a larger step (at most ${MAX_AXIS_VALUES} per parameter)`);
  return { range, values, problem: null };
}
