/**
 * The trading REST API (`/v2/account`, `/v2/account/activities`, `/v2/clock`, `/v2/calendar`,
 * `/v2/assets`, `/v2/orders…`, `/v2/positions…`) with Alpaca's status codes, error envelopes and
 * string-typed numbers.
 */
import type { Account } from './account';
import type { Market } from './market';
import { activityToWire, isOpen, orderToWire, type EmulatorOrder, type OrderBook } from './orders';
import { easternIso, isUsEasternDst, type ApiErrorBody } from './wire';

export interface RouteRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
}

export interface TradingState {
  readonly market: Market;
  readonly account: Account;
  readonly book: OrderBook;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notFound = (message: string): RouteResult => ({ status: 404, body: { code: 40410000, message } satisfies ApiErrorBody });
const unprocessable = (message: string, code = 40010001): RouteResult => ({ status: 422, body: { code, message } satisfies ApiErrorBody });

export function routeTrading(state: TradingState, request: RouteRequest): RouteResult | null {
  const { method, path, query } = request;
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0] !== 'v2') return null;
  const [, resource, id] = segments;

  if (resource === 'account' && segments.length === 2 && method === 'GET') {
    return { status: 200, body: state.account.toWire(state.book.heldByOpenBuys()) };
  }
  if (resource === 'account' && id === 'activities' && method === 'GET') return activities(state.book, query, segments[3]);
  if (resource === 'clock' && method === 'GET') return { status: 200, body: clock(state.market) };
  if (resource === 'calendar' && method === 'GET') {
    const now = new Date(state.market.now()).toISOString().slice(0, 10);
    const start = (query.get('start') ?? now).slice(0, 10);
    const end = (query.get('end') ?? start).slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end)) return { status: 400, body: { code: 40010000, message: 'invalid start or end' } };
    return { status: 200, body: state.market.calendar(start, end) };
  }
  if (resource === 'assets' && method === 'GET') {
    if (id === undefined) return { status: 200, body: [...state.market.assets.values()].map(assetToWire) };
    const asset = state.market.assets.get(id.toUpperCase()) ?? [...state.market.assets.values()].find((a) => a.id === id);
    return asset ? { status: 200, body: assetToWire(asset) } : notFound(`asset not found for ${id}`);
  }
  if (resource === 'orders:by_client_order_id' && method === 'GET') {
    const order = state.book.getByClientOrderId(query.get('client_order_id') ?? '');
    return order ? { status: 200, body: orderToWire(order) } : notFound('order not found');
  }
  if (resource === 'orders') return routeOrders(state, request, id);
  if (resource === 'positions') return routePositions(state, request, id);
  return null;
}

function routeOrders(state: TradingState, request: RouteRequest, id: string | undefined): RouteResult | null {
  const { method, query } = request;
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (id === undefined) {
    if (method === 'POST') {
      const outcome = state.book.submit(body);
      return outcome.ok ? { status: 200, body: orderToWire(outcome.value) } : { status: outcome.status, body: outcome.error };
    }
    if (method === 'GET') return listOrders(state, query);
    if (method === 'DELETE') {
      // Parents first: their waiting legs go with them.
      const open = state.book.list().filter(isOpen).sort((a, b) => Number(a.parent_id !== null) - Number(b.parent_id !== null));
      const results = open.filter(isOpen).flatMap((order) => {
        if (!isOpen(order)) return [];
        const outcome = state.book.cancel(order.id);
        return [outcome.ok ? { id: order.id, status: 200, body: orderToWire(order) } : { id: order.id, status: 500, body: outcome.error }];
      });
      return { status: 207, body: results };
    }
    return null;
  }
  if (!UUID.test(id)) return unprocessable('order_id is missing');
  if (method === 'GET') {
    const order = state.book.get(id);
    return order ? { status: 200, body: orderToWire(order) } : notFound('order not found');
  }
  if (method === 'PATCH') {
    const outcome = state.book.replace(id, body);
    return outcome.ok ? { status: 200, body: orderToWire(outcome.value) } : { status: outcome.status, body: outcome.error };
  }
  if (method === 'DELETE') {
    const outcome = state.book.cancel(id);
    return outcome.ok ? { status: 204 } : { status: outcome.status, body: outcome.error };
  }
  return null;
}

/**
 * Account activities: FILL only (the executions; other types are none here). Alpaca's paging: in
 * `direction` order (default desc) by transaction time, `page_size` up to 100 (default 100),
 * `page_token` the id of the last activity of the previous page; `after` and `until` are times.
 */
function activities(book: OrderBook, query: URLSearchParams, typeInPath: string | undefined): RouteResult {
  const types = (typeInPath ?? query.get('activity_types') ?? 'FILL').split(',').map((t) => t.trim().toUpperCase()).filter(Boolean);
  const known = /^[A-Z]{2,6}$/;
  if (types.some((t) => !known.test(t))) return unprocessable(`invalid activity type ${types.join(',')}`);
  const direction = query.get('direction') ?? 'desc';
  if (direction !== 'asc' && direction !== 'desc') return unprocessable(`invalid direction ${direction}`);
  const pageSize = Number(query.get('page_size') ?? 100);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return unprocessable('page_size must be between 1 and 100');
  const after = query.has('after') ? Date.parse(query.get('after')!) : Number.NEGATIVE_INFINITY;
  const until = query.has('until') ? Date.parse(query.get('until')!) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(after) || Number.isNaN(until)) return unprocessable('invalid after or until');
  if (!types.includes('FILL')) return { status: 200, body: [] };
  const visible = book.activities.slice(0, Math.max(0, book.activities.length - book.activitiesLag));
  let listed = visible.filter((a) => a.transactionTime > after && a.transactionTime < until);
  if (direction === 'desc') listed = listed.reverse();
  const token = query.get('page_token');
  if (token !== null) {
    const at = listed.findIndex((a) => a.id === token);
    if (at < 0) return unprocessable('invalid page_token');
    listed = listed.slice(at + 1);
  }
  return { status: 200, body: listed.slice(0, pageSize).map(activityToWire) };
}

function listOrders(state: TradingState, query: URLSearchParams): RouteResult {
  const status = query.get('status') ?? 'open';
  if (!['open', 'closed', 'all'].includes(status)) return unprocessable(`invalid status ${status}`);
  const limit = Number(query.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) return unprocessable('limit must be between 1 and 500');
  const direction = query.get('direction') ?? 'desc';
  const after = query.has('after') ? Date.parse(query.get('after')!) : Number.NEGATIVE_INFINITY;
  const until = query.has('until') ? Date.parse(query.get('until')!) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(after) || Number.isNaN(until)) return unprocessable('invalid after or until');
  const symbols = query.get('symbols')?.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const side = query.get('side');
  const nested = query.get('nested') === 'true';
  const selected = state.book
    .list()
    // nested=true lists a group's legs inside their parent, not on their own, and a parent with a working leg as open.
    .filter((order) => {
      const working = isOpen(order) || (nested && order.legOrders.some(isOpen));
      return status === 'all' ? true : status === 'open' ? working : !working;
    })
    .filter((order) => order.parent_id === null || !nested)
    .filter((order) => order.submitted_at > after && order.submitted_at < until)
    .filter((order) => !symbols || symbols.includes(order.symbol))
    .filter((order) => !side || order.side === side)
    .sort((a, b) => (direction === 'asc' ? a.submitted_at - b.submitted_at : b.submitted_at - a.submitted_at) || compareIds(a, b, direction))
    .slice(0, limit);
  return { status: 200, body: selected.map(orderToWire) };
}

function compareIds(a: EmulatorOrder, b: EmulatorOrder, direction: string): number {
  return direction === 'asc' ? a.id.localeCompare(b.id) : b.id.localeCompare(a.id);
}

function routePositions(state: TradingState, request: RouteRequest, symbol: string | undefined): RouteResult | null {
  const { method, query } = request;
  const { account, market, book } = state;
  const assetId = (s: string): string => market.assets.get(s)?.id ?? '';
  if (symbol === undefined) {
    if (method === 'GET') return { status: 200, body: [...account.positions.keys()].sort().map((s) => account.positionToWire(s, assetId(s))) };
    if (method === 'DELETE') {
      if (query.get('cancel_orders') === 'true') for (const order of book.list().filter(isOpen)) book.cancel(order.id);
      const results = [...account.positions.keys()].sort().map((s) => {
        const outcome = closeOrder(state, s, account.positionQty(s));
        return outcome.status === 200
          ? { symbol: s, status: 200, order_id: (outcome.body as { id: string }).id, body: outcome.body }
          : { symbol: s, status: outcome.status, body: outcome.body };
      });
      return { status: 207, body: results };
    }
    return null;
  }
  const upper = symbol.toUpperCase();
  const held = account.positionQty(upper);
  if (method === 'GET') {
    const wire = account.positionToWire(upper, assetId(upper));
    return wire ? { status: 200, body: wire } : notFound('position does not exist');
  }
  if (method === 'DELETE') {
    if (held === 0) return notFound('position does not exist');
    const qtyText = query.get('qty');
    const percentText = query.get('percentage');
    if (qtyText !== null && percentText !== null) return unprocessable('only one of qty or percentage may be given');
    let qty = Math.abs(held);
    if (qtyText !== null) {
      qty = Number(qtyText);
      if (!(qty > 0) || qty > Math.abs(held)) return { status: 403, body: { code: 40310000, message: `insufficient qty available for order (requested: ${qtyText}, available: ${Math.abs(held)})` } };
    } else if (percentText !== null) {
      const percent = Number(percentText);
      if (!(percent > 0 && percent <= 100)) return unprocessable('percentage must be between 0 and 100');
      qty = Math.round(Math.abs(held) * percent * 1e7) / 1e9;
    }
    return closeOrder(state, upper, Math.sign(held) * qty);
  }
  return null;
}

function closeOrder(state: TradingState, symbol: string, signedQty: number): RouteResult {
  const outcome = state.book.submit({
    symbol,
    side: signedQty > 0 ? 'sell' : 'buy',
    type: 'market',
    time_in_force: 'day',
    qty: String(Math.abs(signedQty)),
  });
  return outcome.ok ? { status: 200, body: orderToWire(outcome.value) } : { status: outcome.status, body: outcome.error };
}

function assetToWire(asset: { id: string; symbol: string; name: string; exchange: string; tradable: boolean; shortable: boolean; fractionable: boolean }): Record<string, unknown> {
  return {
    id: asset.id,
    class: 'us_equity',
    exchange: asset.exchange,
    symbol: asset.symbol,
    name: asset.name,
    status: 'active',
    tradable: asset.tradable,
    marginable: true,
    maintenance_margin_requirement: 30,
    margin_requirement_long: '30',
    margin_requirement_short: '100',
    shortable: asset.shortable,
    easy_to_borrow: asset.shortable,
    fractionable: asset.fractionable,
    attributes: [],
  };
}

/** /v2/clock: ET offsets; the session is 09:30–16:00 ET on calendar days. */
function clock(market: Market): Record<string, unknown> {
  const now = market.now();
  const sessionAt = (dayMs: number, hour: number, minute: number): number => {
    const offset = isUsEasternDst(dayMs + 12 * 3_600_000) ? 4 : 5;
    return dayMs + (hour + offset) * 3_600_000 + minute * 60_000;
  };
  const today = Math.floor(now / 86_400_000) * 86_400_000;
  let nextOpen = Number.NaN;
  let nextClose = Number.NaN;
  for (let day = today; Number.isNaN(nextOpen) || Number.isNaN(nextClose); day += 86_400_000) {
    const date = new Date(day).toISOString().slice(0, 10);
    if (market.calendar(date, date).length === 0) continue;
    const open = sessionAt(day, 9, 30);
    const close = sessionAt(day, 16, 0);
    if (Number.isNaN(nextOpen) && open > now) nextOpen = open;
    if (Number.isNaN(nextClose) && close > now) nextClose = close;
  }
  return { timestamp: easternIso(now), is_open: market.marketOpen, next_open: easternIso(nextOpen), next_close: easternIso(nextClose) };
}
