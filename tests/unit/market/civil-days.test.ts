import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, daysInMonth, weekdayOfDays } from '../../../src/shared/market/civil-days';

describe('civil day numbers', () => {
  it('match Date.UTC on every day from 1900 to 2100', () => {
    for (let t = Date.UTC(1900, 0, 1); t <= Date.UTC(2100, 11, 31); t += 86_400_000) {
      const d = new Date(t);
      const days = daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
      expect(days * 86_400_000).toBe(t);
      if (d.getUTCDate() === 1) expect(civilFromDays(days)).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: 1 });
      if (d.getUTCDate() === 15) expect(weekdayOfDays(days)).toBe(d.getUTCDay());
    }
  });

  it('knows leap years', () => {
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 12)).toBe(31);
  });
});
