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
import { tradingConfigHandlers } from './services/trading-config';
import { openDatabase } from './storage/database';
import { LayoutStore } from './storage/layouts';
import { SettingsStore } from './storage/settings';
import { SignalStore } from './storage/signal-store';
import { TradingConfigService } from './trading/config/trading-config-service';
import { SignalEndpointController } from './trading/signal-endpoint/controller';
import { TokenFileStore, type TokenStore } from './trading/signal-endpoint/endpoint-token';
import { SignalIntake, type SignalHandler } from './trading/signal-intake';
import { TradingRuntime, type TradingRuntimeOptions } from './trading/runtime';
import { envKeyProvider, firstKeyProvider, secretStoreKeyProvider } from './broker/alpaca/keys';
import { keyKind, type AlpacaKeyProvider } from './broker/alpaca/config';
import type { SecretStore } from './secrets/secret-store';
import { brokerSpecOf, wireRuntimeToConfig } from './trading/runtime-config';

export interface SextantOptions {
  readonly dataDir: string;
  readonly host: ServiceContext['host'];
  readonly log?: Logger;
  /** Extra handlers a host serves itself (the Electron host's window requests). */
  readonly hostHandlers?: Partial<Handlers>;
  readonly validateOutputs?: boolean;
  /** Whether live keys are present now (default: live keys in `secrets` or the environment). */
  readonly liveKeysPresent?: () => Promise<boolean>;
  /** Where Alpaca keys are kept (the Electron host: the OS keychain); the environment is asked too. */
  readonly secrets?: SecretStore;
  /** What acts on signals (default: the trading service). */
  readonly onSignal?: SignalHandler;
  /**
   * Tuning of the trading service the app composes (tests point Alpaca at the emulator here). The
   * broker itself follows trading.yaml and the live switch.
   */
  readonly tradingRuntime?: Partial<Pick<TradingRuntimeOptions, 'killSwitchCancelWaitMs' | 'alpaca' | 'sizing' | 'regime'>>;
  /** Where the signal endpoint's token is kept (default: a 0600 file in the data folder). */
  readonly tokens?: TokenStore;
  /** Apply edits of trading.yaml as they are saved (default true). */
  readonly watchTradingConfig?: boolean;
}

/** Trading: its configuration, the signals log, the local signal endpoint and the running service. */
export interface TradingInputs {
  readonly config: TradingConfigService;
  readonly signals: SignalStore;
  readonly intake: SignalIntake | null;
  readonly signalEndpoint: SignalEndpointController | null;
  /** The trading service on the broker trading.yaml and the live switch choose (paper by default). */
  readonly runtime: TradingRuntime;
}

/** The running core of the workstation, shared by the Electron host and the web host. */
export interface Sextant {
  readonly context: ServiceContext;
  readonly router: Router;
  readonly trading: TradingInputs;
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
  let trading: TradingInputs;
  try {
    trading = await startTradingInputs(context, options, stops);
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    db.close();
    throw error;
  }
  router.register(tradingConfigHandlers(trading.config));
  router.register(tradingHandlers(context, trading.runtime, trading.signals));
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

/** The keys of each Alpaca account: the secret store first, then APCA_API_KEY_ID / APCA_API_SECRET_KEY. */
function alpacaKeys(secrets: SecretStore): (mode: 'paper' | 'live') => AlpacaKeyProvider {
  return (mode) => firstKeyProvider(secretStoreKeyProvider(secrets, mode), envKeyProvider());
}

async function startTradingInputs(context: ServiceContext, options: SextantOptions, stops: Array<() => Promise<void> | void>): Promise<TradingInputs> {
  const { log, bus } = context;
  // Without a secret store the Alpaca adapter reads the environment itself.
  const keyProvider = options.secrets ? alpacaKeys(options.secrets) : undefined;
  const liveKeysPresent =
    options.liveKeysPresent ??
    (async () => {
      const keys = await (keyProvider ? keyProvider('live') : envKeyProvider())();
      return keys !== null && keyKind(keys.keyId) !== 'paper';
    });
  const config = await TradingConfigService.open({
    dataDir: context.dataDir,
    db: context.db,
    log,
    hub: context.hub,
    bus,
    settings: context.settings,
    liveKeysPresent,
    watch: options.watchTradingConfig ?? true,
  });
  stops.push(() => config.close());
  const signals = new SignalStore(context.db);
  const runtime = new TradingRuntime({
    db: context.db,
    log,
    publisher: context.hub,
    announce: context,
    owner: `app (${context.host})`,
    limits: config.config.risk,
    strategies: config.config.strategies,
    ...(keyProvider ? { keyProvider } : {}),
    ...options.tradingRuntime,
  });
  stops.push(() => runtime.close());
  const spec = brokerSpecOf(config.config, config.modeView.effective);
  const starting = runtime.start(spec).catch((error: unknown) => {
    // The app still opens (charts, data); trading requests answer `unavailable`, the log says why.
    log.error('trading', `trading did not start: ${log.redact(error instanceof Error ? error.message : String(error))}`);
  });
  // The offline paper broker starts at once; a network broker connects in the background (orders
  // are refused, with the reason, until it has been reached and reconciled).
  if (spec.kind === 'paper') await starting;
  stops.push(wireRuntimeToConfig(runtime, config, context));
  const handler: SignalHandler = options.onSignal ?? ((signal, source) => runtime.handleSignal(signal, source));
  const intake = new SignalIntake({ store: signals, handler, log });
  const signalEndpoint = new SignalEndpointController({ intake, tokens: options.tokens ?? new TokenFileStore(context.dataDir), log });
  await signalEndpoint.apply(config.config.execution.signalEndpoint);
  const off = bus.on('trading.config.applied', ({ config: next }) => void signalEndpoint.apply(next.execution.signalEndpoint));
  stops.push(async () => {
    off();
    await signalEndpoint.close();
  });
  return { config, signals, intake, signalEndpoint, runtime };
}
