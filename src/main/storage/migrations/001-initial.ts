import type { Migration } from './index';

export const initial: Migration = {
  version: 1,
  name: 'datasets, bars, settings, layouts',
  up(db) {
    db.exec(`
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        source TEXT NOT NULL,
        time_kind TEXT NOT NULL CHECK (time_kind IN ('date', 'datetime')),
        tz TEXT NOT NULL DEFAULT 'UTC',
        rows INTEGER NOT NULL DEFAULT 0,
        first_t INTEGER,
        last_t INTEGER,
        created_at INTEGER NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX datasets_by_symbol ON datasets (symbol, timeframe);

      -- Time is epoch milliseconds UTC (daily bars at 00:00 UTC of their date).
      -- The primary key serves every range query: WHERE dataset_id = ? AND t BETWEEN ? AND ?.
      CREATE TABLE bars (
        dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        t INTEGER NOT NULL,
        o REAL NOT NULL,
        h REAL NOT NULL,
        l REAL NOT NULL,
        c REAL NOT NULL,
        v REAL NOT NULL,
        PRIMARY KEY (dataset_id, t)
      ) WITHOUT ROWID;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE layouts (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `);
  },
};
