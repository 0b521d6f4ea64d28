import type { Migration } from './index';

/**
 * Issue 5's inputs of live trading: every signal with its outcome, and every change of the
 * trading configuration (trading.yaml, the UI, the CLI) key by key.
 */
export const tradingInputs: Migration = {
  version: 2,
  name: 'signals, config_changes, trading_config_applied',
  up(db) {
    db.exec(`
      -- One row per signal, written when it arrives (status 'received'), completed with its outcome.
      -- A payload that was not a valid signal is kept too (status 'invalid'), its fields then null.
      CREATE TABLE signals (
        id INTEGER PRIMARY KEY,
        received_at INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('strategy', 'ticket', 'endpoint', 'cli')),
        strategy_id TEXT,
        symbol TEXT,
        action TEXT CHECK (action IN ('BUY', 'SELL', 'HOLD')),
        payload TEXT NOT NULL,
        status TEXT NOT NULL,
        outcome TEXT,
        decided_at INTEGER,
        client_order_id TEXT
      );
      CREATE INDEX signals_by_strategy ON signals (strategy_id, id);
      CREATE INDEX signals_by_symbol ON signals (symbol, id);
      CREATE INDEX signals_by_client_order ON signals (client_order_id) WHERE client_order_id IS NOT NULL;

      -- One row per changed key; the rows of one change share its batch. before/after are JSON,
      -- NULL where the key did not exist on that side.
      CREATE TABLE config_changes (
        id INTEGER PRIMARY KEY,
        batch INTEGER NOT NULL,
        changed_at INTEGER NOT NULL,
        actor TEXT NOT NULL CHECK (actor IN ('file', 'ui', 'cli', 'system')),
        key_path TEXT NOT NULL,
        before_json TEXT,
        after_json TEXT
      );
      CREATE INDEX config_changes_by_batch ON config_changes (batch);
      CREATE INDEX config_changes_by_key ON config_changes (key_path, id);

      -- The configuration last put in force, to diff against an edit made while Sextant was closed
      -- and to run with when the file is broken at start-up.
      CREATE TABLE trading_config_applied (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        config TEXT NOT NULL,
        file_hash TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      );
    `);
  },
};
