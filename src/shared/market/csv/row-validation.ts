import { InputError, type InputLocation } from '../../errors';
import type { ColumnLayout, ColumnRole } from './header';

/**
 * The checks every bar must pass before anything is stored: prices positive and finite, the low
 * at or below open and close, the high at or above them, volume finite and not negative.
 * Returns null for a good bar, else the offending column and what is wrong.
 */
export interface BarProblem {
  readonly role: ColumnRole;
  /** What is wrong, as a statement without advice ("high 9 is below low 10"). */
  readonly statement: string;
}

export function checkPrice(value: number, role: ColumnRole): BarProblem | null {
  if (value > 0 && value < Infinity) return null;
  if (!Number.isFinite(value)) return { role, statement: `${role} is not a finite number` };
  return { role, statement: `${role} ${value} is not positive: prices must be above zero` };
}

export function checkBar(o: number, h: number, l: number, c: number, v: number, hasRange: boolean): BarProblem | null {
  if (hasRange) {
    const problem = checkPrice(o, 'open') ?? checkPrice(h, 'high') ?? checkPrice(l, 'low');
    if (problem) return problem;
  }
  const close = checkPrice(c, 'close');
  if (close) return close;
  if (!(v >= 0 && v < Infinity)) return { role: 'volume', statement: Number.isFinite(v) ? `volume ${v} is negative` : 'volume is not a finite number' };
  if (!hasRange) return null;
  if (h < l) return { role: 'high', statement: `high ${h} is below low ${l} (are the columns mapped right?)` };
  if (o > h) return { role: 'high', statement: `high ${h} is below open ${o}; a bar's high must be at least its open and close` };
  if (c > h) return { role: 'high', statement: `high ${h} is below close ${c}; a bar's high must be at least its open and close` };
  if (o < l) return { role: 'low', statement: `low ${l} is above open ${o}; a bar's low must be at most its open and close` };
  if (c < l) return { role: 'low', statement: `low ${l} is above close ${c}; a bar's low must be at most its open and close` };
  return null;
}

/** The advice every row-level refusal ends with. */
export const FIX_ROW = 'Fix or delete this row in the file, or import with bad rows left out (CLI: --skip-bad-rows).';

/** A row refused by a check: the InputError the user sees, with the bare statement kept for skip reports. */
export class RowRejection extends InputError {
  constructor(
    readonly statement: string,
    advice: string,
    location: InputLocation,
  ) {
    super(`${statement}. ${advice}`, location);
  }
}

export function rejectCell(fileName: string, line: number, columnName: string, statement: string, advice = FIX_ROW): RowRejection {
  return new RowRejection(statement, advice, { file: fileName, line, column: columnName });
}

export function rejectRole(fileName: string, line: number, layout: ColumnLayout, role: ColumnRole, statement: string, advice = FIX_ROW): RowRejection {
  const index = layout[role];
  return rejectCell(fileName, line, index >= 0 ? layout.names[index] ?? role : role, statement, advice);
}
