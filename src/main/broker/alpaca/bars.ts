/**
 * Historical bars from Alpaca's market-data REST API (`GET /v2/stocks/{symbol}/bars`) through the
 * SDK, every page followed (`next_page_token`, parameters unchanged as Alpaca requires), straight
 * into `BarColumns`: no Bar object per row is kept.
 *
 * Daily and longer bars are re-stamped at 00:00 UTC of their date (Alpaca stamps them at midnight
 * New York time, 04:00 or 05:00 UTC of the same date), Sextant's convention for `Bar.t`.
 */
import type { marketData } from '@alpacahq/alpaca-trade-api';
import { type BarColumns } from '../../../shared/domain/bar';
import { isDailyOrLonger, parseTimeframe } from '../../../shared/domain/timeframe';
import { InputError } from '../../../shared/errors';
import type { AlpacaDataFeed } from './config';
import { AlpacaProtocolError } from './errors';
import type { AlpacaRestClient } from './rest-client';

export type BarAdjustment = 'raw' | 'split' | 'dividend' | 'all';

export interface BarsQuery {
  readonly symbol: string;
  /** Alpaca's spelling: `1Min`, `5Min`, `1Hour`, `1Day`… */
  readonly timeframe: string;
  /** Epoch ms, inclusive. */
  readonly start: number;
  /** Epoch ms, inclusive; default: now (Alpaca's default). */
  readonly end?: number;
  readonly feed?: Exclude<AlpacaDataFeed, 'test'>;
  readonly adjustment?: BarAdjustment;
  /** Bars per page, 1..10000 (Alpaca's default 1000). */
  readonly pageSize?: number;
  /** Stop after this many bars. */
  readonly maxBars?: number;
}

export interface BarsResult {
  readonly symbol: string;
  readonly bars: BarColumns;
  readonly pages: number;
}

const DAY_MS = 86_400_000;

/** Growable columns; `finish()` returns exact-length copies. */
export class BarColumnsBuilder {
  private capacity: number;
  private t: Float64Array;
  private o: Float64Array;
  private h: Float64Array;
  private l: Float64Array;
  private c: Float64Array;
  private v: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.t = new Float64Array(this.capacity);
    this.o = new Float64Array(this.capacity);
    this.h = new Float64Array(this.capacity);
    this.l = new Float64Array(this.capacity);
    this.c = new Float64Array(this.capacity);
    this.v = new Float64Array(this.capacity);
  }

  get lastTime(): number {
    return this.length > 0 ? this.t[this.length - 1]! : Number.NEGATIVE_INFINITY;
  }

  push(t: number, o: number, h: number, l: number, c: number, v: number): void {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    this.t[i] = t;
    this.o[i] = o;
    this.h[i] = h;
    this.l[i] = l;
    this.c[i] = c;
    this.v[i] = v;
  }

  finish(): BarColumns {
    const n = this.length;
    return { t: this.t.slice(0, n), o: this.o.slice(0, n), h: this.h.slice(0, n), l: this.l.slice(0, n), c: this.c.slice(0, n), v: this.v.slice(0, n) };
  }

  private grow(): void {
    this.capacity *= 2;
    const grow = (from: Float64Array): Float64Array => {
      const to = new Float64Array(this.capacity);
      to.set(from);
      return to;
    };
    this.t = grow(this.t);
    this.o = grow(this.o);
    this.h = grow(this.h);
    this.l = grow(this.l);
    this.c = grow(this.c);
    this.v = grow(this.v);
  }
}

interface PageReading {
  readonly nextPageToken: string | null;
  readonly count: number;
}

/**
 * Append one page's bars to `into`, checking each row. Rows must ascend; a row at the time of the
 * previous one (a page boundary echo) is skipped.
 */
export function appendBarsPage(json: unknown, into: BarColumnsBuilder, daily: boolean, maxBars: number): PageReading {
  if (typeof json !== 'object' || json === null) throw new AlpacaProtocolError('Alpaca sent a bars page that is not an object');
  const page = json as { bars?: unknown; next_page_token?: unknown };
  const token = page.next_page_token;
  if (token !== undefined && token !== null && typeof token !== 'string') throw new AlpacaProtocolError('Alpaca sent a non-text next_page_token');
  const bars = page.bars ?? [];
  if (!Array.isArray(bars)) throw new AlpacaProtocolError('Alpaca sent bars that are not a list');
  let count = 0;
  for (let i = 0; i < bars.length && into.length < maxBars; i++) {
    const bar = bars[i] as Record<string, unknown> | null;
    const raw = bar && typeof bar.t === 'string' ? Date.parse(bar.t) : Number.NaN;
    const o = bar?.o, h = bar?.h, l = bar?.l, c = bar?.c, v = bar?.v;
    if (!(raw === raw) || typeof o !== 'number' || typeof h !== 'number' || typeof l !== 'number' || typeof c !== 'number' || typeof v !== 'number') {
      throw new AlpacaProtocolError(`Alpaca sent a malformed bar at index ${i}: ${JSON.stringify(bar).slice(0, 200)}`);
    }
    const t = daily ? Math.floor(raw / DAY_MS) * DAY_MS : raw;
    const last = into.lastTime;
    if (t === last) continue;
    if (t < last) throw new AlpacaProtocolError(`Alpaca sent bars out of order: ${new Date(t).toISOString()} after ${new Date(last).toISOString()}`);
    into.push(t, o, h, l, c, v);
    count++;
  }
  return { nextPageToken: typeof token === 'string' && token !== '' ? token : null, count };
}

export function checkBarsQuery(query: BarsQuery): void {
  const timeframe = parseTimeframe(query.timeframe);
  if (!timeframe) throw new InputError(`timeframe "${query.timeframe}" is not one of Alpaca's (1Min, 5Min, 15Min, 1Hour, 1Day, 1Week, 1Month)`);
  if (!Number.isFinite(query.start)) throw new InputError('start must be an epoch-ms time');
  if (query.end !== undefined && !(query.end >= query.start)) throw new InputError('end must not be before start');
  const pageSize = query.pageSize ?? 10_000;
  if (!(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 10_000)) throw new InputError(`pageSize must be 1..10000, got ${pageSize}`);
}

export async function fetchBars(rest: AlpacaRestClient, query: BarsQuery): Promise<BarsResult> {
  checkBarsQuery(query);
  const daily = isDailyOrLonger(parseTimeframe(query.timeframe)!);
  const maxBars = query.maxBars ?? Number.POSITIVE_INFINITY;
  const builder = new BarColumnsBuilder(Math.min(query.pageSize ?? 10_000, 16_384));
  const symbol = query.symbol.trim().toUpperCase();
  let pageToken: string | undefined;
  const tokensSeen = new Set<string>();
  let pages = 0;
  for (;;) {
    const request: marketData.StockBarSingleRequest = {
      symbol,
      timeframe: query.timeframe,
      start: new Date(query.start),
      end: query.end !== undefined ? new Date(query.end) : undefined,
      limit: query.pageSize ?? 10_000,
      feed: query.feed as marketData.StockHistoricalFeed | undefined,
      adjustment: query.adjustment,
      sort: 'asc' as marketData.Sort,
      pageToken,
    };
    const reading = await rest.read('get bars', () => rest.sdk.marketData.stocks.stockBarSingleRaw(request), (json) =>
      appendBarsPage(json, builder, daily, maxBars),
    );
    pages++;
    if (!reading.nextPageToken || builder.length >= maxBars) break;
    if (tokensSeen.has(reading.nextPageToken)) throw new AlpacaProtocolError(`Alpaca repeated the page token ${reading.nextPageToken}`);
    tokensSeen.add(reading.nextPageToken);
    pageToken = reading.nextPageToken;
  }
  return { symbol, bars: builder.finish(), pages };
}
