/**
 * The journal's records around the orders: trading-state changes and kill-switch pulls (who, when,
 * why), the equity each session's daily-loss count starts from, and account snapshots with their
 * positions (as the broker reported them, or as kept locally).
 */
import type { TradingState } from '../../../shared/risk/risk-types';
import type { Db } from '../../storage/database';

export interface StateChangeRecord {
  readonly t: number;
  readonly kind: 'state' | 'kill_switch';
  readonly from: TradingState;
  readonly to: TradingState;
  /** daily_loss, manual, kill_switch, reset, session, restore... */
  readonly cause: string | null;
  /** Who: user, risk, system, cli, outside:<source>. */
  readonly actor: string;
  readonly reason: string;
  readonly detail?: unknown;
}

export interface SnapshotPosition {
  readonly symbol: string;
  readonly qty: number;
  readonly avgEntryPrice: number;
  readonly lastPrice: number | null;
  readonly marketValue: number;
  readonly unrealizedPnl: number | null;
  readonly realizedPnl: number | null;
}

export interface AccountSnapshot {
  readonly takenAt: number;
  readonly source: 'broker' | 'local';
  readonly reason: string;
  readonly cash: number;
  readonly equity: number;
  readonly buyingPower: number | null;
  readonly longMarketValue: number;
  readonly shortMarketValue: number;
  readonly realizedPnl: number | null;
  readonly unrealizedPnl: number | null;
  readonly sessionStartEquity: number | null;
  readonly positions: readonly SnapshotPosition[];
}

export class TradingRecords {
  constructor(private readonly db: Db, private readonly account: string) {}

  recordStateChange(change: StateChangeRecord): void {
    this.db
      .prepare('INSERT INTO trading_state_changes (account, t, kind, from_state, to_state, cause, actor, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(this.account, Math.round(change.t), change.kind, change.from, change.to, change.cause, change.actor, change.reason, change.detail === undefined ? null : JSON.stringify(change.detail));
  }

  /** Newest first. */
  stateChanges(limit: number): StateChangeRecord[] {
    const rows = this.db
      .prepare('SELECT t, kind, from_state AS "from", to_state AS "to", cause, actor, reason FROM trading_state_changes WHERE account = ? ORDER BY id DESC LIMIT ?')
      .all(this.account, limit) as StateChangeRecord[];
    return rows;
  }

  /** The last change of the trading state (not a kill-switch row), to restore it at start-up. */
  lastState(): StateChangeRecord | null {
    return (this.db
      .prepare("SELECT t, kind, from_state AS \"from\", to_state AS \"to\", cause, actor, reason FROM trading_state_changes WHERE account = ? AND kind = 'state' ORDER BY id DESC LIMIT 1")
      .get(this.account) as StateChangeRecord | undefined) ?? null;
  }

  lastKillSwitch(): number | null {
    const row = this.db.prepare("SELECT t FROM trading_state_changes WHERE account = ? AND kind = 'kill_switch' ORDER BY id DESC LIMIT 1").get(this.account) as { t: number } | undefined;
    return row?.t ?? null;
  }

  sessionStartEquity(sessionKey: number): number | null {
    const row = this.db.prepare('SELECT start_equity AS equity FROM risk_sessions WHERE account = ? AND session_key = ?').get(this.account, sessionKey) as { equity: number } | undefined;
    return row?.equity ?? null;
  }

  saveSessionStart(sessionKey: number, equity: number, t: number): void {
    this.db
      .prepare('INSERT INTO risk_sessions (account, session_key, start_equity, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (account, session_key) DO UPDATE SET start_equity = excluded.start_equity, updated_at = excluded.updated_at')
      .run(this.account, sessionKey, equity, Math.round(t));
  }

  saveSnapshot(snapshot: AccountSnapshot): void {
    this.db.transaction(() => {
      const id = this.db
        .prepare(
          `INSERT INTO account_snapshots (account, taken_at, source, reason, cash, equity, buying_power, long_market_value, short_market_value, realized_pnl, unrealized_pnl, session_start_equity)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          this.account, Math.round(snapshot.takenAt), snapshot.source, snapshot.reason, snapshot.cash, snapshot.equity, snapshot.buyingPower,
          snapshot.longMarketValue, snapshot.shortMarketValue, snapshot.realizedPnl, snapshot.unrealizedPnl, snapshot.sessionStartEquity,
        ).lastInsertRowid;
      const insert = this.db.prepare(
        'INSERT INTO position_snapshots (snapshot_id, symbol, qty, avg_entry_price, last_price, market_value, unrealized_pnl, realized_pnl) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const p of snapshot.positions) insert.run(id, p.symbol, p.qty, p.avgEntryPrice, p.lastPrice, p.marketValue, p.unrealizedPnl, p.realizedPnl);
    })();
  }

  /** The newest snapshot (what the account bar shows before the first reconciliation). */
  latestSnapshot(): AccountSnapshot | null {
    const row = this.db
      .prepare(
        `SELECT id, taken_at AS takenAt, source, reason, cash, equity, buying_power AS buyingPower, long_market_value AS longMarketValue,
                short_market_value AS shortMarketValue, realized_pnl AS realizedPnl, unrealized_pnl AS unrealizedPnl, session_start_equity AS sessionStartEquity
         FROM account_snapshots WHERE account = ? ORDER BY taken_at DESC, id DESC LIMIT 1`,
      )
      .get(this.account) as (Omit<AccountSnapshot, 'positions'> & { id: number }) | undefined;
    if (!row) return null;
    const positions = this.db
      .prepare('SELECT symbol, qty, avg_entry_price AS avgEntryPrice, last_price AS lastPrice, market_value AS marketValue, unrealized_pnl AS unrealizedPnl, realized_pnl AS realizedPnl FROM position_snapshots WHERE snapshot_id = ?')
      .all(row.id) as SnapshotPosition[];
    const { id: _id, ...rest } = row;
    return { ...rest, positions };
  }
}
