/**
 * Orders and fills as the journal's rows store them, and back. One place for the column mapping,
 * shared by the writer (the order manager's journal) and the readers (restore, blotters).
 */
import type { Fill } from '../../../shared/domain/fill';
import { isTerminal, type Order, type OrderClass, type OrderRole, type OrderSide, type OrderStatus, type OrderType, type TimeInForce } from '../../../shared/domain/order';

export interface OrderRow {
  client_order_id: string;
  account: string;
  broker_order_id: string | null;
  symbol: string;
  side: OrderSide;
  qty: number;
  type: OrderType;
  time_in_force: TimeInForce;
  limit_price: number | null;
  stop_price: number | null;
  trail_price: number | null;
  trail_percent: number | null;
  extended_hours: number;
  order_class: OrderClass;
  role: OrderRole | null;
  parent_id: string | null;
  group_id: string | null;
  leg_ids: string;
  status: OrderStatus;
  terminal: number;
  filled_qty: number;
  avg_fill_price: number | null;
  commission: number;
  created_at: number;
  updated_at: number;
  replaces: string | null;
  replaced_by: string | null;
  reason: string | null;
  tag: string | null;
  source: string;
  journaled_at: number;
}

export interface FillRow {
  account: string;
  execution_id: string;
  client_order_id: string;
  broker_order_id: string | null;
  symbol: string;
  side: OrderSide;
  qty: number;
  price: number;
  commission: number;
  t: number;
  synthetic: number;
  recorded_at: number;
}

/** Who asked for an order, from its tag (`ticket`, `strategy:sma-cross`, `outside:webhook`...). */
export type OrderSource = 'ticket' | 'strategy' | 'outside' | 'cli' | 'kill-switch' | 'close' | 'external' | 'system';

const SOURCES: ReadonlySet<string> = new Set(['ticket', 'strategy', 'outside', 'cli', 'kill-switch', 'close', 'external', 'system']);

export function sourceOfTag(tag: string | null): OrderSource {
  if (tag === null) return 'system';
  const head = tag.split(':', 1)[0]!;
  return (SOURCES.has(head) ? head : 'strategy') as OrderSource;
}

/** The values for the journal's upsert, in the column order of `ORDER_COLUMNS`. */
export function orderValues(order: Order, account: string, journaledAt: number): unknown[] {
  return [
    order.clientOrderId,
    account,
    order.brokerOrderId,
    order.symbol,
    order.side,
    order.qty,
    order.type,
    order.timeInForce,
    order.limitPrice,
    order.stopPrice,
    order.trailPrice,
    order.trailPercent,
    order.extendedHours ? 1 : 0,
    order.orderClass,
    order.role,
    order.parentId,
    order.groupId,
    JSON.stringify(order.legIds),
    order.status,
    isTerminal(order.status) ? 1 : 0,
    order.filledQty,
    order.avgFillPrice,
    order.commission,
    order.createdAt,
    order.updatedAt,
    order.replaces,
    order.replacedBy,
    order.reason,
    order.tag,
    sourceOfTag(order.tag),
    journaledAt,
  ];
}

export const ORDER_COLUMNS = [
  'client_order_id', 'account', 'broker_order_id', 'symbol', 'side', 'qty', 'type', 'time_in_force', 'limit_price', 'stop_price',
  'trail_price', 'trail_percent', 'extended_hours', 'order_class', 'role', 'parent_id', 'group_id', 'leg_ids', 'status', 'terminal',
  'filled_qty', 'avg_fill_price', 'commission', 'created_at', 'updated_at', 'replaces', 'replaced_by', 'reason', 'tag', 'source', 'journaled_at',
] as const;

/** Columns an event may change (everything but identity, account, creation and first journaling). */
export const MUTABLE_ORDER_COLUMNS = ORDER_COLUMNS.filter((c) => !['client_order_id', 'account', 'created_at', 'journaled_at', 'source'].includes(c));

function legIdsOf(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function orderFromRow(row: OrderRow): Order {
  return {
    clientOrderId: row.client_order_id,
    brokerOrderId: row.broker_order_id,
    symbol: row.symbol,
    side: row.side,
    qty: row.qty,
    type: row.type,
    timeInForce: row.time_in_force,
    limitPrice: row.limit_price,
    stopPrice: row.stop_price,
    trailPrice: row.trail_price,
    trailPercent: row.trail_percent,
    extendedHours: row.extended_hours === 1,
    orderClass: row.order_class,
    role: row.role,
    parentId: row.parent_id,
    groupId: row.group_id,
    legIds: legIdsOf(row.leg_ids),
    status: row.status,
    filledQty: row.filled_qty,
    avgFillPrice: row.avg_fill_price,
    commission: row.commission,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    replaces: row.replaces,
    replacedBy: row.replaced_by,
    reason: row.reason,
    tag: row.tag,
  };
}

/** Journal fills and the paper broker's executions share these columns. */
export type ExecutionRow = Pick<FillRow, 'execution_id' | 'client_order_id' | 'broker_order_id' | 'symbol' | 'side' | 'qty' | 'price' | 'commission' | 't'>;

export function fillFromRow(row: ExecutionRow): Fill {
  return {
    executionId: row.execution_id,
    clientOrderId: row.client_order_id,
    brokerOrderId: row.broker_order_id,
    symbol: row.symbol,
    side: row.side,
    qty: row.qty,
    price: row.price,
    commission: row.commission,
    t: row.t,
  };
}

/** Executions the order manager made up during reconciliation carry this prefix (see OrderManager.reconcile). */
export function isSyntheticExecution(executionId: string): boolean {
  return executionId.startsWith('reconcile:');
}
