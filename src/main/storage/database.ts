import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations, type Migration } from './migrations/index';

export type Db = Database.Database;

export const DATABASE_FILE = 'sextant.db';

export class DatabaseTooNewError extends Error {
  constructor(file: string, found: number, known: number) {
    super(`${file} was written by a newer Sextant (schema ${found}; this version knows up to ${known}). Update Sextant, or point --data-dir at another folder.`);
    this.name = 'DatabaseTooNewError';
  }
}

/**
 * Opens (creating if needed) the database in `dataDir`, in WAL mode, and applies every pending
 * numbered migration, each in its own transaction.
 */
export function openDatabase(dataDir: string, list: readonly Migration[] = migrations): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  const db = new Database(file);
  try {
    configure(db);
    migrate(db, list, file);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** An in-memory database with the full schema, for tests and throwaway CLI runs. */
export function openMemoryDatabase(list: readonly Migration[] = migrations): Db {
  const db = new Database(':memory:');
  configure(db);
  migrate(db, list, ':memory:');
  return db;
}

function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, list: readonly Migration[], file: string): void {
  checkMigrationList(list);
  const known = list.length === 0 ? 0 : list[list.length - 1]!.version;
  const current = schemaVersion(db);
  if (current > known) throw new DatabaseTooNewError(file, current, known);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

function checkMigrationList(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration "${migration.name}" has version ${migration.version}; expected ${index + 1} (versions are consecutive from 1).`);
    }
  });
}
