import { Layout } from '../../shared/ipc/services/layout';
import type { Db } from './database';

export class LayoutStore {
  constructor(private readonly db: Db) {}

  get(name: string): Layout | null {
    const row = this.db.prepare('SELECT value FROM layouts WHERE name = ?').get(name) as { value: string } | undefined;
    if (!row) return null;
    const parsed = Layout.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : null;
  }

  save(layout: Layout): void {
    this.db
      .prepare('INSERT INTO layouts (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(layout.name, JSON.stringify(layout), Date.now());
  }
}
