/**
 * The order manager's journal in SQLite (`OrderJournal` of src/shared/oms/order-journal.ts).
 *
 * - `recordOrder` upserts the order row and its risk decision (each rule's verdict in order). The
 *   trading service calls the order manager inside `transaction`, so an order, its legs, its
 *   decision and its `OrderSubmitted` event are committed together, before the broker's I/O runs.
 * - `recordEvent` writes the event under an idempotency key (writing the same event twice is a
 *   no-op), brings the order row to the state it led to, and stores a fill under its execution id.
 * - `recordRefusal` keeps refused broker events for the audit trail.
 * Nothing here swallows an error: a failing write reaches the order manager, which then does not send.
 */
import type { Statement } from 'better-sqlite3';
import type { Fill } from '../../../shared/domain/fill';
import type { EventRefusal, OrderEvent } from '../../../shared/domain/order-events';
import { isTerminal, type Order } from '../../../shared/domain/order';
import type { OrderJournal } from '../../../shared/oms/order-journal';
import type { RiskDecision } from '../../../shared/risk/risk-types';
import type { Db } from '../../storage/database';
import { fillFromRow, isSyntheticExecution, MUTABLE_ORDER_COLUMNS, ORDER_COLUMNS, orderFromRow, orderValues, type FillRow, type OrderRow } from './order-rows';

/** The key under which an event is written once: fills by execution id, the rest by what they did. */
export function eventKey(event: OrderEvent, order: Order): string {
  if (event.type === 'OrderFilled' || event.type === 'OrderPartiallyFilled') return `fill:${event.fill.executionId}`;
  const seq = event.seq === undefined ? '' : String(event.seq);
  return `${event.clientOrderId}|${event.type}|${seq}|${event.t}|${order.status}|${order.filledQty}`;
}

function eventDetail(event: OrderEvent): string | null {
  switch (event.type) {
    case 'OrderDenied':
      return `${event.source}: ${event.reason}`;
    case 'OrderRejected':
    case 'OrderCancelRejected':
    case 'OrderReplaceRejected':
      return event.reason;
    case 'OrderCanceled':
      return event.reason ?? null;
    case 'OrderReplaced':
      return `replaced by ${event.replacedBy}`;
    default:
      return null;
  }
}

export class SqliteOrderJournal implements OrderJournal {
  private readonly upsertOrder: Statement;
  private readonly insertDecision: Statement;
  private readonly insertVerdict: Statement;
  private readonly insertEvent: Statement;
  private readonly insertFill: Statement;
  private readonly insertRefusal: Statement;

  constructor(
    private readonly db: Db,
    readonly account: string,
    private readonly now: () => number = Date.now,
  ) {
    const placeholders = ORDER_COLUMNS.map(() => '?').join(', ');
    const updates = MUTABLE_ORDER_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ');
    this.upsertOrder = db.prepare(`INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES (${placeholders}) ON CONFLICT (client_order_id) DO UPDATE SET ${updates}`);
    this.insertDecision = db.prepare('INSERT OR IGNORE INTO risk_decisions (account, client_order_id, t, approved, state, reducing) VALUES (?, ?, ?, ?, ?, ?)');
    this.insertVerdict = db.prepare('INSERT INTO risk_verdicts (decision_id, position, rule, passed, detail) VALUES (?, ?, ?, ?, ?)');
    this.insertEvent = db.prepare(
      'INSERT OR IGNORE INTO order_events (account, client_order_id, event_key, type, t, seq, broker_order_id, status_after, filled_qty_after, detail, payload, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertFill = db.prepare(
      'INSERT OR IGNORE INTO fills (account, execution_id, client_order_id, broker_order_id, symbol, side, qty, price, commission, t, synthetic, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertRefusal = db.prepare(
      'INSERT INTO order_event_refusals (account, client_order_id, kind, status, event_type, detail, payload, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Runs `work` in one transaction (nested calls become savepoints). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  recordOrder(order: Order, decision: RiskDecision | null): void {
    this.upsertOrder.run(...orderValues(order, this.account, this.now()));
    if (decision) this.recordDecision(decision);
  }

  recordEvent(event: OrderEvent, order: Order): void {
    const recordedAt = this.now();
    this.insertEvent.run(
      this.account,
      order.clientOrderId,
      eventKey(event, order),
      event.type,
      Math.round(event.t),
      event.seq ?? null,
      event.brokerOrderId ?? order.brokerOrderId,
      order.status,
      order.filledQty,
      eventDetail(event),
      JSON.stringify(event),
      recordedAt,
    );
    this.upsertOrder.run(...orderValues(order, this.account, recordedAt));
    if (event.type === 'OrderFilled' || event.type === 'OrderPartiallyFilled') this.recordFill(event.fill, recordedAt);
  }

  recordRefusal(refusal: EventRefusal): void {
    this.insertRefusal.run(
      this.account,
      refusal.event.clientOrderId,
      refusal.kind,
      refusal.status,
      refusal.event.type,
      refusal.detail,
      JSON.stringify(refusal.event),
      this.now(),
    );
  }

  private recordDecision(decision: RiskDecision): void {
    const inserted = this.insertDecision.run(this.account, decision.clientOrderId, Math.round(decision.t), decision.approved ? 1 : 0, decision.state, decision.reducing ? 1 : 0);
    if (inserted.changes === 0) return;
    const id = inserted.lastInsertRowid;
    decision.rules.forEach((verdict, position) => this.insertVerdict.run(id, position, verdict.rule, verdict.passed ? 1 : 0, verdict.detail));
  }

  private recordFill(fill: Fill, recordedAt: number): void {
    this.insertFill.run(
      this.account,
      fill.executionId,
      fill.clientOrderId,
      fill.brokerOrderId,
      fill.symbol,
      fill.side,
      fill.qty,
      fill.price,
      fill.commission,
      Math.round(fill.t),
      isSyntheticExecution(fill.executionId) ? 1 : 0,
      recordedAt,
    );
  }
}

export interface JournalRestore {
  /** Orders to rebuild the order manager from, oldest first. */
  readonly orders: Order[];
  /** Execution ids already applied to those orders. */
  readonly executionIds: string[];
}

/**
 * What a restart rebuilds the order manager from: every order not yet finished, plus the orders
 * of the last `recentMs` (so a late event for a recently finished order is known, not "unknown"),
 * plus every member of the groups and replace chains of those orders.
 */
export function loadJournal(db: Db, account: string, now: number, recentMs = 7 * 86_400_000): JournalRestore {
  const rows = db
    .prepare('SELECT * FROM orders WHERE account = ? AND (terminal = 0 OR updated_at >= ?) ORDER BY created_at, rowid')
    .all(account, now - recentMs) as OrderRow[];
  const chosen = new Map(rows.map((row) => [row.client_order_id, row]));
  const groups = new Set(rows.filter((row) => row.group_id !== null && row.terminal === 0).map((row) => row.group_id!));
  if (groups.size > 0) {
    const member = db.prepare('SELECT * FROM orders WHERE account = ? AND group_id = ? ORDER BY created_at, rowid');
    for (const group of groups) for (const row of member.all(account, group) as OrderRow[]) chosen.set(row.client_order_id, row);
  }
  const orders = [...chosen.values()].sort((a, b) => a.created_at - b.created_at || a.journaled_at - b.journaled_at).map(orderFromRow);
  const fillOf = db.prepare('SELECT execution_id FROM fills WHERE account = ? AND client_order_id = ?').pluck(true);
  const executionIds: string[] = [];
  for (const order of orders) {
    if (order.filledQty > 0 || !isTerminal(order.status)) executionIds.push(...(fillOf.all(account, order.clientOrderId) as string[]));
  }
  return { orders, executionIds };
}

/** Every fill of one order, oldest first. */
export function fillsOfOrder(db: Db, account: string, clientOrderId: string): Fill[] {
  return (db.prepare('SELECT * FROM fills WHERE account = ? AND client_order_id = ? ORDER BY t, rowid').all(account, clientOrderId) as FillRow[]).map(fillFromRow);
}
