import { describe, expect, it } from 'vitest';
import { daysFromCivil } from '../../../src/shared/market/civil-days';
import { isUsMarketHoliday, isUsTradingDay, usTradingDaysBetween } from '../../../src/shared/market/us-market-calendar';

const day = (iso: string): number => daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

describe('US market calendar', () => {
  it('has exactly the NYSE holidays of 2020, 2021 and 2022', () => {
    const holidays = (year: number): string[] => {
      const out: string[] = [];
      for (let d = day(`${year}-01-01`); d <= day(`${year}-12-31`); d++) {
        if (isUsMarketHoliday(d)) out.push(new Date(d * 86_400_000).toISOString().slice(0, 10));
      }
      return out;
    };
    expect(holidays(2020)).toEqual(['2020-01-01', '2020-01-20', '2020-02-17', '2020-04-10', '2020-05-25', '2020-07-03', '2020-09-07', '2020-11-26', '2020-12-25']);
    // 2021: Independence Day on a Sunday is observed Monday; Christmas on a Saturday on Friday 24th.
    expect(holidays(2021)).toEqual(['2021-01-01', '2021-01-18', '2021-02-15', '2021-04-02', '2021-05-31', '2021-07-05', '2021-09-06', '2021-11-25', '2021-12-24']);
    // 2022: New Year's Day on a Saturday closes no Friday; Juneteenth (Sunday) observed Monday 20th.
    expect(holidays(2022)).toEqual(['2022-01-17', '2022-02-21', '2022-04-15', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-11-24', '2022-12-26']);
  });

  it('knows the one-off closures and that 1997 had no MLK holiday', () => {
    for (const closed of ['2001-09-11', '2001-09-14', '2004-06-11', '2007-01-02', '2012-10-29', '2012-10-30', '2018-12-05']) {
      expect(isUsTradingDay(day(closed)), closed).toBe(false);
    }
    expect(isUsTradingDay(day('1997-01-20'))).toBe(true);
    expect(isUsTradingDay(day('1998-01-19'))).toBe(false);
    expect(isUsTradingDay(day('2021-12-31'))).toBe(true);
  });

  it('counts the trading days strictly between two dates', () => {
    expect(usTradingDaysBetween(day('2020-01-17'), day('2020-01-21'))).toBe(0); // weekend + MLK day
    expect(usTradingDaysBetween(day('2020-01-14'), day('2020-01-16'))).toBe(1);
    expect(usTradingDaysBetween(day('2001-09-10'), day('2001-09-17'))).toBe(0);
    expect(usTradingDaysBetween(day('2020-01-02'), day('2020-01-03'))).toBe(0);
  });
});
