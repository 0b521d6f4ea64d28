import { describe, expect, it } from 'vitest';
import { sessionKeyOf } from '../../../src/shared/trading/session-key';

describe('session key', () => {
  it('is the date in New York: midnight there, not in UTC, starts the next session (through the DST change)', () => {
    const day = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);
    expect(sessionKeyOf(Date.parse('2024-03-08T23:59:00-05:00'))).toBe(day('2024-03-08'));
    expect(sessionKeyOf(Date.parse('2024-03-09T00:00:00-05:00'))).toBe(day('2024-03-09'));
    expect(sessionKeyOf(Date.parse('2024-03-11T03:30:00Z'))).toBe(day('2024-03-10'));
    expect(sessionKeyOf(Date.parse('2024-03-11T04:00:00Z'))).toBe(day('2024-03-11'));
    expect(sessionKeyOf(Date.parse('2024-03-11T03:30:00Z'), 'UTC')).toBe(day('2024-03-11'));
  });
});
