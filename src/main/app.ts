import fs from 'node:fs';
import path from 'node:path';
import { Bus } from './bus';
import { EventHub } from './ipc/event-hub';
import { Router, type Handlers } from './ipc/router';
import { createLogger, type Logger } from './log';
import { appRoot } from './paths';
import type { ServiceContext } from './services/context';
import { RegimeService } from './regime/service';
import { preferenceHandlers } from './services/preferences';
import { regimeHandlers } from './services/regime';
import { systemHandlers } from './services/system';
import { openDatabase } from './storage/database';
import { LayoutStore } from './storage/layouts';
import { SettingsStore } from './storage/settings';

export interface SextantOptions {
  readonly dataDir: string;
  readonly host: ServiceContext['host'];
  readonly log?: Logger;
  /** Extra handlers a host serves itself (the Electron host's window requests). */
  readonly hostHandlers?: Partial<Handlers>;
  readonly validateOutputs?: boolean;
}

/** The running core of the workstation, shared by the Electron host and the web host. */
export interface Sextant {
  readonly context: ServiceContext;
  readonly router: Router;
  close(): Promise<void>;
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(appRoot(), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function startSextant(options: SextantOptions): Promise<Sextant> {
  const log = options.log ?? createLogger();
  const db = openDatabase(options.dataDir);
  const hub = new EventHub();
  log.onRecord((record) => {
    if (record.level !== 'debug') hub.publish('system.log', record);
  });
  const context: ServiceContext = {
    host: options.host,
    version: readVersion(),
    startedAt: Date.now(),
    dataDir: options.dataDir,
    db,
    log,
    hub,
    bus: new Bus(),
    settings: new SettingsStore(db),
    layouts: new LayoutStore(db),
  };
  const router = new Router(log, { validateOutputs: options.validateOutputs ?? false });
  router.register(systemHandlers(context));
  router.register(preferenceHandlers(context));
  const regime = new RegimeService(context);
  router.register(regimeHandlers(regime));
  if (options.hostHandlers) router.register(options.hostHandlers);

  const stops: Array<() => Promise<void> | void> = [];
  // The bank catches up on stored bars in the background; windows get `regime.updates` as it goes.
  regime.start().catch((error: unknown) => log.error('regime', `the regime service did not start: ${error instanceof Error ? error.message : String(error)}`));
  stops.push(() => regime.stop());
  return {
    context,
    router,
    async close() {
      for (const stop of stops.reverse()) await stop();
      db.close();
    },
  };
}
