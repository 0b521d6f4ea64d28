import type { ParamDescription } from '../../../../shared/strategies/registry';

/**
 * The strategy parameter form as data: fields generated from a strategy's parameter description
 * (read from its zod schema), the text the user typed, and the parsed values or a problem per field.
 */

/** One parameter as `describeParams` reads it from the strategy's schema. */
export type ParamField = ParamDescription;

/** What the user typed (numbers as text, so "1." or "" can be shown while typing) and ticked. */
export type ParamDraft = Readonly<Record<string, string | boolean>>;

export type ParamValues = Record<string, number | boolean>;

export interface ParsedParams {
  readonly values: ParamValues;
  /** Problem per parameter name (empty when all parse). */
  readonly problems: Readonly<Record<string, string>>;
}

function defaultText(field: ParamField): string | boolean {
  if (field.type === 'boolean') return field.default === true;
  return typeof field.default === 'number' ? String(field.default) : '';
}

/** The draft a new form starts with: every parameter at its default. */
export function defaultDraft(fields: readonly ParamField[]): ParamDraft {
  return Object.fromEntries(fields.map((f) => [f.name, defaultText(f)]));
}

/** A draft from saved values (a stored run's parameters), defaults for those missing. */
export function draftFromValues(fields: readonly ParamField[], values: Readonly<Record<string, unknown>>): ParamDraft {
  return Object.fromEntries(
    fields.map((f) => {
      const v = values[f.name];
      if (f.type === 'boolean') return [f.name, typeof v === 'boolean' ? v : defaultText(f)];
      return [f.name, typeof v === 'number' && Number.isFinite(v) ? String(v) : defaultText(f)];
    }),
  );
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** One number field's text → its value, or what is wrong with it in words. */
export function parseParamText(field: ParamField, text: string): { value: number } | { problem: string } {
  const trimmed = text.trim();
  const fallback = typeof field.default === 'number' ? ` (default ${field.default})` : '';
  if (trimmed === '') return { problem: `enter a value${fallback}` };
  if (/^[+-]?\d+,\d+$/.test(trimmed)) return { problem: `write the decimal with a point: ${trimmed.replace(',', '.')}` };
  if (field.type === 'integer' && !INTEGER.test(trimmed)) {
    return DECIMAL.test(trimmed) ? { problem: 'a whole number' } : { problem: `"${trimmed}" is not a whole number` };
  }
  if (!DECIMAL.test(trimmed)) return { problem: `"${trimmed}" is not a number` };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { problem: `"${trimmed}" is not a finite number` };
  if (field.min !== null && value < field.min) return { problem: `at least ${field.min}` };
  if (field.max !== null && value > field.max) return { problem: `at most ${field.max}` };
  return { value };
}

/** Every field of the draft parsed; a field missing from the draft takes its default. */
export function parseParamDraft(fields: readonly ParamField[], draft: ParamDraft): ParsedParams {
  const values: ParamValues = {};
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const raw = draft[field.name] ?? defaultText(field);
    if (field.type === 'boolean') {
      values[field.name] = raw === true;
      continue;
    }
    const parsed = parseParamText(field, typeof raw === 'string' ? raw : String(raw));
    if ('value' in parsed) values[field.name] = parsed.value;
    else problems[field.name] = parsed.problem;
  }
  return { values, problems };
}

/** The range hint shown under a field: "1 – 10,000", "≤ 10", "". */
export function boundsText(field: ParamField): string {
  const n = (v: number) => v.toLocaleString('en-US');
  if (field.min !== null && field.max !== null) return `${n(field.min)} – ${n(field.max)}`;
  if (field.min !== null) return `≥ ${n(field.min)}`;
  if (field.max !== null) return `≤ ${n(field.max)}`;
  return '';
}
