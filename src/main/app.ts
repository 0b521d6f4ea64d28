import fs from 'node:fs';
import path from 'node:path';
import { Bus } from './bus';
import { EventHub } from './ipc/event-hub';
import { Router, type Handlers } from './ipc/router';
import { createLogger, type Logger } from './log';
import { appRoot } from './paths';
import { seedBundledData } from './market/bundled-data';
import type { ServiceContext } from './services/context';
import { datasetHandlers } from './services/datasets';
import { preferenceHandlers } from './services/preferences';
import { systemHandlers } from './services/system';
import { tradingHandlers } from './services/trading';
import { TradingRuntime, type BrokerSpec } from './trading/runtime';
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
  /** The broker trading starts on (default: the offline paper broker). Live only through the confirmed switch. */
  readonly trading?: BrokerSpec;
}

/** The running core of the workstation, shared by the Electron host and the web host. */
export interface Sextant {
  readonly context: ServiceContext;
  readonly router: Router;
  readonly trading: TradingRuntime;
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

/** First start in a data folder: import the bundled datasets. A failure is logged, never fatal, and retried next start. */
function seedBundledDataOnce(context: ServiceContext): void {
  try {
    seedBundledData(context);
  } catch (error) {
    context.log.error('datasets', `could not import the bundled datasets: ${error instanceof Error ? error.message : String(error)}`);
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
  router.register(datasetHandlers(context));
  if (options.hostHandlers) router.register(options.hostHandlers);
  seedBundledDataOnce(context);

  const stops: Array<() => Promise<void> | void> = [];
  const trading = new TradingRuntime({ db, log, publisher: hub, announce: context, owner: `app (${options.host})` });
  router.register(tradingHandlers(context, trading));
  try {
    await trading.start(options.trading ?? { kind: 'paper' });
  } catch (error) {
    // The app still opens (charts, data); trading requests answer `unavailable` with this reason in the log.
    log.error('trading', `trading did not start: ${log.redact(error instanceof Error ? error.message : String(error))}`);
  }
  const stopBarsWatch = context.bus.on('dataset.changed', () => trading.current?.service.barsChanged());
  stops.push(() => stopBarsWatch(), () => trading.close());
  return {
    context,
    router,
    trading,
    async close() {
      for (const stop of stops.reverse()) await stop();
      db.close();
    },
  };
}
