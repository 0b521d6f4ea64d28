import { InputError } from '../../errors';
import { formatTimeframe, type Timeframe } from '../../domain/timeframe';
import { MS_PER_DAY } from '../civil-days';
import type { ZoneClock } from '../zone-clock';

/** True when every instant falls on midnight of the zone's wall clock (daily bars written as date-times). */
export function allAtLocalMidnight(t: Float64Array, clock: ZoneClock): boolean {
  for (let i = 0; i < t.length; i++) {
    const local = clock.toLocal(t[i]!);
    if (local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY !== 0) return false;
  }
  return true;
}

function mostCommonStep(t: Float64Array, below: number): number {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (let i = 1; i < t.length; i++) {
    const step = t[i]! - t[i - 1]!;
    if (step <= 0 || step >= below) continue;
    const count = (counts.get(step) ?? 0) + 1;
    counts.set(step, count);
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The bar size of ascending times: days, weeks or months for calendar dates (by the most common
 * spacing), minutes or hours for instants (the most common step within a day).
 */
export function inferTimeframe(t: Float64Array, datesOnly: boolean, fileName: string): Timeframe {
  if (datesOnly) {
    const step = mostCommonStep(t, 400 * MS_PER_DAY) / MS_PER_DAY;
    if (step >= 28) return { amount: 1, unit: 'Month' };
    if (step === 7) return { amount: 1, unit: 'Week' };
    return { amount: 1, unit: 'Day' };
  }
  const step = mostCommonStep(t, MS_PER_DAY);
  if (step === 0) {
    throw new InputError('cannot tell the bar size: the file has no two bars on the same day. Give it explicitly (CLI: --timeframe 1Hour, 5Min, …).', { file: fileName });
  }
  if (step % 60_000 !== 0) {
    throw new InputError(`bars are ${step / 1000} seconds apart; the smallest bar Sextant stores is one minute. Resample the data to 1-minute bars first.`, { file: fileName });
  }
  const minutes = step / 60_000;
  const timeframe: Timeframe = minutes % 60 === 0 ? { amount: minutes / 60, unit: 'Hour' } : { amount: minutes, unit: 'Min' };
  if (timeframe.amount > 999) throw new InputError(`cannot use a bar size of ${formatTimeframe(timeframe)}; give --timeframe explicitly.`, { file: fileName });
  return timeframe;
}
