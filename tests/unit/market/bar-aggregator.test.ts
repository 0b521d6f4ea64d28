import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/shared/domain/bar';
import { aggregationOf, BucketSeries, isBuildableLive, storedBarEnd, type AggregatedBar } from '../../../src/shared/market/bar-aggregator';
import { LiveBarAggregator } from '../../../src/shared/market/live-bar-aggregator';

const utc = (iso: string): number => Date.parse(`${iso}Z`);
const MIN = 60_000;

/** A minute bar starting at `iso` (UTC). */
function minute(iso: string, o: number, h: number, l: number, c: number, v: number): Bar {
  return { t: utc(iso), o, h, l, c, v };
}

/** Minutes from `iso` on, one per minute, closes given (o = previous close, h = c + 0.5, l = c − 0.5, v = 100 + i). */
function minutes(iso: string, closes: readonly number[]): Bar[] {
  const start = utc(iso);
  return closes.map((c, i) => ({ t: start + i * MIN, o: i === 0 ? c : closes[i - 1]!, h: c + 0.5, l: c - 0.5, c, v: 100 + i }));
}

function feed(series: BucketSeries, bars: readonly Bar[], origin: 'live' | 'backfill' = 'live'): { out: AggregatedBar[]; outcomes: string[] } {
  const out: AggregatedBar[] = [];
  const outcomes = bars.map((bar) => series.offer(bar, origin, out));
  return { out, outcomes };
}

describe('which bar sizes are built from minutes', () => {
  it('builds N minutes and N hours within a session, and 1Day; not 1Min itself, weeks, months or N days', () => {
    expect(aggregationOf('5Min')).toEqual({ kind: 'minutes', minutes: 5 });
    expect(aggregationOf('15Min')).toEqual({ kind: 'minutes', minutes: 15 });
    expect(aggregationOf('1Hour')).toEqual({ kind: 'minutes', minutes: 60 });
    expect(aggregationOf('6Hour')).toEqual({ kind: 'minutes', minutes: 360 });
    expect(aggregationOf('1Day')).toEqual({ kind: 'day' });
    for (const tf of ['1Min', '7Hour', '391Min', '2Day', '1Week', '1Month', 'daily']) expect(aggregationOf(tf), tf).toBeNull();
    expect(isBuildableLive('1Min')).toBe(true);
    expect(isBuildableLive('1Week')).toBe(false);
  });
});

describe('a 5-minute series (2024-03-11, EDT: the session is 13:30–20:00 UTC)', () => {
  it('OHLCV: open of the first minute, high the max, low the min, close of the last, volume the sum; emitted on its last minute', () => {
    const series = new BucketSeries({ timeframe: '5Min' });
    const { out, outcomes } = feed(series, [
      minute('2024-03-11T13:30:00', 100, 101, 99.5, 100.5, 1000),
      minute('2024-03-11T13:31:00', 100.5, 102.25, 100.25, 102, 1500),
      minute('2024-03-11T13:32:00', 102, 102.1, 98.75, 99, 700),
      minute('2024-03-11T13:33:00', 99, 100, 98.9, 99.8, 300),
    ]);
    expect(outcomes).toEqual(['folded', 'folded', 'folded', 'folded']);
    expect(out).toEqual([]);
    expect(series.pending).toEqual({ start: utc('2024-03-11T13:30:00'), end: utc('2024-03-11T13:35:00'), minutes: 4 });
    series.offer(minute('2024-03-11T13:34:00', 99.8, 100.2, 99.6, 100.1, 500), 'live', out);
    expect(out).toEqual([
      {
        timeframe: '5Min', t: utc('2024-03-11T13:30:00'), o: 100, h: 102.25, l: 98.75, c: 100.1, v: 4000,
        start: utc('2024-03-11T13:30:00'), end: utc('2024-03-11T13:35:00'), minutes: 5, origin: 'live', completedBy: 'last-minute',
      },
    ]);
    expect(series.pending).toBeNull();
  });

  it('a bucket whose last minutes had no trades is closed by the first minute of a later bucket', () => {
    const series = new BucketSeries({ timeframe: '5Min' });
    const { out } = feed(series, [...minutes('2024-03-11T13:30:00', [10, 11, 12]), minute('2024-03-11T13:41:00', 20, 21, 19, 20.5, 50)]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ t: utc('2024-03-11T13:30:00'), o: 10, h: 12.5, l: 9.5, c: 12, v: 303, minutes: 3, completedBy: 'next-minute', origin: 'live' });
    // The 13:35 bucket had no minute at all: no bar. The 13:40 one is open with the 13:41 minute.
    expect(series.pending).toEqual({ start: utc('2024-03-11T13:40:00'), end: utc('2024-03-11T13:45:00'), minutes: 1 });
  });

  it('the timer closes a quiet bucket at its end + grace, once; a minute of it arriving later is ignored as late', () => {
    const series = new BucketSeries({ timeframe: '5Min', graceMs: 20_000 });
    feed(series, minutes('2024-03-11T13:30:00', [10, 11, 12, 13]));
    const out: AggregatedBar[] = [];
    series.flushDue(utc('2024-03-11T13:35:19.999'), out);
    expect(out).toEqual([]);
    series.flushDue(utc('2024-03-11T13:35:20'), out);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ t: utc('2024-03-11T13:30:00'), c: 13, minutes: 4, origin: 'live', completedBy: 'timer' });
    series.flushDue(utc('2024-03-11T13:36:00'), out);
    expect(out).toHaveLength(1);
    expect(series.offer(minute('2024-03-11T13:34:00', 13, 14, 12, 13.5, 10), 'live', out)).toBe('late');
    expect(out).toHaveLength(1);
  });

  it('a timer close later than lateAfterMs after the end makes a backfill bar (not traded)', () => {
    const series = new BucketSeries({ timeframe: '5Min', graceMs: 20_000, lateAfterMs: 60_000 });
    feed(series, minutes('2024-03-11T13:30:00', [10, 11]));
    const out: AggregatedBar[] = [];
    series.flushDue(utc('2024-03-11T13:36:00.001'), out);
    expect(out[0]).toMatchObject({ origin: 'backfill', completedBy: 'timer' });
  });

  it('a bar completed by a backfilled minute is a backfill bar; one completed live after backfilled minutes is live', () => {
    const series = new BucketSeries({ timeframe: '5Min' });
    const out: AggregatedBar[] = [];
    for (const bar of minutes('2024-03-11T13:30:00', [1, 2, 3, 4, 5])) series.offer(bar, 'backfill', out);
    expect(out.map((b) => b.origin)).toEqual(['backfill']);
    const more = minutes('2024-03-11T13:35:00', [6, 7, 8, 9, 10]);
    for (const bar of more.slice(0, 3)) series.offer(bar, 'backfill', out);
    for (const bar of more.slice(3)) series.offer(bar, 'live', out);
    expect(out.map((b) => [b.t, b.origin])).toEqual([[utc('2024-03-11T13:30:00'), 'backfill'], [utc('2024-03-11T13:35:00'), 'live']]);
  });

  it('ignores duplicates and minutes outside the regular session', () => {
    const series = new BucketSeries({ timeframe: '5Min' });
    const out: AggregatedBar[] = [];
    expect(series.offer(minute('2024-03-11T13:29:00', 1, 1, 1, 1, 1), 'live', out)).toBe('outside-session');
    expect(series.offer(minute('2024-03-11T13:30:00', 1, 2, 1, 2, 10), 'live', out)).toBe('folded');
    expect(series.offer(minute('2024-03-11T13:30:00', 1, 9, 1, 9, 10), 'live', out)).toBe('duplicate');
    expect(series.offer(minute('2024-03-11T20:00:00', 1, 1, 1, 1, 1), 'live', out)).toBe('outside-session');
    expect(series.offer(minute('2024-03-09T15:00:00', 1, 1, 1, 1, 1), 'live', out)).toBe('outside-session');
    expect(series.pending).toMatchObject({ minutes: 1 });
  });

  it('builds no bucket that began before the minutes were covered, nor one already stored', () => {
    const series = new BucketSeries({ timeframe: '5Min', coveredFrom: utc('2024-03-11T13:32:00'), emittedThrough: utc('2024-03-11T13:30:00') });
    const { out, outcomes } = feed(series, minutes('2024-03-11T13:32:00', [1, 2, 3, 4, 5, 6, 7, 8]));
    expect(outcomes).toEqual(['partial', 'partial', 'partial', 'folded', 'folded', 'folded', 'folded', 'folded']);
    expect(series.lastPartialStart).toBe(utc('2024-03-11T13:30:00'));
    expect(out.map((b) => b.t)).toEqual([utc('2024-03-11T13:35:00')]);

    const resumed = new BucketSeries({ timeframe: '5Min', emittedThrough: utc('2024-03-11T13:35:00') });
    const again = feed(resumed, minutes('2024-03-11T13:30:00', [1, 2, 3, 4, 5, 6]), 'backfill');
    expect(again.outcomes).toEqual(['late', 'late', 'late', 'late', 'late', 'folded']);
    expect(again.out).toEqual([]);
  });

  it('a gap that a backfill could not fill drops the bucket it touches', () => {
    const series = new BucketSeries({ timeframe: '5Min' });
    feed(series, minutes('2024-03-11T13:30:00', [1, 2]));
    series.uncovered(utc('2024-03-11T13:32:00'), utc('2024-03-11T13:37:00'));
    expect(series.pending).toBeNull();
    const { out, outcomes } = feed(series, minutes('2024-03-11T13:37:00', [3, 4, 5, 6, 7, 8]));
    expect(outcomes).toEqual(['partial', 'partial', 'partial', 'folded', 'folded', 'folded']);
    expect(out).toEqual([]);
    expect(series.pending).toMatchObject({ start: utc('2024-03-11T13:40:00'), minutes: 3 });
  });
});

describe('session boundaries', () => {
  it('1Hour buckets start at the open; the last one is 15:30–16:00 ET and closes on the 15:59 minute', () => {
    const series = new BucketSeries({ timeframe: '1Hour' });
    const out: AggregatedBar[] = [];
    series.offer(minute('2024-03-11T13:30:00', 1, 1, 1, 1, 1), 'live', out);
    series.offer(minute('2024-03-11T14:29:00', 2, 2, 2, 2, 1), 'live', out);
    expect(out.map((b) => [b.start, b.end])).toEqual([[utc('2024-03-11T13:30:00'), utc('2024-03-11T14:30:00')]]);
    series.offer(minute('2024-03-11T19:30:00', 3, 3, 3, 3, 1), 'live', out);
    series.offer(minute('2024-03-11T19:59:00', 4, 4, 4, 4, 1), 'live', out);
    expect(out[1]).toMatchObject({ t: utc('2024-03-11T19:30:00'), end: utc('2024-03-11T20:00:00'), minutes: 2, completedBy: 'last-minute' });
    expect(series.offer(minute('2024-03-11T20:00:00', 5, 5, 5, 5, 1), 'live', out)).toBe('outside-session');
  });

  it('7Min buckets end with a 5-minute one at the close (390 = 55 × 7 + 5)', () => {
    const series = new BucketSeries({ timeframe: '7Min' });
    const out: AggregatedBar[] = [];
    series.offer(minute('2024-03-11T19:55:00', 1, 1, 1, 1, 1), 'live', out);
    series.offer(minute('2024-03-11T19:59:00', 2, 2, 2, 2, 1), 'live', out);
    expect(out).toEqual([expect.objectContaining({ start: utc('2024-03-11T19:55:00'), end: utc('2024-03-11T20:00:00'), minutes: 2 })]);
  });

  it('no bucket spans two sessions: the next morning closes the last bucket of the day before it opens its own', () => {
    const series = new BucketSeries({ timeframe: '1Hour' });
    const out: AggregatedBar[] = [];
    series.offer(minute('2024-03-08T20:40:00', 1, 1, 1, 1, 1), 'live', out);
    series.offer(minute('2024-03-11T13:30:00', 2, 2, 2, 2, 1), 'live', out);
    expect(out).toEqual([expect.objectContaining({ start: utc('2024-03-08T20:30:00'), end: utc('2024-03-08T21:00:00'), c: 1, minutes: 1, completedBy: 'next-minute' })]);
    expect(series.pending).toMatchObject({ start: utc('2024-03-11T13:30:00'), end: utc('2024-03-11T14:30:00') });
  });

  it('a half day (2024-11-29, EST): the last hour is 12:30–13:00 and the daily bar closes at 13:00', () => {
    const hour = new BucketSeries({ timeframe: '1Hour' });
    const daily = new BucketSeries({ timeframe: '1Day' });
    const out: AggregatedBar[] = [];
    const day = [minute('2024-11-29T14:30:00', 100, 101, 99, 100.5, 10), minute('2024-11-29T16:10:00', 100.5, 104, 100, 103, 20), minute('2024-11-29T17:59:00', 103, 103.5, 97, 98, 30)];
    for (const bar of day) {
      hour.offer(bar, 'live', out);
      daily.offer(bar, 'live', out);
    }
    expect(out.filter((b) => b.timeframe === '1Hour').at(-1)).toMatchObject({ t: utc('2024-11-29T17:30:00'), end: utc('2024-11-29T18:00:00') });
    expect(out.find((b) => b.timeframe === '1Day')).toEqual({
      timeframe: '1Day', t: utc('2024-11-29T00:00:00'), o: 100, h: 104, l: 97, c: 98, v: 60,
      start: utc('2024-11-29T14:30:00'), end: utc('2024-11-29T18:00:00'), minutes: 3, origin: 'live', completedBy: 'last-minute',
    });
    expect(daily.offer(minute('2024-11-29T18:00:00', 1, 1, 1, 1, 1), 'live', out)).toBe('outside-session');
  });

  it('1Day: stamped 00:00 UTC of its date, whatever the season; none on a holiday', () => {
    const daily = new BucketSeries({ timeframe: '1Day', graceMs: 20_000 });
    const out: AggregatedBar[] = [];
    daily.offer(minute('2024-07-03T13:30:00', 50, 51, 49, 50.5, 5), 'live', out);
    expect(daily.offer(minute('2024-07-04T14:00:00', 1, 1, 1, 1, 1), 'live', out)).toBe('outside-session');
    daily.flushDue(utc('2024-07-03T17:00:20'), out);
    expect(out).toEqual([expect.objectContaining({ t: utc('2024-07-03T00:00:00'), end: utc('2024-07-03T17:00:00'), completedBy: 'timer', origin: 'live' })]);
  });
});

describe('stored bars and the series that resumes after them', () => {
  it('knows where a stored bar ends', () => {
    expect(storedBarEnd('5Min', utc('2024-03-11T13:55:00'))).toBe(utc('2024-03-11T14:00:00'));
    expect(storedBarEnd('1Hour', utc('2024-03-11T19:30:00'))).toBe(utc('2024-03-11T20:00:00'));
    expect(storedBarEnd('1Day', utc('2024-11-29T00:00:00'))).toBe(utc('2024-11-29T18:00:00'));
    expect(Number.isNaN(storedBarEnd('1Hour', utc('2024-03-11T13:00:00')))).toBe(true);
  });
});

describe('many symbols and sizes', () => {
  it('emits each bar once, with its symbol, and tells of a late live minute and of a bucket left out', () => {
    const aggregator = new LiveBarAggregator({ graceMs: 20_000 });
    expect(aggregator.ensure('SPY', '5Min', { coveredFrom: utc('2024-03-11T13:31:00'), emittedThrough: Number.NEGATIVE_INFINITY })).toBe(true);
    expect(aggregator.ensure('SPY', '5Min', { coveredFrom: 0, emittedThrough: 0 })).toBe(false);
    aggregator.ensure('SPY', '15Min', { coveredFrom: utc('2024-03-11T13:30:00'), emittedThrough: Number.NEGATIVE_INFINITY });
    aggregator.ensure('QQQ', '5Min', { coveredFrom: utc('2024-03-11T13:30:00'), emittedThrough: Number.NEGATIVE_INFINITY });
    const emitted: string[] = [];
    const notices: string[] = [];
    for (const bar of minutes('2024-03-11T13:31:00', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])) {
      const result = aggregator.offer('SPY', bar, 'live');
      for (const b of result.bars) emitted.push(`${b.symbol} ${b.timeframe} ${new Date(b.t).toISOString().slice(11, 16)}`);
      for (const n of result.notices) notices.push(`${n.kind} ${n.symbol} ${n.timeframe} ${new Date(n.t).toISOString().slice(11, 16)}`);
    }
    expect(emitted).toEqual(['SPY 5Min 13:35', 'SPY 5Min 13:40', 'SPY 15Min 13:30']);
    expect(notices).toEqual(['partial SPY 5Min 13:30']);
    const late = aggregator.offer('SPY', minute('2024-03-11T13:36:00', 1, 1, 1, 1, 1), 'live');
    expect(late.notices).toEqual([{ symbol: 'SPY', timeframe: '5Min', kind: 'late', t: utc('2024-03-11T13:36:00') }, { symbol: 'SPY', timeframe: '15Min', kind: 'late', t: utc('2024-03-11T13:36:00') }]);
    expect(aggregator.offer('QQQ', minute('2024-03-11T13:30:00', 1, 1, 1, 1, 1), 'live').bars).toEqual([]);
    expect(aggregator.flushDue(utc('2024-03-11T13:35:30'), (symbol) => symbol !== 'QQQ')).toEqual([]);
    expect(aggregator.flushDue(utc('2024-03-11T13:35:30'), () => true).map((b) => [b.symbol, b.timeframe, b.t])).toEqual([['QQQ', '5Min', utc('2024-03-11T13:30:00')]]);
    expect(aggregator.stats).toMatchObject({ emitted: 4, late: 2, partial: 4 });
  });
});
