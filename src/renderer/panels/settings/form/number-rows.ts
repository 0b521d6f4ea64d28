import type { TradingConfig } from '../../../../shared/trading/trading-config';
import { configValue, keyOf, type ConfigPath, type PatchEntry } from './config-paths';

/** One number of a row: its key, unit, and the default it takes in a fresh trading.yaml. */
export interface NumberInputSpec {
  readonly path: ConfigPath;
  readonly unit: string;
  readonly defaultValue: number;
  /** A label for rows of several numbers (`per`). */
  readonly label?: string;
}

/**
 * A setting of one or more numbers. `nullable`: `null` at `offPath` turns it off (a risk rule);
 * `offByDefault`: a fresh file has it off.
 */
export interface NumberRowSpec {
  readonly id: string;
  readonly label: string;
  readonly help: string;
  readonly nullable: boolean;
  readonly offByDefault?: boolean;
  readonly offPath: ConfigPath;
  readonly inputs: readonly NumberInputSpec[];
}

/** What the user typed, as typed, and which rows are on. Keys are `keyOf(path)`. */
export interface NumberRowsDraft {
  readonly on: Readonly<Record<string, boolean>>;
  readonly text: Readonly<Record<string, string>>;
}

export type ProblemMap = Readonly<Record<string, readonly string[]>>;

export function readNumberRows(rows: readonly NumberRowSpec[], config: TradingConfig): NumberRowsDraft {
  const on: Record<string, boolean> = {};
  const text: Record<string, string> = {};
  for (const row of rows) {
    on[keyOf(row.offPath)] = configValue(config, row.offPath) != null;
    for (const input of row.inputs) {
      const value = configValue(config, input.path);
      text[keyOf(input.path)] = typeof value === 'number' ? String(value) : String(input.defaultValue);
    }
  }
  return { on, text };
}

/** A number as typed, or why it is not one. Main checks the bounds; this only reads the text. */
export function readNumberText(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return 'enter a number';
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : `"${trimmed.slice(0, 20)}" is not a number`;
}

/** The keys that differ from `config`, and the numbers that could not be read. */
export function numberRowsPatch(rows: readonly NumberRowSpec[], draft: NumberRowsDraft, config: TradingConfig): { entries: PatchEntry[]; problems: ProblemMap } {
  const entries: PatchEntry[] = [];
  const problems: Record<string, string[]> = {};
  for (const row of rows) {
    const current = configValue(config, row.offPath);
    const on = draft.on[keyOf(row.offPath)] ?? true;
    if (row.nullable && !on) {
      if (current !== null) entries.push([row.offPath, null]);
      continue;
    }
    const values: Array<[NumberInputSpec, number]> = [];
    for (const input of row.inputs) {
      const read = readNumberText(draft.text[keyOf(input.path)] ?? '');
      if (typeof read === 'string') problems[keyOf(input.path)] = [read];
      else values.push([input, read]);
    }
    if (values.length !== row.inputs.length) continue;
    const wholeRowOff = current === null || current === undefined;
    if (wholeRowOff && row.inputs.length > 1) {
      // Turning on a rule of several numbers sets them together (`orderRate: {maxOrders, windowMs}`).
      const value: Record<string, number> = {};
      for (const [input, number] of values) value[input.path[input.path.length - 1]!] = number;
      entries.push([row.offPath, value]);
      continue;
    }
    for (const [input, number] of values) if (configValue(config, input.path) !== number) entries.push([input.path, number]);
  }
  return { entries, problems };
}

/** A row of one number, whose key is also the one set to null to turn it off. */
export function numberRow(spec: Omit<NumberRowSpec, 'offPath' | 'inputs'> & NumberInputSpec): NumberRowSpec {
  const { path, unit, defaultValue, ...row } = spec;
  return { ...row, offPath: path, inputs: [{ path, unit, defaultValue }] };
}
