import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError, openDatabase, schemaVersion } from '../../../src/main/storage/database';
import { migrations } from '../../../src/main/storage/migrations/index';
import { LayoutStore } from '../../../src/main/storage/layouts';
import { SettingsStore } from '../../../src/main/storage/settings';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-db-'));
}

describe('database', () => {
  it('runs on N-API 10 or later (better-sqlite3 13 segfaults below)', () => {
    expect(Number(process.versions.napi)).toBeGreaterThanOrEqual(10);
  });

  it('creates the database in WAL mode with every migration applied, once', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(migrations.length);
    const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>;
    expect(applied.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    db.close();
    const again = openDatabase(dir);
    expect((again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(migrations.length);
    again.close();
  });

  it('has the tables and the range-query index the foundation needs', () => {
    const db = openDatabase(tempDir());
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['datasets', 'bars', 'settings', 'layouts', 'schema_migrations']));
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT * FROM bars WHERE dataset_id = 1 AND t BETWEEN 0 AND 100').all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/PRIMARY KEY|USING/);
    db.close();
  });

  it('rolls a failing migration back and leaves the version where it was', () => {
    const dir = tempDir();
    const broken = [
      ...migrations,
      { version: migrations.length + 1, name: 'broken', up: (db: import('better-sqlite3').Database) => db.exec('CREATE TABLE half (x); SELECT * FROM no_such_table;') },
    ];
    expect(() => openDatabase(dir, broken)).toThrow(/no_such_table/);
    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database written by a newer version with a message saying what to do', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    db.pragma(`user_version = ${migrations.length + 5}`);
    db.close();
    expect(() => openDatabase(dir)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(dir)).toThrow(/Update Sextant/);
  });

  it('stores settings and layouts as JSON', () => {
    const db = openDatabase(tempDir());
    const settings = new SettingsStore(db);
    expect(settings.get('x')).toBeNull();
    settings.set('x', { a: [1, 2] });
    expect(settings.get('x')).toEqual({ a: [1, 2] });
    const layouts = new LayoutStore(db);
    layouts.save({ name: 'default', windows: [{ windowId: 'main', displayId: 2, bounds: { x: 0, y: 0, width: 800, height: 600 }, panels: [] }] });
    expect(layouts.get('default')?.windows[0]?.displayId).toBe(2);
    db.close();
  });
});
