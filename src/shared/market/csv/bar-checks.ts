import type { BarColumns } from '../../domain/bar';
import { formatBarTime, type TimeKind } from '../../domain/time-format';
import { timeframeMs, type Timeframe } from '../../domain/timeframe';
import { MS_PER_DAY } from '../civil-days';
import { usTradingDaysBetween, weekdaysBetween } from '../us-market-calendar';
import { zoneClock } from '../zone-clock';
import { WarningGroup, WarningTally, type ImportWarning } from './warnings';

/**
 * Findings on clean, ascending bars that do not stop an import but that a trader must know:
 * holes in the data, bars without volume, jumps that look like unadjusted splits, bad prints.
 */
export type MarketCalendar = 'us' | 'weekdays';

export interface BarCheckContext {
  readonly timeframe: Timeframe;
  readonly timeKind: TimeKind;
  /** Zone for showing times in messages. */
  readonly timeZone: string;
  readonly calendar: MarketCalendar;
  /** False for close-only data (no volume column): zero volume says nothing there. */
  readonly hasVolume: boolean;
  /** False for close-only data: there is no range to check. */
  readonly hasRange: boolean;
}

/** A move larger than this, close to close, is reported. */
export const JUMP_THRESHOLD = 0.4;
/** A high this many times the bar's body (or a low this many times below it) looks like a bad print. */
const PRINT_OUTLIER_FACTOR = 3;
/** Within this fraction of a whole ratio, a jump "looks like" a split of that ratio (split days move too). */
const SPLIT_TOLERANCE = 0.1;
/** Larger ratios are not reported as splits. */
const MAX_SPLIT_RATIO = 50;
/** The regular US session in New York wall-clock minutes. */
const US_SESSION_OPEN = 9 * 60 + 30;
const US_SESSION_CLOSE = 16 * 60;
/** Calendar days between daily bars beyond which a market without a calendar here counts as a gap. */
const WEEKDAYS_GAP_DAYS = 4;

/** The calendar for a dataset's zone: US exchanges for American zones and UTC (Alpaca), weekdays elsewhere. */
export function calendarForZone(timeZone: string): MarketCalendar {
  return timeZone === 'UTC' || timeZone === 'Etc/UTC' || timeZone.startsWith('America/') || timeZone.startsWith('US/') ? 'us' : 'weekdays';
}

export function checkBars(bars: BarColumns, lines: Int32Array, context: BarCheckContext): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  const show = (i: number): string => formatBarTime(bars.t[i]!, context.timeKind, context.timeZone);
  checkGaps(bars, lines, context, show, warnings);
  if (context.hasVolume) checkZeroVolume(bars, lines, warnings);
  checkJumps(bars, lines, show, warnings);
  if (context.hasRange) checkPrints(bars, lines, show, warnings);
  return warnings;
}

function missingDays(fromDay: number, toDay: number, calendar: MarketCalendar): number {
  if (calendar === 'us') return usTradingDaysBetween(fromDay, toDay);
  return toDay - fromDay > WEEKDAYS_GAP_DAYS ? weekdaysBetween(fromDay, toDay) : 0;
}

function describeMissingDays(count: number, calendar: MarketCalendar): string {
  const unit = calendar === 'us' ? 'US trading day' : 'weekday';
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function checkGaps(bars: BarColumns, lines: Int32Array, context: BarCheckContext, show: (i: number) => string, warnings: ImportWarning[]): void {
  const { timeframe, calendar } = context;
  const group = new WarningGroup('gap', 'gaps');
  const t = bars.t;
  if (timeframe.unit === 'Day' && timeframe.amount === 1) {
    for (let i = 1; i < t.length; i++) {
      const missing = missingDays(t[i - 1]! / MS_PER_DAY, t[i]! / MS_PER_DAY, calendar);
      if (missing > 0) {
        group.add(lines[i]!, `no bars for ${describeMissingDays(missing, calendar)} between ${show(i - 1)} (line ${lines[i - 1]}) and ${show(i)} (line ${lines[i]})`);
      }
    }
  } else if (timeframe.unit === 'Min' || timeframe.unit === 'Hour') {
    const interval = timeframeMs(timeframe);
    const threshold = Math.max(2 * interval, 5 * 60_000 + 1);
    const session = zoneClock(calendar === 'us' ? 'America/New_York' : context.timeZone);
    const open = calendar === 'us' ? US_SESSION_OPEN * 60_000 : 0;
    const close = calendar === 'us' ? US_SESSION_CLOSE * 60_000 : MS_PER_DAY;
    const inSession = (timeOfDay: number): boolean => timeOfDay < close && timeOfDay + interval > open;
    let previousLocal = t.length > 0 ? session.toLocal(t[0]!) : 0;
    for (let i = 1; i < t.length; i++) {
      const local = session.toLocal(t[i]!);
      const previousDay = Math.floor(previousLocal / MS_PER_DAY);
      const day = Math.floor(local / MS_PER_DAY);
      if (day === previousDay) {
        const step = t[i]! - t[i - 1]!;
        if (step >= threshold && inSession(previousLocal - previousDay * MS_PER_DAY) && inSession(local - day * MS_PER_DAY)) {
          group.add(lines[i]!, `no bars for ${Math.round(step / 60_000)} minutes inside the session between ${show(i - 1)} (line ${lines[i - 1]}) and ${show(i)} (line ${lines[i]})`);
        }
      } else {
        const missing = missingDays(previousDay, day, calendar);
        if (missing > 0) group.add(lines[i]!, `no bars for ${describeMissingDays(missing, calendar)} between ${show(i - 1)} (line ${lines[i - 1]}) and ${show(i)} (line ${lines[i]})`);
      }
      previousLocal = local;
    }
  }
  group.drain(warnings);
}

function checkZeroVolume(bars: BarColumns, lines: Int32Array, warnings: ImportWarning[]): void {
  const tally = new WarningTally();
  for (let i = 0; i < bars.v.length; i++) if (bars.v[i] === 0) tally.add(lines[i]!);
  tally.drain(warnings, 'zero_volume', (count, where) => `${count} bar${count === 1 ? ' has' : 's have'} zero volume (${where}); volume-based indicators will read them as no trading`);
}

function nearWhole(ratio: number): number {
  const whole = Math.round(ratio);
  return whole >= 2 && whole <= MAX_SPLIT_RATIO && Math.abs(ratio / whole - 1) <= SPLIT_TOLERANCE ? whole : 0;
}

function checkJumps(bars: BarColumns, lines: Int32Array, show: (i: number) => string, warnings: ImportWarning[]): void {
  const group = new WarningGroup('jump', 'jumps');
  const c = bars.c;
  for (let i = 1; i < c.length; i++) {
    const change = c[i]! / c[i - 1]! - 1;
    if (Math.abs(change) <= JUMP_THRESHOLD) continue;
    const percent = `${change > 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
    const fall = c[i - 1]! / c[i]!;
    const split = change < 0 ? nearWhole(fall) : 0;
    const reverse = change > 0 ? nearWhole(c[i]! / c[i - 1]!) : 0;
    let verdict: string;
    if (split) verdict = `looks like a ${split}:1 split (prices are not split-adjusted)`;
    else if (reverse) verdict = `looks like a 1:${reverse} reverse split (prices are not split-adjusted)`;
    else verdict = 'not a whole split ratio: a real move or a bad print';
    group.add(lines[i]!, `close moved ${percent} from ${c[i - 1]} to ${c[i]} on ${show(i)} (line ${lines[i]}): ${verdict}`);
  }
  group.drain(warnings);
}

function checkPrints(bars: BarColumns, lines: Int32Array, show: (i: number) => string, warnings: ImportWarning[]): void {
  const group = new WarningGroup('other', 'bars with a suspicious high or low');
  const { o, h, l, c } = bars;
  for (let i = 0; i < o.length; i++) {
    const top = Math.max(o[i]!, c[i]!);
    const bottom = Math.min(o[i]!, c[i]!);
    if (h[i]! > top * PRINT_OUTLIER_FACTOR || l[i]! * PRINT_OUTLIER_FACTOR < bottom) {
      group.add(lines[i]!, `${show(i)} (line ${lines[i]}): high ${h[i]} / low ${l[i]} lie far outside open ${o[i]} and close ${c[i]}: a bad print?`);
    }
  }
  group.drain(warnings);
}
