import type { ConfigChange } from '../../shared/trading/config-diff';
import type { ConfigActor, ConfigChangeRecord } from '../../shared/ipc/services/trading-config';
import type { Db } from './database';

interface ChangeRow {
  id: number;
  batch: number;
  changed_at: number;
  actor: ConfigActor;
  key_path: string;
  before_json: string | null;
  after_json: string | null;
}

const toJson = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const fromJson = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));

export interface AppliedConfig {
  readonly config: unknown;
  readonly hash: string;
  readonly appliedAt: number;
}

/** The history of the trading configuration, key by key, and the configuration last in force. */
export class ConfigChangeStore {
  constructor(private readonly db: Db) {}

  /** Writes one batch (one edit, one update) and returns its number; nothing for no changes. */
  record(at: number, actor: ConfigActor, changes: readonly ConfigChange[]): number | null {
    if (changes.length === 0) return null;
    return this.db.transaction(() => {
      const { next } = this.db.prepare('SELECT COALESCE(MAX(batch), 0) + 1 AS next FROM config_changes').get() as { next: number };
      const insert = this.db.prepare('INSERT INTO config_changes (batch, changed_at, actor, key_path, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)');
      for (const change of changes) insert.run(next, at, actor, change.path, toJson(change.before), toJson(change.after));
      return next;
    })();
  }

  /** Newest first. `path` matches a key and everything under it (`risk` matches `risk.orderRate.windowMs`). */
  list(query: { limit?: number; beforeId?: number; path?: string } = {}): ConfigChangeRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.beforeId !== undefined) {
      where.push('id < ?');
      params.push(query.beforeId);
    }
    if (query.path !== undefined) {
      where.push("(key_path = ? OR substr(key_path, 1, length(?) + 1) IN (? || '.', ? || '['))");
      params.push(query.path, query.path, query.path, query.path);
    }
    params.push(Math.min(Math.max(1, Math.floor(query.limit ?? 100)), 1000));
    const rows = this.db
      .prepare(`SELECT * FROM config_changes ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`)
      .all(...params) as ChangeRow[];
    return rows.map((row) => ({
      id: row.id,
      batch: row.batch,
      at: row.changed_at,
      actor: row.actor,
      path: row.key_path,
      before: fromJson(row.before_json),
      after: fromJson(row.after_json),
    }));
  }

  lastApplied(): AppliedConfig | null {
    const row = this.db.prepare('SELECT config, file_hash, applied_at FROM trading_config_applied WHERE id = 1').get() as
      | { config: string; file_hash: string; applied_at: number }
      | undefined;
    return row ? { config: JSON.parse(row.config) as unknown, hash: row.file_hash, appliedAt: row.applied_at } : null;
  }

  saveApplied(config: unknown, hash: string, at: number): void {
    this.db
      .prepare(
        'INSERT INTO trading_config_applied (id, config, file_hash, applied_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET config = excluded.config, file_hash = excluded.file_hash, applied_at = excluded.applied_at',
      )
      .run(JSON.stringify(config), hash, at);
  }

  /** Records a batch and the configuration now in force, together or not at all. */
  recordApplied(at: number, actor: ConfigActor, changes: readonly ConfigChange[], config: unknown, hash: string): number | null {
    return this.db.transaction(() => {
      const batch = this.record(at, actor, changes);
      this.saveApplied(config, hash, at);
      return batch;
    })();
  }
}
