import { z } from 'zod';
import { InputError } from '../errors';
import { Random } from '../random';

export type ParameterValue = number | string;
/** One point of a parameter space: strategy parameter name → value. */
export type ParameterSet = Readonly<Record<string, ParameterValue>>;

/** Most values one dimension may take, and most points `expandGrid` will list. */
export const MAX_VALUES_PER_PARAMETER = 10_000;
export const MAX_GRID_POINTS = 1_000_000;

export const ParameterNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter name: a letter or _, then letters, digits or _');

const finiteNumber = z.number().refine(Number.isFinite, 'a finite number');

/** An inclusive arithmetic range: start, start + step, … up to stop (stop itself when it is on the grid). */
export const ParameterRangeSchema = z
  .object({ start: finiteNumber, stop: finiteNumber, step: finiteNumber.refine((s) => s > 0, 'a step above 0') })
  .refine((r) => r.stop >= r.start, { message: 'stop must not be below start', path: ['stop'] })
  .refine((r) => rangeCount(r.start, r.stop, r.step) <= MAX_VALUES_PER_PARAMETER, {
    message: `a range may have at most ${MAX_VALUES_PER_PARAMETER} values`,
    path: ['step'],
  });
export type ParameterRange = z.infer<typeof ParameterRangeSchema>;

/** One dimension as it travels over IPC: either explicit values or a range. */
export const ParameterDimensionSchema = z.union([
  z.object({ name: ParameterNameSchema, values: z.array(z.union([finiteNumber, z.string().min(1)])).min(1).max(MAX_VALUES_PER_PARAMETER) }),
  z.object({ name: ParameterNameSchema, range: ParameterRangeSchema }),
]);
export type ParameterDimensionInput = z.infer<typeof ParameterDimensionSchema>;

export interface ParameterDimension {
  readonly name: string;
  readonly values: readonly ParameterValue[];
}

export type ParameterSpace = readonly ParameterDimension[];

function rangeCount(start: number, stop: number, step: number): number {
  // The small slack absorbs rounding in (stop − start)/step, e.g. (0.3 − 0.1)/0.1 = 1.9999999999999998.
  return Math.floor((stop - start) / step + 1e-9) + 1;
}

function decimalsOf(x: number): number {
  const text = String(x);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Math.min(20, Number(exponent[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0));
  return text.split('.')[1]?.length ?? 0;
}

/** The values of a range, rounded to the decimals of start and step so 0.1:0.3:0.1 gives 0.1, 0.2, 0.3 exactly. */
export function rangeValues(range: ParameterRange): number[] {
  const checked = ParameterRangeSchema.safeParse(range);
  if (!checked.success) throw new InputError(`parameter range ${range.start}:${range.stop}:${range.step}: ${z.prettifyError(checked.error)}`);
  const decimals = Math.max(decimalsOf(range.start), decimalsOf(range.step));
  const count = rangeCount(range.start, range.stop, range.step);
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(Number((range.start + i * range.step).toFixed(decimals)));
  return values;
}

/** A dimension from its IPC form (validated). */
export function parameterDimension(input: unknown): ParameterDimension {
  const parsed = ParameterDimensionSchema.safeParse(input);
  if (!parsed.success) throw new InputError(`parameter dimension: ${z.prettifyError(parsed.error)}`);
  const dimension = parsed.data;
  const values = 'range' in dimension ? rangeValues(dimension.range) : [...new Set(dimension.values)];
  return { name: dimension.name, values };
}

function parseValue(token: string): ParameterValue {
  const trimmed = token.trim();
  const asNumber = Number(trimmed);
  return trimmed !== '' && Number.isFinite(asNumber) ? asNumber : trimmed;
}

/**
 * A dimension from command-line text: `fast=5:50:5` (start:stop:step, inclusive; `5:50` steps by 1),
 * `fast=5,10,20` (a list; non-numeric items stay strings) or `fast=10` (one value).
 */
export function parseParameterSpec(text: string): ParameterDimension {
  const eq = text.indexOf('=');
  const where = `parameter "${text}"`;
  if (eq <= 0) throw new InputError(`${where}: write name=value, name=a,b,c or name=start:stop:step (e.g. fast=5:50:5)`);
  const name = text.slice(0, eq).trim();
  const body = text.slice(eq + 1).trim();
  if (body === '') throw new InputError(`${where}: no value after "="`);
  if (body.includes(':')) {
    const parts = body.split(':');
    const numbers = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
    if ((parts.length !== 2 && parts.length !== 3) || !numbers.every(Number.isFinite)) {
      throw new InputError(`${where}: a range is start:stop or start:stop:step with numbers, e.g. 5:50:5`);
    }
    try {
      return parameterDimension({ name, range: { start: numbers[0]!, stop: numbers[1]!, step: numbers[2] ?? 1 } });
    } catch (error) {
      throw error instanceof InputError ? new InputError(`${where}: ${error.reason}`) : error;
    }
  }
  const values = body.split(',').map(parseValue);
  if (values.some((v) => v === '')) throw new InputError(`${where}: empty item in the list`);
  try {
    return parameterDimension({ name, values });
  } catch (error) {
    throw error instanceof InputError ? new InputError(`${where}: ${error.reason}`) : error;
  }
}

/** A space from dimensions; each parameter name may appear once. */
export function parameterSpace(dimensions: readonly ParameterDimension[]): ParameterSpace {
  const seen = new Set<string>();
  for (const d of dimensions) {
    if (seen.has(d.name)) throw new InputError(`parameter "${d.name}" is given twice; give each parameter once (a list or a range)`);
    seen.add(d.name);
    if (d.values.length === 0) throw new InputError(`parameter "${d.name}" has no values`);
  }
  return dimensions;
}

export function parseParameterSpace(specs: readonly string[]): ParameterSpace {
  return parameterSpace(specs.map(parseParameterSpec));
}

/** Number of points of the full grid (1 for an empty space: the one empty parameter set). */
export function gridSize(space: ParameterSpace): number {
  let size = 1;
  for (const d of space) size *= d.values.length;
  return size;
}

/** The grid point with this index, the last dimension varying fastest (the order of `expandGrid`). */
export function gridPoint(space: ParameterSpace, index: number): ParameterSet {
  const size = gridSize(space);
  if (!(Number.isInteger(index) && index >= 0 && index < size)) throw new RangeError(`grid index ${index} is outside 0…${size - 1}`);
  const point: Record<string, ParameterValue> = {};
  let rest = index;
  for (let k = space.length - 1; k >= 0; k--) {
    const d = space[k]!;
    point[d.name] = d.values[rest % d.values.length]!;
    rest = Math.floor(rest / d.values.length);
  }
  const ordered: Record<string, ParameterValue> = {};
  for (const d of space) ordered[d.name] = point[d.name]!;
  return ordered;
}

/** Every combination (cartesian product), the last dimension varying fastest. */
export function expandGrid(space: ParameterSpace, maxPoints = MAX_GRID_POINTS): ParameterSet[] {
  const size = gridSize(space);
  if (size > maxPoints) {
    const shape = space.map((d) => `${d.name}: ${d.values.length}`).join(', ');
    throw new InputError(`the parameter grid has ${size} points (${shape}), more than the ${maxPoints} allowed; use coarser steps or random sampling`);
  }
  const points: ParameterSet[] = [];
  for (let i = 0; i < size; i++) points.push(gridPoint(space, i));
  return points;
}

/**
 * `count` distinct grid points drawn uniformly without replacement (Floyd's algorithm), reproducible
 * with `seed`. When `count` covers the whole grid, the whole grid in grid order.
 */
export function sampleParameterSets(space: ParameterSpace, count: number, seed: number): ParameterSet[] {
  if (!(Number.isInteger(count) && count >= 1 && count <= MAX_GRID_POINTS)) {
    throw new InputError(`the number of random parameter sets must be a whole number from 1 to ${MAX_GRID_POINTS}, got ${String(count)}`);
  }
  const size = gridSize(space);
  if (count >= size) return expandGrid(space);
  const random = new Random(seed);
  const draw = (n: number): number => (n <= 4294967296 ? random.nextInt(n) : Math.floor(random.next() * n));
  const chosen = new Set<number>();
  const order: number[] = [];
  for (let j = size - count; j < size; j++) {
    const candidate = draw(j + 1);
    const pick = chosen.has(candidate) ? j : candidate;
    chosen.add(pick);
    order.push(pick);
  }
  return order.map((index) => gridPoint(space, index));
}
