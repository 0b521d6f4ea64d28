/**
 * The market-data REST API: historical bars (single and multi-symbol) with Alpaca's pagination
 * (`limit` per page across all symbols, an opaque `next_page_token`, the other parameters kept),
 * `feed` and `adjustment` checked, and the latest bar / trade / quote built from the history and
 * the current prices.
 */
import type { EmulatorBar, Market } from './market';
import type { RouteRequest, RouteResult } from './trading-router';

const TIMEFRAME = /^([1-9][0-9]*)(Min|T|Hour|H|Day|D|Week|W|Month|M)$/;
const UNIT: Record<string, string> = { Min: 'Min', T: 'Min', Hour: 'Hour', H: 'Hour', Day: 'Day', D: 'Day', Week: 'Week', W: 'Week', Month: 'Month', M: 'Month' };
const FEEDS = new Set(['iex', 'sip', 'otc', 'boats', 'delayed_sip']);
const ADJUSTMENTS = new Set(['raw', 'split', 'dividend', 'spin-off', 'all']);

export interface DataOptions {
  /** Refuse `feed=sip` for the last 15 minutes, as on a free plan. */
  sipRestricted: boolean;
}

const bad = (message: string): RouteResult => ({ status: 400, body: { code: 40010001, message } });

export function barToWire(bar: EmulatorBar): Record<string, unknown> {
  return { t: new Date(bar.t).toISOString().replace('.000Z', 'Z'), o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v, n: bar.n, vw: bar.vw };
}

function encodeToken(symbol: string, t: number): string {
  return Buffer.from(JSON.stringify({ s: symbol, t })).toString('base64url');
}

function decodeToken(token: string): { s: string; t: number } | null {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { s?: unknown; t?: unknown };
    return typeof value.s === 'string' && typeof value.t === 'number' ? { s: value.s, t: value.t } : null;
  } catch {
    return null;
  }
}

function parseTime(text: string | null, fallback: number): number | null {
  if (text === null || text === '') return fallback;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

interface BarsParameters {
  timeframe: string;
  start: number;
  end: number;
  limit: number;
  ascending: boolean;
}

function barsParameters(market: Market, options: DataOptions, query: URLSearchParams): BarsParameters | RouteResult {
  const match = TIMEFRAME.exec(query.get('timeframe') ?? '');
  if (!match) return bad(`invalid timeframe ${JSON.stringify(query.get('timeframe'))}`);
  const feed = query.get('feed');
  if (feed !== null && !FEEDS.has(feed)) return bad(`invalid feed ${feed}`);
  const adjustment = query.get('adjustment');
  if (adjustment !== null && !ADJUSTMENTS.has(adjustment)) return bad(`invalid adjustment ${adjustment}`);
  const now = market.now();
  const start = parseTime(query.get('start'), Math.floor(now / 86_400_000) * 86_400_000);
  const end = parseTime(query.get('end'), now);
  if (start === null || end === null) return bad('invalid start or end');
  if (end < start) return bad('end should not be before start');
  const limit = Number(query.get('limit') ?? 1000);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return bad('invalid limit: must be between 1 and 10000');
  if (options.sipRestricted && feed === 'sip' && end > now - 15 * 60_000) {
    return { status: 403, body: { message: 'subscription does not permit querying recent SIP data' } };
  }
  const sort = query.get('sort') ?? 'asc';
  if (sort !== 'asc' && sort !== 'desc') return bad(`invalid sort ${sort}`);
  return { timeframe: `${match[1]}${UNIT[match[2]!]}`, start, end, limit, ascending: sort === 'asc' };
}

export function routeData(market: Market, options: DataOptions, request: RouteRequest): RouteResult | null {
  if (request.method !== 'GET') return null;
  const segments = request.path.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0] !== 'v2' || segments[1] !== 'stocks') return null;
  const query = request.query;

  // /v2/stocks/bars?symbols=A,B
  if (segments.length === 3 && segments[2] === 'bars') {
    const symbols = (query.get('symbols') ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    if (symbols.length === 0) return bad('symbols is required');
    const parameters = barsParameters(market, options, query);
    if (!('timeframe' in parameters)) return parameters;
    return multiBars(market, symbols.sort(), parameters, query.get('page_token'));
  }
  const symbol = segments[2]?.toUpperCase();
  if (!symbol) return null;
  if (segments.length === 4 && segments[3] === 'bars') {
    const parameters = barsParameters(market, options, query);
    if (!('timeframe' in parameters)) return parameters;
    return singleBars(market, symbol, parameters, query.get('page_token'));
  }
  if (segments.length === 5 && segments[4] === 'latest') {
    const price = market.prices.get(symbol);
    const bars = market.history(symbol, '1Min');
    const t = new Date(market.now()).toISOString();
    if (segments[3] === 'bars') {
      const last = bars[bars.length - 1];
      return last ? { status: 200, body: { symbol, bar: barToWire(last) } } : { status: 200, body: { symbol, bar: null } };
    }
    if (price === undefined) return { status: 404, body: { code: 40410000, message: `no data for ${symbol}` } };
    if (segments[3] === 'trades') return { status: 200, body: { symbol, trade: { t, x: 'V', p: price, s: 100, c: ['@'], i: 1, z: 'C' } } };
    if (segments[3] === 'quotes') {
      return { status: 200, body: { symbol, quote: { t, ax: 'V', ap: price + 0.01, as: 1, bx: 'V', bp: price - 0.01, bs: 1, c: ['R'], z: 'C' } } };
    }
  }
  return null;
}

function singleBars(market: Market, symbol: string, p: BarsParameters, pageToken: string | null): RouteResult {
  let from = p.ascending ? p.start : p.end;
  if (pageToken !== null) {
    const token = decodeToken(pageToken);
    if (!token || token.s !== symbol) return bad('invalid page_token');
    from = token.t;
  }
  const inRange = market.history(symbol, p.timeframe).filter((bar) => bar.t >= p.start && bar.t <= p.end);
  const ordered = p.ascending ? inRange.filter((bar) => bar.t >= from) : inRange.filter((bar) => bar.t <= from).reverse();
  const page = ordered.slice(0, p.limit);
  const next = ordered[p.limit];
  return { status: 200, body: { bars: page.map(barToWire), symbol, next_page_token: next ? encodeToken(symbol, next.t) : null } };
}

function multiBars(market: Market, symbols: string[], p: BarsParameters, pageToken: string | null): RouteResult {
  let startSymbol = symbols[0]!;
  let startTime = p.start;
  if (pageToken !== null) {
    const token = decodeToken(pageToken);
    if (!token || !symbols.includes(token.s)) return bad('invalid page_token');
    startSymbol = token.s;
    startTime = token.t;
  }
  const out: Record<string, unknown[]> = {};
  let taken = 0;
  for (const symbol of symbols) {
    if (symbol < startSymbol) continue;
    const bars = market.history(symbol, p.timeframe).filter((bar) => bar.t >= p.start && bar.t <= p.end && (symbol !== startSymbol || bar.t >= startTime));
    for (const bar of bars) {
      if (taken === p.limit) return { status: 200, body: { bars: out, next_page_token: encodeToken(symbol, bar.t) } };
      (out[symbol] ??= []).push(barToWire(bar));
      taken++;
    }
  }
  return { status: 200, body: { bars: out, next_page_token: null } };
}
