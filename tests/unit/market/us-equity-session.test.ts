import { describe, expect, it } from 'vitest';
import { daysFromCivil } from '../../../src/shared/market/civil-days';
import {
  calendarWithOverrides, isUsEarlyClose, latestSessionOpenedBy, newYorkDay, sessionAt, sessionContaining, sessionMsBetween, US_EQUITY_SESSIONS,
} from '../../../src/shared/market/us-equity-session';

const day = (iso: string): number => daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
const utc = (iso: string): number => Date.parse(`${iso}Z`);

describe('the regular US equity session', () => {
  it('opens 09:30 and closes 16:00 New York time, on either side of a daylight-saving change', () => {
    // Friday 2024-03-08 is on EST (UTC−5); Monday 2024-03-11 on EDT (UTC−4).
    expect(US_EQUITY_SESSIONS.session(day('2024-03-08'))).toEqual({ day: day('2024-03-08'), open: utc('2024-03-08T14:30:00'), close: utc('2024-03-08T21:00:00') });
    expect(US_EQUITY_SESSIONS.session(day('2024-03-11'))).toEqual({ day: day('2024-03-11'), open: utc('2024-03-11T13:30:00'), close: utc('2024-03-11T20:00:00') });
  });

  it('has no session on weekends and holidays', () => {
    expect(US_EQUITY_SESSIONS.session(day('2024-03-09'))).toBeNull();
    expect(US_EQUITY_SESSIONS.session(day('2024-07-04'))).toBeNull();
    expect(US_EQUITY_SESSIONS.session(day('2024-12-25'))).toBeNull();
  });

  it('closes at 13:00 on the half days: the day after Thanksgiving, July 3 and December 24 from Monday to Thursday', () => {
    const halfDays = (year: number): string[] => {
      const out: string[] = [];
      for (let d = day(`${year}-01-01`); d <= day(`${year}-12-31`); d++) if (isUsEarlyClose(d)) out.push(new Date(d * 86_400_000).toISOString().slice(0, 10));
      return out;
    };
    expect(halfDays(2024)).toEqual(['2024-07-03', '2024-11-29', '2024-12-24']);
    expect(halfDays(2025)).toEqual(['2025-07-03', '2025-11-28', '2025-12-24']);
    // 2026: July 4 is a Saturday, so Friday July 3 is the holiday itself.
    expect(halfDays(2026)).toEqual(['2026-11-27', '2026-12-24']);
    // 2021: Christmas Eve was the observed Christmas holiday (a Friday).
    expect(halfDays(2021)).toEqual(['2021-11-26']);
    expect(US_EQUITY_SESSIONS.session(day('2024-11-29'))).toEqual({ day: day('2024-11-29'), open: utc('2024-11-29T14:30:00'), close: utc('2024-11-29T18:00:00') });
  });

  it('finds the session containing an instant: open inclusive, close exclusive', () => {
    const s = US_EQUITY_SESSIONS.session(day('2024-03-11'))!;
    expect(sessionContaining(utc('2024-03-11T13:30:00'))).toEqual(s);
    expect(sessionContaining(utc('2024-03-11T19:59:59'))).toEqual(s);
    expect(sessionContaining(utc('2024-03-11T20:00:00'))).toBeNull();
    expect(sessionContaining(utc('2024-03-11T13:29:00'))).toBeNull();
    // 23:00 New York is already the next UTC date; the New York date decides.
    expect(newYorkDay(utc('2024-03-12T03:00:00'))).toBe(day('2024-03-11'));
  });

  it('finds the last session that opened by an instant', () => {
    expect(latestSessionOpenedBy(utc('2024-03-11T13:29:00'))?.day).toBe(day('2024-03-08'));
    expect(latestSessionOpenedBy(utc('2024-03-11T13:30:00'))?.day).toBe(day('2024-03-11'));
    expect(latestSessionOpenedBy(utc('2024-03-10T12:00:00'))?.day).toBe(day('2024-03-08'));
  });

  it('counts only regular-session time between two instants', () => {
    // Friday 15:59:30 ET → Monday 09:30:30 ET: 30 s before Friday's close and 30 s after Monday's open.
    expect(sessionMsBetween(utc('2024-03-08T20:59:30'), utc('2024-03-11T13:30:30'))).toBe(60_000);
    expect(sessionMsBetween(utc('2024-03-09T12:00:00'), utc('2024-03-10T12:00:00'))).toBe(0);
    expect(sessionMsBetween(utc('2024-03-11T14:00:00'), utc('2024-03-11T14:01:15'))).toBe(75_000);
    expect(sessionMsBetween(utc('2024-03-11T14:00:00'), utc('2024-03-11T13:00:00'))).toBe(0);
    // A whole week of sessions is 5 × 6.5 h, counted up to the cap only.
    expect(sessionMsBetween(utc('2024-03-11T00:00:00'), utc('2024-03-16T00:00:00'))).toBe(5 * 390 * 60_000);
    expect(sessionMsBetween(utc('2020-01-01T00:00:00'), utc('2024-03-16T00:00:00'), US_EQUITY_SESSIONS, 60_000)).toBe(60_000);
  });

  it("takes a broker's calendar where it has a day, the rules elsewhere", () => {
    const special = sessionAt(day('2024-03-11'), 9 * 60 + 30, 13 * 60);
    const calendar = calendarWithOverrides(new Map([[day('2024-03-11'), special], [day('2024-03-12'), null]]));
    expect(calendar.session(day('2024-03-11'))).toEqual({ day: day('2024-03-11'), open: utc('2024-03-11T13:30:00'), close: utc('2024-03-11T17:00:00') });
    expect(calendar.session(day('2024-03-12'))).toBeNull();
    expect(calendar.session(day('2024-03-13'))).toEqual(US_EQUITY_SESSIONS.session(day('2024-03-13')));
  });
});
