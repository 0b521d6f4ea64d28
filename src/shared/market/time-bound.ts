import { InputError } from '../errors';
import type { TimeKind } from '../domain/time-format';
import { MS_PER_DAY } from './civil-days';
import { detectTimeFormat, TimeReader } from './csv/dates';
import { zoneClock } from './zone-clock';

/**
 * One end of a time range typed by a user (`--from 2020-01-02`, `--to 2020-01-02T15:30`), as an
 * inclusive epoch-ms bound for a dataset of the given kind and zone. For intraday data a date means
 * the whole day: from its first instant, or through its last. Times without an offset are read in
 * the dataset's zone.
 */
export function parseTimeBound(text: string, edge: 'from' | 'to', kind: TimeKind, timeZone: string): number {
  const format = detectTimeFormat(text);
  const clock = zoneClock(timeZone);
  const reader = format ? new TimeReader(format, clock) : null;
  const value = reader ? reader.read(text, 0, text.length) : Number.NaN;
  if (!reader || Number.isNaN(value)) {
    throw new InputError(`--${edge} "${text}" is not a date or time. Write it like 2020-01-02 or 2020-01-02T09:30.`);
  }
  if (reader.sawTime) {
    // A daily bar stands for its whole date: a time narrows nothing finer than the day.
    return kind === 'datetime' ? value : Math.floor(clock.toLocal(value) / MS_PER_DAY) * MS_PER_DAY;
  }
  if (kind === 'date') return value;
  return edge === 'from' ? clock.toUtc(value) : clock.toUtc(value + MS_PER_DAY) - 1;
}
