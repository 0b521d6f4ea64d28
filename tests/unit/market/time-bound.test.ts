import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/shared/errors';
import { parseTimeBound } from '../../../src/shared/market/time-bound';

describe('parseTimeBound', () => {
  it('reads dates for daily datasets as UTC midnight', () => {
    expect(parseTimeBound('2020-01-02', 'from', 'date', 'America/New_York')).toBe(Date.UTC(2020, 0, 2));
    expect(parseTimeBound('2020-01-02', 'to', 'date', 'America/New_York')).toBe(Date.UTC(2020, 0, 2));
  });

  it('reads a date for intraday datasets as the whole local day', () => {
    expect(parseTimeBound('2021-03-15', 'from', 'datetime', 'America/New_York')).toBe(Date.UTC(2021, 2, 15, 4));
    expect(parseTimeBound('2021-03-15', 'to', 'datetime', 'America/New_York')).toBe(Date.UTC(2021, 2, 16, 4) - 1);
  });

  it('reads naive times in the dataset zone and honours offsets', () => {
    expect(parseTimeBound('2021-03-15T09:30', 'from', 'datetime', 'America/New_York')).toBe(Date.UTC(2021, 2, 15, 13, 30));
    expect(parseTimeBound('2021-03-15T09:30:00Z', 'from', 'datetime', 'America/New_York')).toBe(Date.UTC(2021, 2, 15, 9, 30));
  });

  it('refuses text that is no date', () => {
    expect(() => parseTimeBound('yesterday', 'from', 'date', 'UTC')).toThrow(InputError);
    expect(() => parseTimeBound('yesterday', 'from', 'date', 'UTC')).toThrow(/--from "yesterday" is not a date/);
  });
});
