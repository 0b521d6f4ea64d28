import { z } from 'zod';

/**
 * Zod's issues rewritten for people: which field, what it must be (with its bounds, read from
 * the schema), and what was given. Used for outside input whose author must fix it by hand: the
 * trading YAML file and signals sent to the local endpoint.
 */
export type KeyPath = readonly (string | number)[];

export interface FieldProblem {
  readonly path: KeyPath;
  /** The path as the user writes it: `risk.orderRate.maxOrders`, `strategies["my id"].enabled`. */
  readonly key: string;
  /** What is wrong, without the key: `must be a number > 0 and ≤ 1000, got "ten"`. */
  readonly message: string;
}

export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** `key: message`, or the message alone for a problem with the whole document. */
export function formatFieldProblem(problem: FieldProblem): string {
  return problem.key ? `${problem.key}: ${problem.message}` : problem.message;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

export function valueAt(data: unknown, path: KeyPath): unknown {
  let current = data;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

type AnySchema = z.core.$ZodType;

interface Unwrapped {
  readonly schema: AnySchema;
  readonly nullable: boolean;
}

/** Strips optional / nullable / default / prefault / preprocess wrappers, noting whether null is allowed. */
function unwrap(schema: AnySchema): Unwrapped {
  let current = schema;
  let nullable = false;
  for (let guard = 0; guard < 16; guard++) {
    const def = current._zod.def as { type: string; innerType?: AnySchema; out?: AnySchema };
    if (def.type === 'nullable') nullable = true;
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault' || def.type === 'readonly') && def.innerType) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.out) {
      current = def.out;
    } else {
      break;
    }
  }
  return { schema: current, nullable };
}

/** The schema that validates the value at `path`, or null when the path leaves the schema. */
export function schemaAt(root: AnySchema, path: KeyPath): AnySchema | null {
  let current: AnySchema = root;
  for (const part of path) {
    const { schema } = unwrap(current);
    const def = schema._zod.def as { type: string; shape?: Record<string, AnySchema>; valueType?: AnySchema; element?: AnySchema };
    if (def.type === 'object' && def.shape && typeof part === 'string' && Object.prototype.hasOwnProperty.call(def.shape, part)) current = def.shape[part]!;
    else if (def.type === 'record' && def.valueType) current = def.valueType;
    else if (def.type === 'array' && def.element) current = def.element;
    else return null;
  }
  return current;
}

/** The keys an object schema at `path` knows (for "did you mean"). */
function knownKeys(root: AnySchema, path: KeyPath): string[] {
  const at = schemaAt(root, path);
  if (!at) return [];
  const def = unwrap(at).schema._zod.def as { type: string; shape?: Record<string, unknown> };
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

interface NumberBounds {
  integer: boolean;
  min: { value: number; inclusive: boolean } | null;
  max: { value: number; inclusive: boolean } | null;
}

function numberBounds(schema: AnySchema): NumberBounds | null {
  const def = schema._zod.def as { type: string; checks?: Array<{ _zod: { def: { check: string; value?: number; inclusive?: boolean; format?: string } } }> };
  if (def.type !== 'number') return null;
  const bounds: NumberBounds = { integer: false, min: null, max: null };
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'number_format' && (c.format === 'safeint' || c.format === 'int32' || c.format === 'uint32')) bounds.integer = true;
    if (c.check === 'greater_than' && c.value !== undefined) bounds.min = { value: c.value, inclusive: c.inclusive ?? false };
    if (c.check === 'less_than' && c.value !== undefined) bounds.max = { value: c.value, inclusive: c.inclusive ?? false };
  }
  return bounds;
}

function describeNumber(bounds: NumberBounds): string {
  const kind = bounds.integer ? 'a whole number' : 'a number';
  const { min, max } = bounds;
  if (min && max && min.inclusive && max.inclusive) return `${kind} from ${min.value} to ${max.value}`;
  const parts: string[] = [];
  if (min) parts.push(`${min.inclusive ? '≥' : '>'} ${min.value}`);
  if (max) parts.push(`${max.inclusive ? '≤' : '<'} ${max.value}`);
  return parts.length > 0 ? `${kind} ${parts.join(' and ')}` : kind;
}

/** What a value at `path` must be, in words: `a number > 0 and ≤ 1000, or null`. */
export function describeExpected(root: AnySchema, path: KeyPath, fallback: string): string {
  const at = schemaAt(root, path);
  if (!at) return fallback;
  const { schema, nullable } = unwrap(at);
  const def = schema._zod.def as { type: string; entries?: Record<string, string>; values?: unknown[] };
  let text: string;
  switch (def.type) {
    case 'number':
      text = describeNumber(numberBounds(schema)!);
      break;
    case 'string':
      text = 'text';
      break;
    case 'boolean':
      text = 'true or false';
      break;
    case 'object':
    case 'record':
      text = 'an object';
      break;
    case 'array':
      text = 'a list';
      break;
    case 'enum':
      text = `one of ${listValues(Object.values(def.entries ?? {}))}`;
      break;
    case 'literal':
      text = listValues(def.values ?? []);
      break;
    default:
      text = fallback;
  }
  return nullable ? `${text}, or null` : text;
}

function listValues(values: readonly unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v));
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

function normaliseKey(key: string): string {
  return key.replace(/[_\-\s]/g, '').toLowerCase();
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known key an unknown one most likely meant: same letters in another case style, or a typo. */
export function closestKey(unknown: string, known: readonly string[]): string | null {
  const target = normaliseKey(unknown);
  const same = known.find((k) => normaliseKey(k) === target);
  if (same) return same;
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(target.length / 4)) + 1;
  for (const k of known) {
    const d = editDistance(target, normaliseKey(k));
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function sizeWord(origin: string | undefined): string {
  if (origin === 'string') return 'characters long';
  if (origin === 'array' || origin === 'set') return 'items';
  return '';
}

function boundMessage(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, input: unknown): string {
  const big = issue.code === 'too_big';
  const limit = Number(big ? (issue as z.core.$ZodIssueTooBig).maximum : (issue as z.core.$ZodIssueTooSmall).minimum);
  const inclusive = issue.inclusive ?? true;
  const unit = sizeWord(issue.origin);
  if (unit) {
    const count = typeof input === 'string' || Array.isArray(input) ? input.length : undefined;
    const bound = big ? `at most ${inclusive ? limit : limit - 1}` : `at least ${inclusive ? limit : limit + 1}`;
    return `must be ${bound} ${unit}${count !== undefined ? `, got ${count}` : ''}`;
  }
  const sign = big ? (inclusive ? '≤' : '<') : inclusive ? '≥' : '>';
  return `must be ${sign} ${limit}, got ${describeValue(input)}`;
}

/**
 * Every issue of `error` as a FieldProblem. `data` is what was validated (to show the value that
 * was given) and `schema` what validated it (for bounds and the known keys).
 */
export function fieldProblems(schema: AnySchema, error: z.ZodError, data: unknown, options: { readonly keyNoun?: string } = {}): FieldProblem[] {
  const noun = options.keyNoun ?? 'setting';
  const out: FieldProblem[] = [];
  const push = (path: KeyPath, message: string): void => {
    out.push({ path, key: formatKeyPath(path), message });
  };
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const input = valueAt(data, path);
    switch (issue.code) {
      case 'invalid_type': {
        const expected = describeExpected(schema, path, issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`);
        push(path, input === undefined ? `is required (${expected})` : `must be ${expected}, got ${describeValue(input)}`);
        break;
      }
      case 'too_big':
      case 'too_small':
        push(path, boundMessage(issue, input));
        break;
      case 'invalid_value':
        push(path, `must be ${issue.values.length === 1 ? listValues(issue.values) : `one of ${listValues(issue.values)}`}, got ${describeValue(input)}`);
        break;
      case 'unrecognized_keys': {
        const known = knownKeys(schema, path);
        for (const key of issue.keys) {
          const guess = closestKey(key, known);
          const hint = guess ? ` (did you mean "${guess}"?)` : known.length > 0 ? ` (known: ${known.join(', ')})` : '';
          push([...path, key], `is not a known ${noun}${hint}`);
        }
        break;
      }
      case 'invalid_format': {
        // A schema's own message (`.regex(re, 'letters and digits')`) says what the value must be.
        const custom = issue.message && !issue.message.startsWith('Invalid') ? issue.message : null;
        push(path, `must be ${custom ?? `a valid ${issue.format}`}, got ${describeValue(input)}`);
        break;
      }
      case 'invalid_key': {
        const inner = issue.issues[0];
        const custom = inner && inner.code === 'invalid_format' && !inner.message.startsWith('Invalid') ? inner.message : null;
        push(path, `is not a valid key${custom ? `: must be ${custom}` : ''}`);
        break;
      }
      default:
        push(path, issue.message);
    }
  }
  return out;
}
