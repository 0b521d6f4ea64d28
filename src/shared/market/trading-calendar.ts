import { isUsTradingDay, isWeekend } from './us-market-calendar';

/**
 * Which days a market trades, for measuring elapsed trading time between bars (day numbers since
 * 1970-01-01, as `civil-days` counts them):
 * - `us-equity`: NYSE sessions (weekdays without the exchange's holidays and closures);
 * - `weekdays`: Monday to Friday (markets whose holidays are not modelled);
 * - `continuous`: every day (crypto).
 * Allocation-free: the regime bank asks it on every bar.
 */
export const CALENDAR_NAMES = ['us-equity', 'weekdays', 'continuous'] as const;
export type CalendarName = (typeof CALENDAR_NAMES)[number];

export interface TradingCalendar {
  readonly name: CalendarName;
  isTradingDay(day: number): boolean;
  /** Trading days d with from < d ≤ to (0 when to ≤ from). */
  tradingDaysBetween(from: number, to: number): number;
}

function isWeekday(day: number): boolean {
  return !isWeekend(day);
}

function isAnyDay(): boolean {
  return true;
}

class DayRuleCalendar implements TradingCalendar {
  constructor(
    readonly name: CalendarName,
    readonly isTradingDay: (day: number) => boolean,
  ) {}

  tradingDaysBetween(from: number, to: number): number {
    let count = 0;
    for (let day = from + 1; day <= to; day++) if (this.isTradingDay(day)) count++;
    return count;
  }
}

export function tradingCalendar(name: CalendarName): TradingCalendar {
  switch (name) {
    case 'us-equity': return new DayRuleCalendar(name, isUsTradingDay);
    case 'weekdays': return new DayRuleCalendar(name, isWeekday);
    case 'continuous': return new DayRuleCalendar(name, isAnyDay);
  }
}
