import type { Bus } from '../bus';
import type { EventHub } from '../ipc/event-hub';
import type { Logger } from '../log';
import type { Db } from '../storage/database';
import type { LayoutStore } from '../storage/layouts';
import type { SettingsStore } from '../storage/settings';

/** What every main-process service is built from. Platform-neutral: no Electron in here. */
export interface ServiceContext {
  readonly host: 'electron' | 'web' | 'cli' | 'test';
  readonly version: string;
  readonly startedAt: number;
  readonly dataDir: string;
  readonly db: Db;
  readonly log: Logger;
  readonly hub: EventHub;
  readonly bus: Bus;
  readonly settings: SettingsStore;
  readonly layouts: LayoutStore;
}
