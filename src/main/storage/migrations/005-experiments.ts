import type { Migration } from './index';

/**
 * The experiment log of the strategy lab: one row per stored run — a backtest, an optimisation,
 * a walk-forward test, a Monte Carlo run — with everything needed to read it again and to run it
 * again: the spec as validated, the data it ran on (dataset ids or file, with content hashes), the
 * fill model, sizing and risk limits in full, the metrics, the equity curve (a blob of float64:
 * n times then n equities), trades and open positions. A child row (an optimisation's best run, a
 * walk-forward's window tests, a Monte Carlo run of a backtest) goes when its parent is deleted.
 */
export const experiments: Migration = {
  version: 5,
  name: 'strategy lab experiments',
  up(db) {
    db.exec(`
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('backtest', 'optimization', 'walkforward', 'montecarlo')),
        parent_id INTEGER REFERENCES experiments (id) ON DELETE CASCADE,
        name TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        strategy TEXT NOT NULL,
        params TEXT NOT NULL,
        symbols TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        data TEXT NOT NULL,
        spec TEXT NOT NULL,
        sizing TEXT NOT NULL,
        fill_model TEXT NOT NULL,
        risk_limits TEXT NOT NULL,
        initial_cash REAL NOT NULL,
        final_equity REAL,
        bars INTEGER NOT NULL,
        objective TEXT,
        summary TEXT,
        metrics TEXT,
        result TEXT,
        equity BLOB,
        trades TEXT NOT NULL DEFAULT '[]',
        open_positions TEXT NOT NULL DEFAULT '[]',
        run_notes TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        duration_ms REAL NOT NULL
      );
      CREATE INDEX experiments_by_parent ON experiments (parent_id);
      CREATE INDEX experiments_by_kind ON experiments (kind, id);
      CREATE INDEX experiments_by_strategy ON experiments (strategy, id);
    `);
  },
};
