import type { Db } from './database';

/** Preferences as JSON values by key. Never used for secrets. */
export class SettingsStore {
  constructor(private readonly db: Db) {}

  get<T = unknown>(key: string): T | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : null;
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(key, JSON.stringify(value ?? null), Date.now());
  }
}
