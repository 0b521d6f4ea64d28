import type { Migration } from './index';

/**
 * The trading journal: every order (written before it is sent), every order event applied, every
 * fill, every risk decision with each rule's verdict, account and position snapshots, trading-state
 * changes, and the offline paper broker's own books. Rows are scoped by `account`: the broker
 * account they belong to (`paper`, `alpaca-paper`, `alpaca-live`), so paper and live never mix.
 * Times are epoch milliseconds UTC.
 */
export const tradingJournal: Migration = {
  version: 4,
  name: 'trading journal: orders, order events, fills, risk decisions, snapshots, trading states, paper broker',
  up(db) {
    db.exec(`
      CREATE TABLE orders (
        client_order_id TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        broker_order_id TEXT,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        qty REAL NOT NULL,
        type TEXT NOT NULL,
        time_in_force TEXT NOT NULL,
        limit_price REAL,
        stop_price REAL,
        trail_price REAL,
        trail_percent REAL,
        extended_hours INTEGER NOT NULL DEFAULT 0,
        order_class TEXT NOT NULL,
        role TEXT,
        parent_id TEXT,
        group_id TEXT,
        leg_ids TEXT NOT NULL DEFAULT '[]',
        status TEXT NOT NULL,
        terminal INTEGER NOT NULL DEFAULT 0,
        filled_qty REAL NOT NULL DEFAULT 0,
        avg_fill_price REAL,
        commission REAL NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        replaces TEXT,
        replaced_by TEXT,
        reason TEXT,
        tag TEXT,
        -- Who asked: ticket, strategy, outside, cli, kill-switch, close, external (found at the broker).
        source TEXT NOT NULL,
        journaled_at INTEGER NOT NULL
      );
      CREATE INDEX orders_by_time ON orders (account, created_at, client_order_id);
      CREATE INDEX orders_open ON orders (account, terminal, created_at);
      CREATE INDEX orders_by_broker_id ON orders (broker_order_id);

      -- Every event applied to an order, once: event_key makes writing it again a no-op.
      CREATE TABLE order_events (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        client_order_id TEXT NOT NULL,
        event_key TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        t INTEGER NOT NULL,
        seq INTEGER,
        broker_order_id TEXT,
        status_after TEXT NOT NULL,
        filled_qty_after REAL NOT NULL,
        detail TEXT,
        payload TEXT NOT NULL,
        recorded_at INTEGER NOT NULL
      );
      CREATE INDEX order_events_by_order ON order_events (client_order_id, id);

      -- Broker events the order manager refused (duplicates, stale, illegal), for the audit trail.
      CREATE TABLE order_event_refusals (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        client_order_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT,
        event_type TEXT NOT NULL,
        detail TEXT NOT NULL,
        payload TEXT NOT NULL,
        recorded_at INTEGER NOT NULL
      );
      CREATE INDEX order_event_refusals_by_order ON order_event_refusals (client_order_id, id);

      -- Executions; synthetic = 1 when reconciliation recovered a fill the stream never delivered.
      CREATE TABLE fills (
        account TEXT NOT NULL,
        execution_id TEXT NOT NULL,
        client_order_id TEXT NOT NULL,
        broker_order_id TEXT,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        qty REAL NOT NULL,
        price REAL NOT NULL,
        commission REAL NOT NULL,
        t INTEGER NOT NULL,
        synthetic INTEGER NOT NULL DEFAULT 0,
        recorded_at INTEGER NOT NULL,
        PRIMARY KEY (account, execution_id)
      );
      CREATE INDEX fills_by_time ON fills (account, t, execution_id);
      CREATE INDEX fills_by_order ON fills (client_order_id);

      -- One pre-trade decision per order (legs share their entry's), and each rule's verdict in order.
      CREATE TABLE risk_decisions (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        client_order_id TEXT NOT NULL UNIQUE,
        t INTEGER NOT NULL,
        approved INTEGER NOT NULL,
        state TEXT NOT NULL,
        reducing INTEGER NOT NULL
      );
      CREATE TABLE risk_verdicts (
        decision_id INTEGER NOT NULL REFERENCES risk_decisions (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        rule TEXT NOT NULL,
        passed INTEGER NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (decision_id, position)
      ) WITHOUT ROWID;

      -- The account and its positions at one instant, as the broker reported them or as kept locally.
      CREATE TABLE account_snapshots (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        taken_at INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('broker', 'local')),
        reason TEXT NOT NULL,
        cash REAL NOT NULL,
        equity REAL NOT NULL,
        buying_power REAL,
        long_market_value REAL NOT NULL,
        short_market_value REAL NOT NULL,
        realized_pnl REAL,
        unrealized_pnl REAL,
        session_start_equity REAL
      );
      CREATE INDEX account_snapshots_by_time ON account_snapshots (account, taken_at);
      CREATE TABLE position_snapshots (
        snapshot_id INTEGER NOT NULL REFERENCES account_snapshots (id) ON DELETE CASCADE,
        symbol TEXT NOT NULL,
        qty REAL NOT NULL,
        avg_entry_price REAL NOT NULL,
        last_price REAL,
        market_value REAL NOT NULL,
        unrealized_pnl REAL,
        realized_pnl REAL,
        PRIMARY KEY (snapshot_id, symbol)
      ) WITHOUT ROWID;

      -- ACTIVE / REDUCING / HALTED changes and kill-switch pulls: when, who, why.
      CREATE TABLE trading_state_changes (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        t INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('state', 'kill_switch')),
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        cause TEXT,
        actor TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT
      );
      CREATE INDEX trading_state_changes_by_time ON trading_state_changes (account, id);

      -- Equity at the start of each trading session, so a restart keeps counting the day's loss.
      CREATE TABLE risk_sessions (
        account TEXT NOT NULL,
        session_key INTEGER NOT NULL,
        start_equity REAL NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account, session_key)
      );

      -- One trading service per account at a time (the app, or a CLI run), renewed while alive.
      CREATE TABLE trading_leases (
        account TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        pid INTEGER NOT NULL,
        acquired_at INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );

      -- The offline paper broker keeps its own books, as a remote broker would.
      CREATE TABLE paper_broker_state (
        account TEXT PRIMARY KEY,
        initial_cash REAL NOT NULL,
        state TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE paper_orders (
        account TEXT NOT NULL,
        client_order_id TEXT NOT NULL,
        broker_order_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        type TEXT NOT NULL,
        time_in_force TEXT NOT NULL,
        order_class TEXT NOT NULL,
        role TEXT,
        qty REAL NOT NULL,
        limit_price REAL,
        stop_price REAL,
        status TEXT NOT NULL,
        filled_qty REAL NOT NULL,
        avg_fill_price REAL,
        received_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account, client_order_id)
      );
      CREATE TABLE paper_executions (
        account TEXT NOT NULL,
        execution_id TEXT NOT NULL,
        client_order_id TEXT NOT NULL,
        broker_order_id TEXT NOT NULL,
        symbol TEXT NOT NULL,
        side TEXT NOT NULL,
        qty REAL NOT NULL,
        price REAL NOT NULL,
        commission REAL NOT NULL,
        t INTEGER NOT NULL,
        PRIMARY KEY (account, execution_id)
      );
      CREATE INDEX paper_executions_by_order ON paper_executions (account, client_order_id);
    `);
  },
};
