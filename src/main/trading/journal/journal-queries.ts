/**
 * Reads of the trading journal for the blotters and the audit views: orders and fills newest first
 * with keyset paging (an opaque cursor; stable under inserts, no OFFSET scans), the risk decision of
 * an order, and the trading-state history.
 */
import { InputError } from '../../../shared/errors';
import type { Fill } from '../../../shared/domain/fill';
import type { Order } from '../../../shared/domain/order';
import type { RiskDecision, TradingState } from '../../../shared/risk/risk-types';
import type { Db } from '../../storage/database';
import { fillFromRow, orderFromRow, type FillRow, type OrderRow } from './order-rows';

/** A SQL condition and its parameters. */
type Filter = [string, ...unknown[]];

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface OrderQuery {
  readonly scope: 'open' | 'recent';
  readonly symbol?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface FillQuery {
  readonly symbol?: string;
  readonly limit: number;
  readonly cursor?: string;
}

function encodeCursor(t: number, key: string): string {
  return `${t}~${key}`;
}

function decodeCursor(cursor: string): { t: number; key: string } {
  const at = cursor.indexOf('~');
  const t = Number(cursor.slice(0, at));
  if (at <= 0 || !Number.isFinite(t)) throw new InputError(`cursor "${cursor.slice(0, 40)}" is not one this service gave out; start again without a cursor`);
  return { t, key: cursor.slice(at + 1) };
}

export class JournalQueries {
  constructor(private readonly db: Db, private readonly account: string) {}

  orders(query: OrderQuery): Page<Order> {
    const filters: Filter[] = [];
    if (query.scope === 'open') filters.push(['terminal = 0']);
    if (query.symbol) filters.push(['symbol = ?', query.symbol]);
    const page = this.newestFirst<OrderRow>('orders', 'created_at', 'client_order_id', filters, query);
    const items = page.rows.map(orderFromRow);
    const last = items[items.length - 1];
    return { items, nextCursor: page.more && last ? encodeCursor(last.createdAt, last.clientOrderId) : null };
  }

  fills(query: FillQuery): Page<Fill> {
    const filters: Filter[] = query.symbol ? [['symbol = ?', query.symbol]] : [];
    const page = this.newestFirst<FillRow>('fills', 't', 'execution_id', filters, query);
    const items = page.rows.map(fillFromRow);
    const last = items[items.length - 1];
    return { items, nextCursor: page.more && last ? encodeCursor(last.t, last.executionId) : null };
  }

  /** One page of `table` newest first by (`time`, `key`), after the cursor's row. */
  private newestFirst<Row>(table: string, time: string, key: string, filters: Filter[], page: { limit: number; cursor?: string }): { rows: Row[]; more: boolean } {
    const where = ['account = ?', ...filters.map((f) => f[0])];
    const args: unknown[] = [this.account, ...filters.flatMap((f) => f.slice(1))];
    if (page.cursor) {
      const cursor = decodeCursor(page.cursor);
      where.push(`(${time} < ? OR (${time} = ? AND ${key} < ?))`);
      args.push(cursor.t, cursor.t, cursor.key);
    }
    const rows = this.db.prepare(`SELECT * FROM ${table} WHERE ${where.join(' AND ')} ORDER BY ${time} DESC, ${key} DESC LIMIT ?`).all(...args, page.limit + 1) as Row[];
    return { rows: rows.slice(0, page.limit), more: rows.length > page.limit };
  }

  riskDecision(clientOrderId: string): RiskDecision | null {
    const order = this.db.prepare('SELECT parent_id AS parentId FROM orders WHERE client_order_id = ? AND account = ?').get(clientOrderId, this.account) as { parentId: string | null } | undefined;
    const lookup = (id: string) =>
      this.db.prepare('SELECT id, client_order_id AS clientOrderId, t, approved, state, reducing FROM risk_decisions WHERE client_order_id = ? AND account = ?').get(id, this.account) as
        | { id: number; clientOrderId: string; t: number; approved: number; state: TradingState; reducing: number }
        | undefined;
    // A leg was decided with its entry.
    const row = lookup(clientOrderId) ?? (order?.parentId ? lookup(order.parentId) : undefined);
    if (!row) return null;
    const rules = this.db.prepare('SELECT rule, passed, detail FROM risk_verdicts WHERE decision_id = ? ORDER BY position').all(row.id) as Array<{ rule: string; passed: number; detail: string }>;
    return {
      clientOrderId: row.clientOrderId,
      t: row.t,
      approved: row.approved === 1,
      state: row.state,
      reducing: row.reducing === 1,
      rules: rules.map((r) => ({ rule: r.rule, passed: r.passed === 1, detail: r.detail })),
    };
  }
}
