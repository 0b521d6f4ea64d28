import type { Signal, SignalAction } from '../../shared/domain/signal';
import { signalToWire } from '../../shared/trading/signal-wire';
import type { SignalOutcome, SignalOutcomeStatus, SignalSource } from '../../shared/trading/signal-outcome';
import type { Db } from './database';

/** 'received' until the outcome is known; 'invalid' for a payload that was not a signal. */
export type SignalRowStatus = 'received' | 'invalid' | SignalOutcomeStatus;

export interface SignalRecord {
  readonly id: number;
  readonly receivedAt: number;
  readonly source: SignalSource;
  readonly strategyId: string | null;
  readonly symbol: string | null;
  readonly action: SignalAction | null;
  /** The signal in its wire form, or what was sent when it was not a valid signal. */
  readonly payload: unknown;
  readonly status: SignalRowStatus;
  readonly outcome: SignalOutcome | null;
  /** Why an invalid payload was refused, or the outcome's error. */
  readonly error: string | null;
  readonly decidedAt: number | null;
  readonly clientOrderId: string | null;
}

export interface SignalQuery {
  /** Newest first, at most this many (default 100, at most 1000). */
  readonly limit?: number;
  /** Only rows older than this id (paging). */
  readonly beforeId?: number;
  readonly since?: number;
  readonly source?: SignalSource;
  readonly strategyId?: string;
  readonly symbol?: string;
  readonly status?: SignalRowStatus;
}

interface Row {
  id: number;
  received_at: number;
  source: SignalSource;
  strategy_id: string | null;
  symbol: string | null;
  action: SignalAction | null;
  payload: string;
  status: SignalRowStatus;
  outcome: string | null;
  decided_at: number | null;
  client_order_id: string | null;
}

function toRecord(row: Row): SignalRecord {
  const stored = row.outcome === null ? null : (JSON.parse(row.outcome) as Partial<SignalOutcome>);
  const outcome = row.status === 'invalid' || stored === null ? null : (stored as SignalOutcome);
  return {
    id: row.id,
    receivedAt: row.received_at,
    source: row.source,
    strategyId: row.strategy_id,
    symbol: row.symbol,
    action: row.action,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status,
    outcome,
    error: stored?.error ?? null,
    decidedAt: row.decided_at,
    clientOrderId: row.client_order_id,
  };
}

/** Every signal Sextant received, from any source, with what became of it (issue 5). */
export class SignalStore {
  private readonly insert;
  private readonly complete;
  private readonly byId;
  private readonly listeners = new Set<(id: number) => void>();

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      'INSERT INTO signals (received_at, source, strategy_id, symbol, action, payload, status, outcome, decided_at) VALUES (@receivedAt, @source, @strategyId, @symbol, @action, @payload, @status, @outcome, @decidedAt)',
    );
    this.complete = db.prepare(
      "UPDATE signals SET status = @status, outcome = @outcome, decided_at = @decidedAt, client_order_id = @clientOrderId WHERE id = @id AND status = 'received'",
    );
    this.byId = db.prepare('SELECT * FROM signals WHERE id = ?');
  }

  /** Calls `listener` with the id of every signal recorded or completed; returns the unsubscribe function. */
  onChange(listener: (id: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(id: number): void {
    // A listener's failure (a closed window) must never undo or fail the write it follows.
    for (const listener of this.listeners) {
      try {
        listener(id);
      } catch {
        /* the signal is stored; only the notification was lost */
      }
    }
  }

  /** Written before the signal is acted on, so a crash in between still leaves its trace. */
  recordReceived(signal: Signal, source: SignalSource, receivedAt: number): number {
    const info = this.insert.run({
      receivedAt,
      source,
      strategyId: signal.strategyId,
      symbol: signal.symbol,
      action: signal.action,
      payload: JSON.stringify(signalToWire(signal)),
      status: 'received',
      outcome: null,
      decidedAt: null,
    });
    const id = Number(info.lastInsertRowid);
    this.changed(id);
    return id;
  }

  /** A payload that failed validation, kept with the reason so the sender can be shown why. */
  recordInvalid(payload: unknown, source: SignalSource, receivedAt: number, error: string): number {
    const info = this.insert.run({
      receivedAt,
      source,
      strategyId: null,
      symbol: null,
      action: null,
      payload: JSON.stringify(payload ?? null),
      status: 'invalid',
      outcome: JSON.stringify({ error }),
      decidedAt: receivedAt,
    });
    const id = Number(info.lastInsertRowid);
    this.changed(id);
    return id;
  }

  /** Completes a received signal; a second outcome for the same signal is refused (returns false). */
  recordOutcome(id: number, outcome: SignalOutcome, decidedAt: number): boolean {
    const info = this.complete.run({ id, status: outcome.status, outcome: JSON.stringify(outcome), decidedAt, clientOrderId: outcome.client_order_id });
    if (info.changes !== 1) return false;
    this.changed(id);
    return true;
  }

  get(id: number): SignalRecord | null {
    const row = this.byId.get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  listRecent(query: SignalQuery = {}): SignalRecord[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const filter = (column: string, name: string, value: unknown, op = '='): void => {
      if (value === undefined) return;
      where.push(`${column} ${op} @${name}`);
      params[name] = value;
    };
    filter('id', 'beforeId', query.beforeId, '<');
    filter('received_at', 'since', query.since, '>=');
    filter('source', 'source', query.source);
    filter('strategy_id', 'strategyId', query.strategyId);
    filter('symbol', 'symbol', query.symbol);
    filter('status', 'status', query.status);
    params.limit = Math.min(Math.max(1, Math.floor(query.limit ?? 100)), 1000);
    const sql = `SELECT * FROM signals ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as Row[]).map(toRecord);
  }
}
