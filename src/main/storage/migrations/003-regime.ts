import type { Migration } from './index';

/**
 * The regime filter bank's records, per dataset (one bank runs per dataset: a symbol's bars of
 * one bar size):
 * - regime_states: the bank's state after the last processed bar (a versioned blob), what it
 *   last said (the gauges' figures, as JSON), and the fingerprint of the configuration and clock
 *   it ran under — a different fingerprint means rerun from the first bar.
 * - regime_series: the probabilities and displayed label of every processed bar, stored as
 *   emitted, so the chart band shows what the bank said live (and what any trade saw) and loads
 *   by range without rerunning the bank.
 * - regime_transitions: every change of the displayed label with the probabilities at that bar.
 */
export const regime: Migration = {
  version: 3,
  name: 'regime states, series, transitions',
  up(db) {
    db.exec(`
      CREATE TABLE regime_states (
        dataset_id INTEGER PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        last_t INTEGER NOT NULL,
        bars INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        state BLOB NOT NULL,
        current TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX regime_states_by_symbol ON regime_states (symbol, timeframe);

      CREATE TABLE regime_series (
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        t INTEGER NOT NULL,
        p_bull REAL NOT NULL,
        p_bear REAL NOT NULL,
        p_sideways REAL NOT NULL,
        p_high_vol REAL NOT NULL,
        p_low_vol REAL NOT NULL,
        p_crisis REAL NOT NULL,
        label INTEGER NOT NULL,
        observed INTEGER NOT NULL,
        PRIMARY KEY (dataset_id, t)
      ) WITHOUT ROWID;

      CREATE TABLE regime_transitions (
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        symbol TEXT NOT NULL,
        t INTEGER NOT NULL,
        from_regime TEXT NOT NULL,
        to_regime TEXT NOT NULL,
        probabilities TEXT NOT NULL,
        PRIMARY KEY (dataset_id, t)
      ) WITHOUT ROWID;
      CREATE INDEX regime_transitions_by_symbol ON regime_transitions (symbol, t);
    `);
  },
};
