/**
 * Fill the gap a dropped stream left: for each symbol, the bars after the last one seen, fetched
 * over REST and emitted oldest first. Alpaca's `start` is inclusive, so the bar already seen comes
 * back and is dropped here: a bar is emitted only when its time is after the last seen one.
 */
import type { BarColumns } from '../../../shared/domain/bar';
import type { BarsQuery, BarsResult } from './bars';

export type BarsFetcher = (query: BarsQuery) => Promise<BarsResult>;

export interface BackfillRequest {
  /** Symbol → epoch ms of the last bar seen (bar start time). */
  readonly lastSeen: ReadonlyMap<string, number>;
  readonly timeframe: string;
  /** Epoch ms: fetch up to here (default: Alpaca's "now"). */
  readonly until?: number;
  readonly feed?: BarsQuery['feed'];
}

export interface BackfillOutcome {
  readonly symbol: string;
  /** Bars emitted (after `lastSeen`). */
  readonly emitted: number;
  /** The fetch failed: the gap for this symbol stays open (retried after the next reconnect). */
  readonly error: Error | null;
}

/** Bars of `columns` strictly after `after`, as a view (no copy). */
export function barsAfter(columns: BarColumns, after: number): BarColumns {
  let from = 0;
  while (from < columns.t.length && columns.t[from]! <= after) from++;
  return {
    t: columns.t.subarray(from),
    o: columns.o.subarray(from),
    h: columns.h.subarray(from),
    l: columns.l.subarray(from),
    c: columns.c.subarray(from),
    v: columns.v.subarray(from),
  };
}

/**
 * Fetch and emit the missed bars for every symbol of `request.lastSeen`, one symbol at a time (the
 * data API's rate limit is shared). One symbol's failure doesn't stop the others.
 */
export async function backfillBars(
  fetchBars: BarsFetcher,
  request: BackfillRequest,
  emit: (symbol: string, bars: BarColumns) => void,
): Promise<BackfillOutcome[]> {
  const outcomes: BackfillOutcome[] = [];
  for (const [symbol, last] of request.lastSeen) {
    try {
      const result = await fetchBars({ symbol, timeframe: request.timeframe, start: last, end: request.until, feed: request.feed });
      const missed = barsAfter(result.bars, last);
      if (missed.t.length > 0) emit(symbol, missed);
      outcomes.push({ symbol, emitted: missed.t.length, error: null });
    } catch (error) {
      outcomes.push({ symbol, emitted: 0, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return outcomes;
}
