import { InputError } from '../../errors';
import { formatBarTime, type TimeKind } from '../../domain/time-format';
import { formatTimeframe, isDailyOrLonger, parseTimeframe, type Timeframe } from '../../domain/timeframe';
import { MS_PER_DAY } from '../civil-days';
import type { RowTable } from './rows';
import type { CsvSource } from './source';
import { firstDuplicateTime, sortRowsByTime, type FileOrder } from './time-order';
import { allAtLocalMidnight, inferTimeframe } from './timeframe-inference';
import type { ImportWarning } from './warnings';

/** What the rows' times turned out to be, once sorted and checked. */
export interface TimeAxis {
  readonly timeframe: Timeframe;
  readonly timeKind: TimeKind;
  /** Zone in which the dataset's times are shown (and naive times were read). */
  readonly timeZone: string;
  readonly order: FileOrder;
}

export function parseTimeframeOption(text: string): Timeframe {
  const timeframe = parseTimeframe(text);
  if (!timeframe) throw new InputError(`"${text}" is not a bar size. Use one of 1Min, 5Min, 15Min, 1Hour, 1Day, 1Week, 1Month.`);
  return timeframe;
}

/**
 * Sorts the rows ascending, settles the bar size (given or inferred) and the time kind, turns
 * daily bars written as date-times into calendar dates, and refuses duplicate times.
 */
export function settleTimeAxis(table: RowTable, source: CsvSource, timeframeText: string | undefined, warnings: ImportWarning[]): TimeAxis {
  const { fileName, times, clock, layout } = source;
  const order = sortRowsByTime(table);
  if (order === 'unordered') warnings.push({ kind: 'other', line: null, message: 'rows were not in time order; they were sorted' });
  const datesOnly = !times.sawTime;
  let timeframe: Timeframe;
  if (timeframeText !== undefined) {
    timeframe = parseTimeframeOption(timeframeText);
    if (datesOnly && !isDailyOrLonger(timeframe)) {
      throw new InputError(
        `the file has dates without times (one bar per day), but the bar size asked for is ${timeframeText}. Import it as 1Day (CLI: --timeframe 1Day).`,
        { file: fileName, line: table.lines[0], column: layout.names[layout.time] },
      );
    }
  } else if (datesOnly || allAtLocalMidnight(table.t, clock)) {
    timeframe = inferTimeframe(table.t, true, fileName);
  } else {
    timeframe = inferTimeframe(table.t, false, fileName);
  }
  const daily = isDailyOrLonger(timeframe);
  if (daily && !datesOnly) {
    const t = table.t;
    for (let i = 0; i < t.length; i++) t[i] = Math.floor(clock.toLocal(t[i]!) / MS_PER_DAY) * MS_PER_DAY;
  }
  const timeKind: TimeKind = daily ? 'date' : 'datetime';
  const timeZone = source.zoneExplicit || layout.zoneHint || !times.sawUtcDesignator || times.sawOffset ? clock.timeZone : 'UTC';

  const duplicate = firstDuplicateTime(table.t);
  if (duplicate >= 0) {
    const a = table.lines[duplicate - 1]!;
    const b = table.lines[duplicate]!;
    const shown = formatBarTime(table.t[duplicate]!, timeKind, timeZone);
    const naive = !datesOnly && !times.sawUtcDesignator && !times.sawOffset;
    const advice = daily && !datesOnly
      ? `the file has several bars per day; give the bar size (CLI: --timeframe 1Hour, 5Min, …) instead of ${formatTimeframe(timeframe)}.`
      : naive
        ? `each bar needs its own time; delete one of the two rows. If this is the hour repeated when daylight saving time ends in ${clock.timeZone}, export the times with their UTC offset instead.`
        : 'each bar needs its own time; delete one of the two rows.';
    throw new InputError(`${shown} appears twice (lines ${Math.min(a, b)} and ${Math.max(a, b)}): ${advice}`, {
      file: fileName,
      line: Math.max(a, b),
      column: layout.names[layout.time],
    });
  }
  return { timeframe, timeKind, timeZone, order };
}
