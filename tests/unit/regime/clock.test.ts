import { describe, expect, it } from 'vitest';
import { zonedTimeToUtc } from '../../../src/shared/domain/time-format';
import { civilFromDays, daysFromCivil, MS_PER_DAY, yearOfDays } from '../../../src/shared/market/civil-days';
import { tradingCalendar } from '../../../src/shared/market/trading-calendar';
import { createBarClock } from '../../../src/shared/regime/clock';
import { spyBars } from '../../helpers/regime';

const day = (y: number, m: number, d: number): number => daysFromCivil(y, m, d);
const date = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);
const ny = (y: number, mo: number, d: number, h: number, mi: number): number => zonedTimeToUtc(y, mo, d, h, mi, 0, 'America/New_York');
const iso = (d: number): string => new Date(d * MS_PER_DAY).toISOString().slice(0, 10);

describe('trading calendars', () => {
  it('yearOfDays agrees with civilFromDays across four centuries', () => {
    for (let d = day(1900, 1, 1); d < day(2300, 1, 1); d += 13) expect(yearOfDays(d)).toBe(civilFromDays(d).year);
    expect(yearOfDays(day(2000, 12, 31))).toBe(2000);
    expect(yearOfDays(day(2001, 1, 1))).toBe(2001);
  });

  it('counts trading days d with from < d ≤ to under each calendar', () => {
    const friday = day(2024, 6, 14);
    const monday = day(2024, 6, 17);
    expect(tradingCalendar('us-equity').tradingDaysBetween(friday, monday)).toBe(1);
    expect(tradingCalendar('weekdays').tradingDaysBetween(friday, monday)).toBe(1);
    expect(tradingCalendar('continuous').tradingDaysBetween(friday, monday)).toBe(3);
    expect(tradingCalendar('weekdays').tradingDaysBetween(day(2024, 6, 3), day(2024, 7, 1))).toBe(20);
    expect(tradingCalendar('us-equity').tradingDaysBetween(day(2024, 6, 3), day(2024, 7, 1))).toBe(19); // Juneteenth
    expect(tradingCalendar('us-equity').tradingDaysBetween(monday, friday)).toBe(0);
  });

  it('the US equity calendar closes on the NYSE holidays of 2024 and 2022 (Juneteenth, Christmas observed on Monday)', () => {
    const closedWeekdays = (year: number): string[] => {
      const calendar = tradingCalendar('us-equity');
      const weekdays = tradingCalendar('weekdays');
      const out: string[] = [];
      for (let d = day(year, 1, 1); d < day(year + 1, 1, 1); d++) if (weekdays.isTradingDay(d) && !calendar.isTradingDay(d)) out.push(iso(d));
      return out;
    };
    expect(closedWeekdays(2024)).toEqual(['2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-11-28', '2024-12-25']);
    expect(closedWeekdays(2022)).toEqual(['2022-01-17', '2022-02-21', '2022-04-15', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-11-24', '2022-12-26']);
  });

  it('every weekday missing from 21 years of real SPY bars is an NYSE holiday, and no holiday has a bar', () => {
    const bars = spyBars();
    const days = new Set(Array.from(bars.t, (t) => Math.floor(t / MS_PER_DAY)));
    const calendar = tradingCalendar('us-equity');
    const first = Math.floor(bars.t[0]! / MS_PER_DAY);
    const last = Math.floor(bars.t[bars.t.length - 1]! / MS_PER_DAY);
    const mismatches: string[] = [];
    for (let d = first; d <= last; d++) if (calendar.isTradingDay(d) !== days.has(d)) mismatches.push(iso(d));
    expect(mismatches).toEqual([]);
    expect(calendar.tradingDaysBetween(first - 1, last)).toBe(bars.t.length);
  });
});

describe('bar clocks: dt in years of 252 trading days', () => {
  it('daily bars: Friday → Monday is 1/252, over Good Friday too; a missed trading day makes it 2/252', () => {
    const clock = createBarClock({ timeframe: '1Day' });
    const step = (from: number, to: number): [number, number] => {
      clock.from = from;
      clock.to = to;
      clock.advance();
      return [clock.dt * 252, clock.bars];
    };
    expect(step(date(2024, 6, 14), date(2024, 6, 17))).toEqual([1, 1]);
    expect(step(date(2024, 3, 28), date(2024, 4, 1))).toEqual([1, 1]); // Thursday → Monday over Good Friday
    expect(step(date(2024, 6, 10), date(2024, 6, 12))).toEqual([2, 2]); // Tuesday 11th missing
    expect(step(date(2024, 6, 18), date(2024, 6, 20))).toEqual([1, 1]); // over Juneteenth
    expect(step(date(2024, 1, 5), date(2024, 3, 15))[0]).toBe(48); // 50 weekdays less MLK Day and Presidents Day
    const weekdays = createBarClock({ timeframe: '1Day', calendar: 'weekdays' });
    weekdays.from = date(2024, 3, 28);
    weekdays.to = date(2024, 4, 1);
    weekdays.advance();
    expect([weekdays.dt * 252, weekdays.bars]).toEqual([2, 2]);
  });

  it('intraday: one minute is 1/(252·390); a session close adds a quarter session, not 17.5 hours of bars', () => {
    const clock = createBarClock({ timeframe: '1Min' });
    const step = (from: number, to: number): [number, number] => {
      clock.from = from;
      clock.to = to;
      clock.advance();
      return [clock.dt * 252 * 390, clock.bars];
    };
    const [minute, due] = step(ny(2024, 6, 14, 10, 0), ny(2024, 6, 14, 10, 1));
    expect(minute).toBeCloseTo(1, 10);
    expect(due).toBe(1);
    expect(step(ny(2024, 6, 14, 10, 0), ny(2024, 6, 14, 10, 6))[1]).toBe(6); // five bars missed
    const [overnight, overnightDue] = step(ny(2024, 6, 14, 15, 59), ny(2024, 6, 17, 9, 30));
    expect(overnightDue).toBe(1);
    expect(overnight).toBeCloseTo(1 + 0.25 * 390, 10);
    const [skipped, skippedDue] = step(ny(2024, 6, 13, 15, 59), ny(2024, 6, 17, 9, 30)); // Friday missing entirely
    expect(skippedDue).toBe(391);
    expect(skipped).toBeCloseTo(391 + 2 * 0.25 * 390, 10);
    expect(step(ny(2024, 6, 14, 5, 0), ny(2024, 6, 14, 5, 1))).toEqual([1, 1]); // extended hours: one bar
  });

  it('hourly bars stamped at their start: 15:30 → next 09:30 spans the last half hour, the night and the first hour', () => {
    const clock = createBarClock({ timeframe: '1Hour' });
    clock.from = ny(2024, 1, 16, 15, 30);
    clock.to = ny(2024, 1, 17, 9, 30);
    clock.advance();
    expect(clock.bars).toBe(1);
    expect(clock.dt * 252 * 390).toBeCloseTo(60 + 0.25 * 390, 10);
  });

  it('around the clock (crypto): midnight is no session close, every hour is one bar', () => {
    const clock = createBarClock({ timeframe: '1Hour', calendar: 'continuous', timeZone: 'UTC', sessionOpen: '00:00', sessionClose: '24:00', overnightFraction: 0 });
    const step = (from: number, to: number): [number, number] => {
      clock.from = from;
      clock.to = to;
      clock.advance();
      return [clock.dt * 252 * 24, clock.bars];
    };
    expect(step(Date.UTC(2024, 0, 6, 23), Date.UTC(2024, 0, 7, 0))).toEqual([1, 1]); // Saturday → Sunday
    expect(step(Date.UTC(2024, 0, 6, 23), Date.UTC(2024, 0, 7, 3))).toEqual([4, 4]);
  });

  it('refuses an unknown bar size, time zone or an inverted session with a clear message', () => {
    expect(() => createBarClock({ timeframe: '1Fortnight' })).toThrow(/bar size/);
    expect(() => createBarClock({ timeframe: '1Min', timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
    expect(() => createBarClock({ timeframe: '1Min', sessionOpen: '16:00', sessionClose: '09:30' })).toThrow(/session/);
  });
});
