/**
 * The offline paper broker's own books in SQLite, kept apart from the order journal as a remote
 * broker's would be: its whole state (ledger, working orders, last bars), every order it ever
 * received with its latest status, and every execution it made. A restart of the app restores the
 * broker from here; reconciliation then compares the journal with what this broker says.
 */
import type { Statement } from 'better-sqlite3';
import type { BrokerOrderReport } from '../../../shared/broker/broker';
import type { Fill } from '../../../shared/domain/fill';
import type { Order, OrderClass, OrderSide, OrderStatus, OrderType, TimeInForce } from '../../../shared/domain/order';
import type { Db } from '../../storage/database';
import { fillFromRow, type ExecutionRow } from '../journal/order-rows';

interface PaperOrderRow {
  client_order_id: string;
  broker_order_id: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  time_in_force: TimeInForce;
  order_class: OrderClass;
  qty: number;
  limit_price: number | null;
  stop_price: number | null;
  status: OrderStatus;
  filled_qty: number;
  avg_fill_price: number | null;
  updated_at: number;
}

export interface PaperOrderChange {
  readonly clientOrderId: string;
  readonly status?: OrderStatus;
  readonly qty?: number;
  /** An execution to add to the order's filled quantity and average. */
  readonly fill?: Fill;
  readonly brokerOrderId?: string;
  readonly t: number;
}

export class PaperStore {
  private readonly statements: {
    loadState: Statement;
    saveState: Statement;
    insertOrder: Statement;
    getOrder: Statement;
    updateOrder: Statement;
    insertExecution: Statement;
    executions: Statement;
  };

  constructor(private readonly db: Db, readonly account: string) {
    this.statements = {
      loadState: db.prepare('SELECT initial_cash AS initialCash, state FROM paper_broker_state WHERE account = ?'),
      saveState: db.prepare(
        'INSERT INTO paper_broker_state (account, initial_cash, state, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (account) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
      ),
      insertOrder: db.prepare(
        `INSERT OR IGNORE INTO paper_orders (account, client_order_id, broker_order_id, symbol, side, type, time_in_force, order_class, role, qty, limit_price, stop_price, status, filled_qty, avg_fill_price, received_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?)`,
      ),
      getOrder: db.prepare('SELECT * FROM paper_orders WHERE account = ? AND client_order_id = ?'),
      updateOrder: db.prepare(
        'UPDATE paper_orders SET broker_order_id = ?, status = ?, qty = ?, filled_qty = ?, avg_fill_price = ?, updated_at = ? WHERE account = ? AND client_order_id = ?',
      ),
      insertExecution: db.prepare(
        'INSERT OR IGNORE INTO paper_executions (account, execution_id, client_order_id, broker_order_id, symbol, side, qty, price, commission, t) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      executions: db.prepare('SELECT * FROM paper_executions WHERE account = ? AND client_order_id = ? ORDER BY t, rowid'),
    };
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** The broker's saved state (its shape is the broker's business), or null for a new account. */
  load<State>(): { initialCash: number; state: State } | null {
    const row = this.statements.loadState.get(this.account) as { initialCash: number; state: string } | undefined;
    if (!row) return null;
    return { initialCash: row.initialCash, state: JSON.parse(row.state) as State };
  }

  save(initialCash: number, state: unknown, t: number): void {
    this.statements.saveState.run(this.account, initialCash, JSON.stringify(state), Math.round(t));
  }

  /** An order as the broker received it (ignored when it already has it: a client id is never reused). */
  received(order: Order, brokerOrderId: string, t: number): void {
    this.statements.insertOrder.run(
      this.account, order.clientOrderId, brokerOrderId, order.symbol, order.side, order.type, order.timeInForce, order.orderClass,
      order.role, order.qty, order.limitPrice, order.stopPrice, order.status === 'held' ? 'held' : 'pending_new', Math.round(t), Math.round(t),
    );
  }

  change(change: PaperOrderChange): void {
    const row = this.statements.getOrder.get(this.account, change.clientOrderId) as PaperOrderRow | undefined;
    if (!row) return;
    let filled = row.filled_qty;
    let avg = row.avg_fill_price;
    const fill = change.fill;
    if (fill) {
      const inserted = this.statements.insertExecution.run(
        this.account, fill.executionId, fill.clientOrderId, fill.brokerOrderId ?? row.broker_order_id, fill.symbol, fill.side, fill.qty, fill.price, fill.commission, Math.round(fill.t),
      );
      if (inserted.changes > 0) {
        const total = filled + fill.qty;
        avg = ((avg ?? 0) * filled + fill.price * fill.qty) / total;
        filled = Math.round(total * 1e9) / 1e9;
      }
    }
    this.statements.updateOrder.run(
      change.brokerOrderId ?? row.broker_order_id,
      change.status ?? row.status,
      change.qty ?? row.qty,
      filled,
      avg,
      Math.round(change.t),
      this.account,
      change.clientOrderId,
    );
  }

  /** The broker's record of one order (any status), or null when it never received it. */
  report(clientOrderId: string): BrokerOrderReport | null {
    const row = this.statements.getOrder.get(this.account, clientOrderId) as PaperOrderRow | undefined;
    if (!row) return null;
    return {
      clientOrderId: row.client_order_id,
      brokerOrderId: row.broker_order_id,
      symbol: row.symbol,
      side: row.side,
      type: row.type,
      timeInForce: row.time_in_force,
      qty: row.qty,
      filledQty: row.filled_qty,
      avgFillPrice: row.avg_fill_price,
      limitPrice: row.limit_price,
      stopPrice: row.stop_price,
      status: row.status,
      orderClass: row.order_class,
      updatedAt: row.updated_at,
      legs: [],
    };
  }

  executions(clientOrderId: string): Fill[] {
    return (this.statements.executions.all(this.account, clientOrderId) as ExecutionRow[]).map(fillFromRow);
  }

}
