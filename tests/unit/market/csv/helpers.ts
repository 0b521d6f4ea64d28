import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { InputError } from '../../../../src/shared/errors';

export const FIXTURES = path.resolve(__dirname, '../../../fixtures/csv');

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function isoTimes(t: Float64Array): string[] {
  return Array.from(t, (value) => new Date(value).toISOString());
}

export function dates(t: Float64Array): string[] {
  return Array.from(t, (value) => new Date(value).toISOString().slice(0, 10));
}

/** Runs `work`, expecting an InputError at this file/line/column whose message matches `reason`. */
export function expectInputError(work: () => unknown, where: { file?: string; line?: number; column?: string }, reason: RegExp): InputError {
  let caught: unknown;
  try {
    work();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an InputError').toBeInstanceOf(InputError);
  const error = caught as InputError;
  if (where.file !== undefined) expect(error.location.file).toBe(where.file);
  if (where.line !== undefined) expect(error.location.line).toBe(where.line);
  if (where.column !== undefined) expect(error.location.column).toBe(where.column);
  expect(error.message).toMatch(reason);
  return error;
}
