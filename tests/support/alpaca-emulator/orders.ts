/**
 * The emulator's order book and matching. Deterministic rules, driven by the prices the test sets:
 *   - market: fills at the symbol's current price (waits for a price when there is none);
 *   - limit: buy fills when price ≤ limit, sell when price ≥ limit, at the current price;
 *   - stop: triggers when a buy's price ≥ stop (a sell's ≤ stop), then fills as a market order;
 *   - stop_limit: triggers like a stop, then behaves as a limit;
 *   - trailing_stop: tracks the high (sell) / low (buy) water mark, triggers at hwm ∓ trail;
 *   - ioc / fok orders that can't fill at once are canceled.
 * Order classes, as Alpaca runs them: a bracket (or OTO) has legs of its own ids (Alpaca chooses their
 * client order ids), `held` until the entry fills completely, then live for its quantity (for the
 * part filled when the entry ends early; canceled with an entry that never filled); an OCO is a
 * take-profit limit order with a stop leg, both live; in every group, a leg's first execution
 * cancels the other live members, and canceling a group's parent cancels its waiting legs. Legs
 * are listed nested under their parent (`legs`), and a leg can be replaced (its prices).
 * Matching runs on `setImmediate` after a submit or a price change, so the REST answer is always
 * written before the stream reports fills, as with Alpaca. While the market is closed, orders are
 * `accepted` and wait.
 */
import type { Account } from './account';
import type { Market } from './market';
import { dec, decOrNull, easternIso, IdSource, iso, isoOrNull, type ApiErrorBody } from './wire';

export interface EmulatorOrder {
  id: string;
  client_order_id: string;
  symbol: string;
  asset_id: string;
  side: 'buy' | 'sell';
  type: string;
  time_in_force: string;
  order_class: string;
  qty: number | null;
  notional: number | null;
  filled_qty: number;
  filled_avg_price: number | null;
  limit_price: number | null;
  stop_price: number | null;
  trail_price: number | null;
  trail_percent: number | null;
  hwm: number | null;
  extended_hours: boolean;
  status: string;
  triggered: boolean;
  created_at: number;
  updated_at: number;
  submitted_at: number;
  filled_at: number | null;
  canceled_at: number | null;
  expired_at: number | null;
  failed_at: number | null;
  replaced_at: number | null;
  replaced_by: string | null;
  replaces: string | null;
  /** The parent of a bracket, OTO or OCO leg (not on the wire: Alpaca nests legs instead). */
  parent_id: string | null;
  /** The legs of a group's parent, in Alpaca's order (take-profit, then stop-loss). */
  legOrders: EmulatorOrder[];
}

export interface ExecutionDetails {
  price: number;
  qty: number;
  position_qty: number;
  execution_id: string;
}

export type OrderEventSink = (event: string, order: EmulatorOrder, execution?: ExecutionDetails) => void;

/**
 * One execution as Alpaca's account activities list it (`activity_type` FILL). Its `id` is the
 * transaction time in New York (`yyyyMMddHHmmssSSS`), `::`, and the execution id the trade_updates
 * stream sent with the fill.
 */
export interface FillActivity {
  readonly id: string;
  readonly executionId: string;
  readonly transactionTime: number;
  readonly type: 'fill' | 'partial_fill';
  readonly price: number;
  readonly qty: number;
  readonly side: 'buy' | 'sell';
  readonly symbol: string;
  readonly leavesQty: number;
  readonly cumQty: number;
  readonly orderId: string;
  readonly orderStatus: string;
}

export function activityToWire(activity: FillActivity): Record<string, unknown> {
  return {
    id: activity.id,
    activity_type: 'FILL',
    transaction_time: iso(activity.transactionTime),
    type: activity.type,
    price: dec(activity.price),
    qty: dec(activity.qty),
    side: activity.side,
    symbol: activity.symbol,
    leaves_qty: dec(activity.leavesQty),
    order_id: activity.orderId,
    cum_qty: dec(activity.cumQty),
    order_status: activity.orderStatus,
  };
}

export type Outcome<T> = { ok: true; status: number; value: T } | { ok: false; status: number; error: ApiErrorBody };

const OPEN_STATUSES = new Set(['new', 'accepted', 'partially_filled', 'pending_new', 'held', 'pending_cancel', 'pending_replace']);
const TERMINAL = new Set(['filled', 'canceled', 'expired', 'replaced', 'rejected', 'done_for_day']);
const ORDER_TYPES = new Set(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']);
const TIFS = new Set(['day', 'gtc', 'opg', 'cls', 'ioc', 'fok']);

function invalid(message: string, code = 40010001): Outcome<never> {
  return { ok: false, status: 422, error: { code, message } };
}

function parseDecimal(value: unknown): number | null | 'bad' {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : 'bad';
}

function subPenny(price: number): boolean {
  const places = price >= 1 ? 2 : 4;
  return Math.abs(Math.round(price * 10 ** places) - price * 10 ** places) > 1e-6;
}

export function isOpen(order: EmulatorOrder): boolean {
  return OPEN_STATUSES.has(order.status);
}

export function orderToWire(order: EmulatorOrder): Record<string, unknown> {
  return {
    id: order.id,
    client_order_id: order.client_order_id,
    created_at: iso(order.created_at),
    updated_at: iso(order.updated_at),
    submitted_at: iso(order.submitted_at),
    filled_at: isoOrNull(order.filled_at),
    expired_at: isoOrNull(order.expired_at),
    canceled_at: isoOrNull(order.canceled_at),
    failed_at: isoOrNull(order.failed_at),
    replaced_at: isoOrNull(order.replaced_at),
    replaced_by: order.replaced_by,
    replaces: order.replaces,
    asset_id: order.asset_id,
    symbol: order.symbol,
    asset_class: 'us_equity',
    notional: decOrNull(order.notional),
    qty: decOrNull(order.qty),
    filled_qty: dec(order.filled_qty),
    filled_avg_price: decOrNull(order.filled_avg_price),
    order_class: order.order_class,
    order_type: order.type,
    type: order.type,
    side: order.side,
    position_intent: order.side === 'buy' ? 'buy_to_open' : 'sell_to_close',
    time_in_force: order.time_in_force,
    limit_price: decOrNull(order.limit_price),
    stop_price: decOrNull(order.stop_price),
    status: order.status,
    extended_hours: order.extended_hours,
    legs: order.legOrders.length > 0 ? order.legOrders.map(orderToWire) : null,
    trail_percent: decOrNull(order.trail_percent),
    trail_price: decOrNull(order.trail_price),
    hwm: decOrNull(order.hwm),
    subtag: null,
    source: null,
    expires_at: null,
  };
}

export class OrderBook {
  readonly orders = new Map<string, EmulatorOrder>();
  private readonly byClientId = new Map<string, EmulatorOrder>();
  private readonly orderIds = new IdSource('0de00000');
  private readonly executionIds = new IdSource('e8ec0000');
  /** Fractions for the next automatic fill (e.g. [0.3, 0.7] → partial_fill then fill). */
  nextFillSplit: number[] | null = null;
  /** Every execution, oldest first, as the account activities endpoint lists them. */
  readonly activities: FillActivity[] = [];
  /** The activities endpoint leaves out the newest this many executions (Alpaca's activities lagging behind the order). */
  activitiesLag = 0;
  private matchScheduled = false;

  constructor(
    private readonly market: Market,
    private readonly account: Account,
    private readonly emit: OrderEventSink,
  ) {}

  list(): EmulatorOrder[] {
    return [...this.orders.values()];
  }

  get(id: string): EmulatorOrder | undefined {
    return this.orders.get(id);
  }

  getByClientOrderId(clientOrderId: string): EmulatorOrder | undefined {
    return this.byClientId.get(clientOrderId);
  }

  /** What open buy orders hold of buying power. */
  heldByOpenBuys(excluding?: string): number {
    let held = 0;
    for (const order of this.orders.values()) {
      if (order.side !== 'buy' || !isOpen(order) || order.status === 'held' || order.id === excluding) continue;
      const price = order.limit_price ?? this.market.prices.get(order.symbol) ?? 0;
      held += order.notional !== null ? order.notional - order.filled_qty * (order.filled_avg_price ?? 0) : ((order.qty ?? 0) - order.filled_qty) * price;
    }
    return held;
  }

  submit(body: Record<string, unknown>, replaces?: EmulatorOrder): Outcome<EmulatorOrder> {
    const symbol = typeof body.symbol === 'string' ? body.symbol.toUpperCase() : '';
    if (!symbol) return invalid('symbol is required');
    const asset = this.market.assets.get(symbol);
    if (!asset) return invalid(`asset "${symbol}" not found`);
    if (!asset.tradable) return invalid(`asset ${symbol} is not tradable`);
    const side = body.side;
    if (side !== 'buy' && side !== 'sell') return invalid('side must be buy or sell');
    const type = String(body.type ?? '');
    if (!ORDER_TYPES.has(type)) return invalid(`invalid order type: ${type}`);
    const tif = String(body.time_in_force ?? '');
    if (!TIFS.has(tif)) return invalid(`invalid time_in_force: ${tif}`);
    type NumberField = 'qty' | 'notional' | 'limit_price' | 'stop_price' | 'trail_price' | 'trail_percent';
    const numbers = {} as Record<NumberField, number | null>;
    for (const field of ['qty', 'notional', 'limit_price', 'stop_price', 'trail_price', 'trail_percent'] as const) {
      const value = parseDecimal(body[field]);
      if (value === 'bad') return invalid(`invalid ${field}`);
      if (value !== null && value <= 0) return invalid(`${field} must be > 0`);
      numbers[field] = value;
    }
    const { qty, notional, limit_price: limit, stop_price: stop, trail_price: trailPrice, trail_percent: trailPercent } = numbers;
    if ((qty === null) === (notional === null)) return invalid(qty === null ? 'qty or notional is required' : 'only one of qty or notional may be given');
    if (notional !== null && (type !== 'market' || tif !== 'day')) return invalid('notional orders must be market orders with day time in force', 42210000);
    if ((type === 'limit' || type === 'stop_limit') && limit === null) return invalid('limit_price is required');
    if ((type === 'stop' || type === 'stop_limit') && stop === null) return invalid('stop_price is required');
    if (type === 'trailing_stop' && (trailPrice === null) === (trailPercent === null)) return invalid('one of trail_price or trail_percent is required');
    if (limit !== null && subPenny(limit)) {
      return invalid(`invalid limit_price ${body.limit_price}. sub-penny increment does not fulfill minimum pricing criteria`, 42210000);
    }
    const clientOrderId = typeof body.client_order_id === 'string' && body.client_order_id !== '' ? body.client_order_id : crypto.randomUUID();
    if (clientOrderId.length > 128) return invalid('client_order_id must be at most 128 characters');
    if (this.byClientId.has(clientOrderId)) return invalid('client_order_id must be unique');
    const orderClass = typeof body.order_class === 'string' && body.order_class !== 'simple' ? body.order_class : '';
    const group = replaces ? null : groupOf(body, orderClass, { side, type, tif, qty, limit });
    if (group && 'error' in group) return group.error;

    const price = this.market.prices.get(symbol);
    if (side === 'buy') {
      const cost = notional ?? (qty ?? 0) * (limit ?? stop ?? price ?? 0);
      const available = this.account.buyingPower(this.heldByOpenBuys(replaces?.id));
      if (cost > available + 1e-9) {
        return { ok: false, status: 403, error: { buying_power: dec(available), code: 40310000, cost_basis: dec(cost), message: 'insufficient buying power' } };
      }
    } else if (!this.account.shortingEnabled) {
      const have = Math.max(0, this.account.positionQty(symbol)) + (replaces ? (replaces.qty ?? 0) - replaces.filled_qty : 0);
      if ((qty ?? 0) > have + 1e-9) {
        return { ok: false, status: 403, error: { code: 40310000, message: `insufficient qty available for order (requested: ${qty}, available: ${have})` } };
      }
    }

    const now = this.market.now();
    const order: EmulatorOrder = {
      id: this.orderIds.next(),
      client_order_id: clientOrderId,
      symbol,
      asset_id: asset.id,
      side,
      type,
      time_in_force: tif,
      order_class: replaces ? replaces.order_class : orderClass,
      qty,
      notional,
      filled_qty: 0,
      filled_avg_price: null,
      limit_price: limit,
      stop_price: type === 'trailing_stop' ? null : stop,
      trail_price: trailPrice,
      trail_percent: trailPercent,
      hwm: null,
      extended_hours: body.extended_hours === true,
      status: this.market.marketOpen ? 'new' : 'accepted',
      triggered: type !== 'stop' && type !== 'stop_limit' && type !== 'trailing_stop',
      created_at: now,
      updated_at: now,
      submitted_at: now,
      filled_at: null,
      canceled_at: null,
      expired_at: null,
      failed_at: null,
      replaced_at: null,
      replaced_by: null,
      replaces: replaces?.id ?? null,
      parent_id: replaces?.parent_id ?? null,
      legOrders: [],
    };
    if (replaces?.status === 'held') order.status = 'held';
    this.orders.set(order.id, order);
    this.byClientId.set(clientOrderId, order);
    if (group) for (const leg of group.legs) this.addLeg(order, leg);
    if (order.status === 'new') setImmediate(() => this.emit('new', order));
    for (const leg of order.legOrders) if (leg.status === 'new') setImmediate(() => this.emit('new', leg));
    this.scheduleMatch();
    return { ok: true, status: 200, value: order };
  }

  replace(id: string, body: Record<string, unknown>): Outcome<EmulatorOrder> {
    const old = this.orders.get(id);
    if (!old) return { ok: false, status: 404, error: { code: 40410000, message: 'order not found' } };
    if (!isOpen(old)) return invalid(`order is not replaceable: its status is ${old.status}`, 42210000);
    const next = this.submit(
      {
        symbol: old.symbol,
        side: old.side,
        type: old.type,
        time_in_force: body.time_in_force ?? old.time_in_force,
        qty: body.qty ?? (old.qty !== null ? dec(old.qty) : undefined),
        notional: old.notional !== null ? dec(old.notional) : undefined,
        limit_price: body.limit_price ?? decOrNull(old.limit_price),
        stop_price: body.stop_price ?? decOrNull(old.stop_price),
        trail_price: old.trail_price !== null ? (body.trail ?? dec(old.trail_price)) : undefined,
        trail_percent: old.trail_percent !== null ? (body.trail ?? dec(old.trail_percent)) : undefined,
        client_order_id: body.client_order_id,
        extended_hours: old.extended_hours,
      },
      old,
    );
    if (!next.ok) return next;
    const now = this.market.now();
    Object.assign(old, { status: 'replaced', replaced_at: now, replaced_by: next.value.id, updated_at: now });
    const parent = old.parent_id ? this.orders.get(old.parent_id) : undefined;
    if (parent) parent.legOrders = parent.legOrders.map((leg) => (leg === old ? next.value : leg));
    setImmediate(() => this.emit('replaced', old));
    return next;
  }

  cancel(id: string): Outcome<null> {
    const order = this.orders.get(id);
    if (!order) return { ok: false, status: 404, error: { code: 40410000, message: 'order not found' } };
    if (!isOpen(order)) return invalid(`order is not cancelable: its status is ${order.status}`, 42210000);
    this.cancelNow(order, true);
    // An OCO pair goes whole; an entry's waiting legs go live for what filled, or go with it.
    const parent = order.parent_id ? this.orders.get(order.parent_id) : undefined;
    if (order.order_class === 'oco') {
      for (const other of [...order.legOrders, ...(parent ? [parent] : [])]) if (isOpen(other)) this.cancelNow(other, true);
    } else {
      this.entryEnded(order, true);
    }
    return { ok: true, status: 204, value: null };
  }

  /** Control: Alpaca (or the venue) rejects an order it had accepted. */
  reject(id: string): void {
    const order = this.mustGet(id);
    const now = this.market.now();
    Object.assign(order, { status: 'rejected', failed_at: now, updated_at: now });
    this.emit('rejected', order);
  }

  /** Control: end-of-day expiry of open `day` orders. */
  expireDayOrders(): void {
    const now = this.market.now();
    for (const order of this.orders.values()) {
      if (!isOpen(order) || order.time_in_force !== 'day') continue;
      Object.assign(order, { status: 'expired', expired_at: now, updated_at: now });
      this.emit('expired', order);
      this.entryEnded(order, false);
    }
  }

  /** The legs Alpaca created for an order of a group. */
  private addLeg(parent: EmulatorOrder, leg: LegSpec): void {
    const now = this.market.now();
    const order: EmulatorOrder = {
      ...parent,
      id: this.orderIds.next(),
      client_order_id: crypto.randomUUID(),
      side: leg.side,
      type: leg.type,
      limit_price: leg.limit,
      stop_price: leg.stop,
      trail_price: null,
      trail_percent: null,
      notional: null,
      status: leg.active ? (this.market.marketOpen ? 'new' : 'accepted') : 'held',
      triggered: leg.type === 'limit',
      created_at: now,
      updated_at: now,
      submitted_at: now,
      parent_id: parent.id,
      legOrders: [],
    };
    this.orders.set(order.id, order);
    this.byClientId.set(order.client_order_id, order);
    parent.legOrders.push(order);
  }

  private cancelNow(order: EmulatorOrder, later: boolean): void {
    const now = this.market.now();
    Object.assign(order, { status: 'canceled', canceled_at: now, updated_at: now });
    if (later) setImmediate(() => this.emit('canceled', order));
    else this.emit('canceled', order);
  }

  /** An entry that will not fill further: its held legs go live for what filled, or go with it. */
  private entryEnded(entry: EmulatorOrder, later: boolean): void {
    for (const leg of entry.legOrders) {
      if (leg.status !== 'held') continue;
      if (entry.filled_qty > 0) this.activate(leg, entry.filled_qty, later);
      else this.cancelNow(leg, later);
    }
  }

  private activate(leg: EmulatorOrder, qty: number, later = false): void {
    Object.assign(leg, { qty, status: this.market.marketOpen ? 'new' : 'accepted', updated_at: this.market.now() });
    if (later) setImmediate(() => this.emit('new', leg));
    else this.emit('new', leg);
    this.scheduleMatch();
  }

  /** After an execution of a group member: the entry's legs go live, or one leg cancels the others. */
  private afterExecution(order: EmulatorOrder): void {
    if (order.legOrders.length > 0 && order.order_class !== 'oco') {
      if (order.status === 'filled') for (const leg of order.legOrders) if (leg.status === 'held') this.activate(leg, order.filled_qty);
      return;
    }
    const parent = order.parent_id ? this.orders.get(order.parent_id) : order.order_class === 'oco' ? order : undefined;
    if (!parent) return;
    const members = parent.order_class === 'oco' ? [parent, ...parent.legOrders] : parent.legOrders;
    for (const other of members) if (other !== order && isOpen(other) && other.status !== 'held') this.cancelNow(other, false);
  }

  /** Control: execute `qty` of an order at `price` now (a partial fill unless it completes it). */
  fill(id: string, qty: number, price: number): void {
    const order = this.mustGet(id);
    if (!isOpen(order)) throw new Error(`order ${id} is ${order.status}, not open`);
    this.execute(order, qty, price);
  }

  /** Run matching for every open order (after a price change or the market opening). */
  scheduleMatch(): void {
    if (this.matchScheduled) return;
    this.matchScheduled = true;
    setImmediate(() => {
      this.matchScheduled = false;
      this.match();
    });
  }

  openMarket(): void {
    const now = this.market.now();
    for (const order of this.orders.values()) {
      if (order.status !== 'accepted') continue;
      order.status = 'new';
      order.updated_at = now;
      this.emit('new', order);
    }
    this.scheduleMatch();
  }

  private match(): void {
    if (!this.market.marketOpen) return;
    for (const order of [...this.orders.values()]) {
      if (!isOpen(order) || order.status === 'accepted' || order.status === 'held') continue;
      const price = this.market.prices.get(order.symbol);
      if (price === undefined) continue;
      if (!order.triggered) this.maybeTrigger(order, price);
      const marketable = order.triggered && this.marketable(order, price);
      if (!marketable) {
        if (order.time_in_force === 'ioc' || order.time_in_force === 'fok') {
          const now = this.market.now();
          Object.assign(order, { status: 'canceled', canceled_at: now, updated_at: now });
          this.emit('canceled', order);
        }
        continue;
      }
      const remaining = order.qty !== null ? order.qty - order.filled_qty : round9((order.notional! - order.filled_qty * (order.filled_avg_price ?? 0)) / price);
      const split = this.nextFillSplit;
      this.nextFillSplit = null;
      if (split && split.length > 1) {
        let left = remaining;
        split.forEach((fraction, index) => {
          const qty = index === split.length - 1 ? left : round9(remaining * fraction);
          left = round9(left - qty);
          if (qty > 0) this.execute(order, qty, price);
        });
      } else {
        this.execute(order, remaining, price);
      }
    }
  }

  private maybeTrigger(order: EmulatorOrder, price: number): void {
    if (order.type === 'trailing_stop') {
      const mark = order.hwm === null ? price : order.side === 'sell' ? Math.max(order.hwm, price) : Math.min(order.hwm, price);
      order.hwm = mark;
      const trail = order.trail_price ?? (mark * order.trail_percent!) / 100;
      order.stop_price = order.side === 'sell' ? round9(mark - trail) : round9(mark + trail);
    }
    const stop = order.stop_price!;
    if (order.side === 'buy' ? price >= stop : price <= stop) order.triggered = true;
  }

  private marketable(order: EmulatorOrder, price: number): boolean {
    if (order.type === 'market' || order.type === 'stop' || order.type === 'trailing_stop') return true;
    const limit = order.limit_price!;
    return order.side === 'buy' ? price <= limit : price >= limit;
  }

  private execute(order: EmulatorOrder, qty: number, price: number): void {
    const now = this.market.now();
    const total = order.qty ?? round9(order.filled_qty + qty);
    const filledBefore = order.filled_qty;
    const filled = round9(Math.min(total, filledBefore + qty));
    const executed = round9(filled - filledBefore);
    if (executed <= 0) return;
    order.filled_avg_price = round9(((order.filled_avg_price ?? 0) * filledBefore + price * executed) / filled);
    order.filled_qty = filled;
    order.updated_at = now;
    const complete = order.qty === null || filled >= order.qty - 1e-9;
    if (complete) {
      order.status = 'filled';
      order.filled_at = now;
      if (order.qty === null) order.qty = filled;
    } else {
      order.status = 'partially_filled';
    }
    const positionQty = this.account.applyFill(order.symbol, order.side, executed, price);
    const wasFirst = filledBefore === 0;
    const executionId = this.executionIds.next();
    this.activities.push({
      id: `${easternIso(now).slice(0, 19).replace(/\D/g, '')}${String(now % 1000).padStart(3, '0')}::${executionId}`,
      executionId, transactionTime: now, type: complete ? 'fill' : 'partial_fill', price, qty: executed, side: order.side, symbol: order.symbol,
      leavesQty: round9((order.qty ?? filled) - filled), cumQty: filled, orderId: order.id, orderStatus: order.status,
    });
    this.emit(complete ? 'fill' : 'partial_fill', order, { price, qty: executed, position_qty: positionQty, execution_id: executionId });
    if (complete || wasFirst) this.afterExecution(order);
  }

  private mustGet(id: string): EmulatorOrder {
    const order = this.orders.get(id);
    if (!order) throw new Error(`no order ${id}`);
    return order;
  }
}

export function isTerminal(order: EmulatorOrder): boolean {
  return TERMINAL.has(order.status);
}

function round9(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

interface LegSpec {
  readonly side: 'buy' | 'sell';
  readonly type: 'limit' | 'stop' | 'stop_limit';
  readonly limit: number | null;
  readonly stop: number | null;
  /** An OCO's stop leg is live at once; bracket and OTO legs wait for their entry. */
  readonly active: boolean;
}

/** Alpaca's checks of an order class and the legs it creates (none for a simple order). */
function groupOf(
  body: Record<string, unknown>,
  orderClass: string,
  order: { side: 'buy' | 'sell'; type: string; tif: string; qty: number | null; limit: number | null },
): { legs: LegSpec[] } | { error: Outcome<never> } | null {
  if (orderClass === '') return null;
  if (!['bracket', 'oco', 'oto'].includes(orderClass)) return { error: invalid(`invalid order_class: ${orderClass}`) };
  const takeProfit = body.take_profit as { limit_price?: unknown } | undefined;
  const stopLoss = body.stop_loss as { stop_price?: unknown; limit_price?: unknown } | undefined;
  const tpLimit = takeProfit ? parseDecimal(takeProfit.limit_price) : null;
  const slStop = stopLoss ? parseDecimal(stopLoss.stop_price) : null;
  const slLimit = stopLoss ? parseDecimal(stopLoss.limit_price) : null;
  if (tpLimit === 'bad' || slStop === 'bad' || slLimit === 'bad') return { error: invalid('invalid take_profit or stop_loss price') };
  if (order.qty === null || order.qty !== Math.floor(order.qty)) return { error: invalid('fractional orders must be simple orders', 42210000) };
  if (body.extended_hours === true) return { error: invalid('extended hours order must be simple', 42210000) };
  if (order.tif !== 'day' && order.tif !== 'gtc') return { error: invalid(`${orderClass} orders must be day or gtc`, 42210000) };
  if (orderClass === 'bracket' && (tpLimit === null || slStop === null)) return { error: invalid('bracket orders must have both take_profit and stop_loss', 42210000) };
  if (orderClass === 'oto' && (tpLimit === null) === (slStop === null)) return { error: invalid('oto orders must have exactly one of take_profit or stop_loss', 42210000) };
  if (orderClass === 'oco') {
    if (order.type !== 'limit' || tpLimit === null || slStop === null) return { error: invalid('oco orders must be limit orders with take_profit and stop_loss', 42210000) };
    if (order.limit !== tpLimit) return { error: invalid('oco limit_price must equal take_profit.limit_price', 42210000) };
  }
  const exit: 'buy' | 'sell' = orderClass === 'oco' ? order.side : order.side === 'buy' ? 'sell' : 'buy';
  if (tpLimit !== null && slStop !== null && (exit === 'sell' ? tpLimit <= slStop : tpLimit >= slStop)) {
    return { error: invalid(`take_profit.limit_price must be ${exit === 'sell' ? 'above' : 'below'} stop_loss.stop_price`, 42210000) };
  }
  const legs: LegSpec[] = [];
  if (orderClass !== 'oco' && tpLimit !== null) legs.push({ side: exit, type: 'limit', limit: tpLimit, stop: null, active: false });
  if (slStop !== null) legs.push({ side: exit, type: slLimit !== null ? 'stop_limit' : 'stop', limit: slLimit, stop: slStop, active: orderClass === 'oco' });
  return { legs };
}
