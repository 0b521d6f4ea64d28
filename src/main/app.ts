import fs from 'node:fs';
import path from 'node:path';
import { Bus } from './bus';
import { EventHub } from './ipc/event-hub';
import { Router, type Handlers } from './ipc/router';
import { createLogger, type Logger } from './log';
import { appRoot } from './paths';
import { seedBundledData } from './market/bundled-data';
import { AlpacaKeyVault } from './secrets/alpaca-keys';
import { EnvSecretStore } from './secrets/env-secret-store';
import { plaintextSecretStore } from './secrets/file-secret-store';
import type { SecretStore } from './secrets/secret-store';
import type { ServiceContext } from './services/context';
import { BacktestService } from './backtest/service';
import { RegimeService } from './regime/service';
import { backtestHandlers } from './services/backtest';
import { datasetHandlers } from './services/datasets';
import { preferenceHandlers } from './services/preferences';
import { regimeHandlers } from './services/regime';
import { secretsHandlers } from './services/secrets';
import { signalEndpointView, signalsHandlers, type SignalsServiceDeps } from './services/signals';
import { strategiesHandlers } from './services/strategies';
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
import { latestRegime } from './trading/regime-view';
import { brokerSpecOf, wireRuntimeToConfig } from './trading/runtime-config';

export interface SextantOptions {
  readonly dataDir: string;
  readonly host: ServiceContext['host'];
  readonly log?: Logger;
  /** Extra handlers a host serves itself (the Electron host's window requests). */
  readonly hostHandlers?: Partial<Handlers>;
  readonly validateOutputs?: boolean;
  /**
   * Where API keys entered in the app are saved: the Electron host passes the OS keychain
   * (safeStorage); by default an UNENCRYPTED file in the data folder (the web host, tests).
   */
  readonly secrets?: SecretStore;
  /** Environment variables read for keys (`APCA_API_KEY_ID` / `APCA_API_SECRET_KEY`); default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Whether live keys are present now (default: a live pair in the secret store or the environment). */
  readonly liveKeysPresent?: () => Promise<boolean>;
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

/** The inputs of trading: its configuration, the signals log, and the local signal endpoint. */
export interface TradingInputs {
  readonly config: TradingConfigService;
  readonly signals: SignalStore;
  /** Null until a signal handler is given. */
  readonly intake: SignalIntake | null;
  readonly signalEndpoint: SignalEndpointController | null;
  /** Where the endpoint's token is kept. */
  readonly tokens: TokenStore;
  /** The trading service on the broker trading.yaml and the live switch choose (paper by default). */
  readonly runtime: TradingRuntime;
}

/** The running core of the workstation, shared by the Electron host and the web host. */
export interface Sextant {
  readonly context: ServiceContext;
  readonly router: Router;
  readonly trading: TradingInputs;
  /** The Alpaca keys: their status and the providers the broker adapter uses. */
  readonly keys: AlpacaKeyVault;
  /** The strategy lab's jobs and experiment log. */
  readonly backtests: BacktestService;
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
  const regime = new RegimeService(context);
  router.register(regimeHandlers(regime));
  const backtests = new BacktestService(context);
  router.register(backtestHandlers(context, backtests));
  if (options.hostHandlers) router.register(options.hostHandlers);
  seedBundledDataOnce(context);

  const keys = new AlpacaKeyVault({
    store: options.secrets ?? plaintextSecretStore(options.dataDir),
    environment: new EnvSecretStore(options.env ?? process.env),
    log,
    host: options.host,
    onChange: (status) => hub.publish('secrets.changed', status),
  });
  const stops: Array<() => Promise<void> | void> = [];
  let trading: TradingInputs;
  try {
    trading = await startTradingInputs(context, { ...options, liveKeysPresent: options.liveKeysPresent ?? (() => keys.present('live')) }, stops, keys, regime);
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    db.close();
    throw error;
  }
  router.register(tradingConfigHandlers(trading.config));
  router.register(tradingHandlers(context, trading.runtime, trading.signals));
  router.register(strategiesHandlers(trading.runtime, trading.config));
  router.register(secretsHandlers(keys, trading.config, log));
  const signalsDeps: SignalsServiceDeps = { signals: trading.signals, config: trading.config, endpoint: trading.signalEndpoint, tokens: trading.tokens, log };
  router.register(signalsHandlers(signalsDeps));
  stops.push(publishSignalEvents(context, signalsDeps));
  // The bank catches up on stored bars in the background; windows get `regime.updates` as it goes.
  regime.start().catch((error: unknown) => log.error('regime', `the regime service did not start: ${error instanceof Error ? error.message : String(error)}`));
  stops.push(() => regime.stop());
  stops.push(() => backtests.stop());
  return {
    context,
    router,
    trading,
    keys,
    backtests,
    async close() {
      for (const stop of stops.reverse()) await stop();
      db.close();
    },
  };
}

async function startTradingInputs(context: ServiceContext, options: SextantOptions, stops: Array<() => Promise<void> | void>, keys: AlpacaKeyVault, regime: RegimeService): Promise<TradingInputs> {
  const { log, bus } = context;
  const config = await TradingConfigService.open({
    dataDir: context.dataDir,
    db: context.db,
    log,
    hub: context.hub,
    bus,
    settings: context.settings,
    ...(options.liveKeysPresent ? { liveKeysPresent: options.liveKeysPresent } : {}),
    watch: options.watchTradingConfig ?? true,
  });
  stops.push(() => config.close());
  const signals = new SignalStore(context.db);
  const tokens = options.tokens ?? new TokenFileStore(context.dataDir);
  const runtime = new TradingRuntime({
    db: context.db,
    log,
    publisher: context.hub,
    announce: context,
    owner: `app (${context.host})`,
    limits: config.config.risk,
    sizing: config.config.sizing,
    strategies: config.config.strategies,
    signals,
    // Keys from the vault (the keychain, then the environment); endpoints from the same environment.
    keyProvider: (mode) => keys.provider(mode),
    regime: latestRegime((symbol) => regime.current(symbol)),
    ...options.tradingRuntime,
    alpaca: { ...(options.env ? { env: options.env } : {}), ...options.tradingRuntime?.alpaca },
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
  // A window that closes stops watching its symbols (the others' lists stay).
  stops.push(context.hub.onDisconnect((connectionId) => void runtime.watch(connectionId, [])));
  const handler: SignalHandler = options.onSignal ?? ((signal, source) => runtime.handleSignal(signal, source));
  const intake = new SignalIntake({ store: signals, handler, log });
  const signalEndpoint = new SignalEndpointController({ intake, tokens, log });
  await signalEndpoint.apply(config.config.execution.signalEndpoint);
  const off = bus.on('trading.config.applied', ({ config: next }) => void signalEndpoint.apply(next.execution.signalEndpoint));
  stops.push(async () => {
    off();
    await signalEndpoint.close();
  });
  return { config, signals, intake, signalEndpoint, tokens, runtime };
}

/**
 * Streams of the signals log to the windows: every signal recorded or completed, and the
 * endpoint's status after each configuration is applied. Returns the function that stops them.
 */
function publishSignalEvents(context: ServiceContext, deps: SignalsServiceDeps): () => void {
  const { hub, bus, log } = context;
  const offSignals = deps.signals.onChange((id) => {
    if (!hub.hasSubscribers('signals.recorded')) return;
    const record = deps.signals.get(id);
    if (record) hub.publish('signals.recorded', record);
  });
  const offConfig = bus.on('trading.config.applied', () => {
    if (!hub.hasSubscribers('signals.endpoint.changed')) return;
    signalEndpointView(deps).then(
      (view) => hub.publish('signals.endpoint.changed', view),
      (error: unknown) => log.warn('signals', `could not read the signal endpoint's status: ${(error as Error).message}`),
    );
  });
  return () => {
    offSignals();
    offConfig();
  };
}
