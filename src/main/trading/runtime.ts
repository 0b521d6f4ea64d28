/**
 * Builds a running trading service for a broker choice, and (in the app) keeps the current one,
 * replacing it when the confirmed mode switch picks another broker. The app and the CLI both come
 * through here, so they trade exactly the same way.
 */
import type { FillModelConfig } from '../../shared/broker/sim/simulated-broker';
import { equityInstrument, type Instrument } from '../../shared/domain/instrument';
import type { RegimeView } from '../../shared/domain/regime';
import { InputError } from '../../shared/errors';
import type { ReplayStatus } from '../../shared/ipc/services/trading';
import type { RiskLimits } from '../../shared/risk/risk-limits';
import type { Signal } from '../../shared/domain/signal';
import { outcomeWithoutOrder, type SignalOutcome, type SignalSource } from '../../shared/trading/signal-outcome';
import type { StrategyLiveStatus } from '../../shared/ipc/services/strategies';
import type { StrategyDefinition } from '../../shared/strategies/registry';
import type { SizingSettings } from '../../shared/trading/signal-sizing';
import { liveStrategies, type TradingConfig } from '../../shared/trading/trading-config';
import { AlpacaAdapter, type AlpacaAdapterOptions } from '../broker/alpaca/adapter';
import { AlpacaBroker } from '../broker/alpaca/alpaca-broker';
import type { AlpacaKeyProvider } from '../broker/alpaca/config';
import type { Logger } from '../log';
import { DatasetStore } from '../market/dataset-store';
import type { ServiceContext } from '../services/context';
import type { Db } from '../storage/database';
import { SignalStore } from '../storage/signal-store';
import { AlpacaBinding, type AlpacaBindingOptions } from './alpaca-binding';
import { PaperBinding } from './paper/paper-binding';
import { PaperBroker } from './paper/paper-broker';
import { PaperReplay, type ReplayRequest } from './paper/paper-replay';
import { currentPaperAccount, openNewPaperAccount } from './paper/paper-account';
import { PaperStore } from './paper/paper-store';
import { StoredMarket } from './stored-market';
import { StrategyHost } from './strategy-host/strategy-host';
import { TradingService, type TradingBrokerBinding, type TradingPublisher } from './trading-service';

export type BrokerSpec =
  | {
      readonly kind: 'paper';
      /** Cash of a new paper account (default 100,000). */
      readonly initialCash?: number;
      /** Default: market orders fill at the last close at once (`close`); `next-open` waits for the next bar. */
      readonly fillModel?: Partial<FillModelConfig>;
      readonly delivery?: 'async' | 'sync';
    }
  | {
      readonly kind: 'alpaca';
      readonly mode: 'paper' | 'live';
      /** The user confirmed the switch to live (required for live). */
      readonly liveConfirmed?: boolean;
      readonly env?: Readonly<Record<string, string | undefined>>;
      readonly keyProvider?: AlpacaKeyProvider;
      /** Tuning (tests shorten the streams' timers). */
      readonly adapter?: Pick<AlpacaAdapterOptions, 'rest' | 'tradingStream' | 'marketDataStream'>;
      readonly broker?: { readonly lookupPauseMs?: number; readonly sleep?: (ms: number) => Promise<void>; readonly nativeOrderClasses?: boolean };
      readonly liveBars?: boolean;
      readonly connectTimeoutMs?: number;
      /** The service's wall clock: journal times, price ages (tests: the emulated market's time). */
      readonly clock?: () => number;
      /** Wall clock of the live bars' coverage and timers (default `clock`). */
      readonly barClock?: () => number;
      /** Tuning of the bars built from minutes. */
      readonly bars?: AlpacaBindingOptions['bars'];
    };

export interface TradingRuntimeOptions {
  readonly db: Db;
  readonly log: Logger;
  readonly publisher?: TradingPublisher;
  /** Where `dataset.changed` goes for stored live bars (the app's context); null in the CLI. */
  readonly announce?: Pick<ServiceContext, 'hub' | 'bus' | 'log'> | null;
  readonly limits?: RiskLimits;
  readonly sizing?: SizingSettings;
  readonly strategies?: TradingConfig['strategies'];
  /** Where the keys of each Alpaca account come from (default: APCA_API_KEY_ID / APCA_API_SECRET_KEY). */
  readonly keyProvider?: (mode: 'paper' | 'live') => AlpacaKeyProvider;
  /** Applied to every Alpaca broker this runtime builds (tests point it at the emulator). */
  readonly alpaca?: Partial<Omit<Extract<BrokerSpec, { kind: 'alpaca' }>, 'kind' | 'mode' | 'liveConfirmed'>>;
  readonly regime?: (symbol: string) => RegimeView | undefined;
  readonly owner?: string;
  readonly instrument?: (symbol: string) => Instrument;
  readonly killSwitchCancelWaitMs?: number;
  /** The signals log strategies' signals are stored in (default: a store on `db`). */
  readonly signals?: SignalStore;
  /** How long a strategy's submit waits for the broker's acknowledgement. */
  readonly strategyAckTimeoutMs?: number;
  /** Where the strategy host finds strategies by name (default: the registry). */
  readonly strategyRegistry?: (name: string) => StrategyDefinition;
}

export interface BuiltService {
  readonly service: TradingService;
  /** Paper only. */
  readonly paper: { readonly broker: PaperBroker; readonly replay: PaperReplay } | null;
  readonly alpaca: AlpacaBinding | null;
}

/** Builds (does not start) the service for `spec`. */
export async function buildTradingService(spec: BrokerSpec, options: TradingRuntimeOptions): Promise<BuiltService> {
  const instrument = options.instrument ?? ((symbol: string) => equityInstrument(symbol));
  const common = {
    db: options.db,
    log: options.log,
    limits: options.limits,
    sizing: options.sizing,
    strategies: options.strategies,
    regime: options.regime,
    publisher: options.publisher,
    owner: options.owner,
    instrument,
    killSwitchCancelWaitMs: options.killSwitchCancelWaitMs,
  };
  if (spec.kind === 'paper') {
    let replay: PaperReplay | null = null;
    const stored = new StoredMarket(options.db);
    const clock = (): number => replay?.clock() ?? Date.now();
    const broker = new PaperBroker({
      store: new PaperStore(options.db, currentPaperAccount(options.db)),
      initialCash: spec.initialCash ?? 100_000,
      clock,
      instrument,
      fillModel: { marketFill: 'close', ...spec.fillModel },
      delivery: spec.delivery,
      primer: (symbol) => {
        const bar = stored.lastBar(symbol);
        return bar ? { bar, timeframe: bar.timeframe } : null;
      },
      log: options.log,
    });
    let service: TradingService | null = null;
    replay = new PaperReplay(broker, new DatasetStore(options.db), options.log, () => service?.publishState());
    const binding: TradingBrokerBinding = new PaperBinding(broker, replay, (symbol) => replay?.timeframeOf(symbol) ?? '1Min');
    service = new TradingService({ ...common, binding, mode: 'paper', clock, replayStatus: () => replay?.status() ?? null });
    return { service, paper: { broker, replay }, alpaca: null };
  }
  if (spec.mode === 'live' && spec.liveConfirmed !== true) {
    throw new InputError('live trading needs the confirmed switch to live; the service stays on paper');
  }
  const adapter = await AlpacaAdapter.create({
    settings: { mode: spec.mode, liveConfirmed: spec.liveConfirmed },
    env: spec.env,
    keyProvider: spec.keyProvider,
    log: options.log,
    ...spec.adapter,
  });
  const broker = new AlpacaBroker({ adapter, log: options.log, ...spec.broker });
  const binding = new AlpacaBinding({
    adapter,
    broker,
    db: options.db,
    log: options.log,
    announce: options.announce ?? null,
    publisher: options.publisher,
    liveBars: spec.liveBars,
    connectTimeoutMs: spec.connectTimeoutMs,
    clock: spec.barClock ?? spec.clock,
    bars: spec.bars,
  });
  const service = new TradingService({ ...common, binding, mode: spec.mode, ...(spec.clock ? { clock: spec.clock } : {}) });
  return { service, paper: null, alpaca: binding };
}

/**
 * The app's trading: one service at a time, on the broker trading.yaml and the live switch choose.
 * `switchTo` stops the current service (its streams, its lease) and starts one on the new broker;
 * when the new broker cannot start, the previous one is started again and the failure reported.
 * Switches run one after another.
 */
export class TradingRuntime {
  private built: BuiltService | null = null;
  private spec: BrokerSpec | null = null;
  private queue: Promise<void> = Promise.resolve();
  private limits: RiskLimits | undefined;
  private sizing: SizingSettings | undefined;
  private strategies: TradingConfig['strategies'] | undefined;
  private host: StrategyHost | null = null;
  private readonly signals: SignalStore;
  /** Symbols each window watches (quotes and trades), kept across broker switches. */
  private readonly watchlists = new Map<string, ReadonlySet<string>>();

  constructor(private readonly options: TradingRuntimeOptions) {
    this.limits = options.limits;
    this.sizing = options.sizing;
    this.strategies = options.strategies;
    this.signals = options.signals ?? new SignalStore(options.db);
  }

  get service(): TradingService {
    if (!this.built) throw new Error('trading has not started');
    return this.built.service;
  }

  get current(): BuiltService | null {
    return this.built;
  }

  /** The broker choice in force (null before the first start). */
  get brokerSpec(): BrokerSpec | null {
    return this.spec;
  }

  start(spec: BrokerSpec): Promise<void> {
    return this.enqueue(() => this.startNow(spec));
  }

  /** Moves trading to another broker (the previous one comes back if the new one cannot start). */
  switchTo(spec: BrokerSpec): Promise<void> {
    return this.enqueue(async () => {
      const previous = this.spec;
      await this.closeNow();
      try {
        await this.startNow(spec);
      } catch (error) {
        this.options.log.error('trading', `could not switch to ${describeSpec(spec)}: ${this.options.log.redact(error instanceof Error ? error.message : String(error))}`);
        if (previous) await this.startNow(previous);
        throw error;
      }
    });
  }

  /**
   * New limits, sizing and strategy settings (trading.yaml changed): in force from the next order;
   * the strategy host starts, stops or restarts the strategies the file now lists.
   */
  applyConfig(config: TradingConfig): Promise<void> {
    this.limits = config.risk;
    this.sizing = config.sizing;
    this.strategies = config.strategies;
    this.built?.service.setLimits(config.risk, 'trading.yaml');
    this.built?.service.setSizing(config.sizing);
    this.built?.service.setStrategySettings(config.strategies);
    return this.host?.apply(liveStrategies(config.strategies)) ?? Promise.resolve();
  }

  /** The live strategies' status: the host's, or each configured one as stopped while trading is not running. */
  strategiesStatus(): StrategyLiveStatus[] {
    if (this.host) return this.host.status();
    const now = Date.now();
    return liveStrategies(this.strategies ?? {}).map((spec) => ({
      id: spec.id, strategy: spec.strategy, enabled: spec.enabled, state: spec.enabled ? 'stopped' : 'disabled', since: now,
      detail: spec.enabled ? 'trading is not running (it failed to start, or is switching brokers)' : 'enabled: false in trading.yaml',
      symbols: [...spec.symbols], timeframe: spec.timeframe, parameters: { ...spec.parameters },
      warmup: { bars: 0, from: null, to: null, datasets: [], done: false }, lastBar: null, barsProcessed: 0, intents: 0, lastSignal: null, error: null, notes: [],
    }));
  }

  /** Starts a strategy again from a fresh warm-up (one that stopped on an error). */
  restartStrategy(id: string): Promise<void> {
    return this.host?.restart(id) ?? Promise.resolve();
  }

  /** Resolves when the strategy host has handled everything given to it so far. */
  strategiesIdle(): Promise<void> {
    return this.host?.idle() ?? Promise.resolve();
  }

  /** The signal handler of the intake (endpoint, strategies): waits for the broker's acknowledgement. */
  async handleSignal(signal: Signal, source: SignalSource): Promise<SignalOutcome> {
    const built = this.built;
    if (!built) return outcomeWithoutOrder('unavailable', 0, { error: 'trading is not running: it failed to start (see the log) or is switching brokers' });
    return built.service.submitSignal(signal, source, { wait: 'ack', timeoutMs: 10_000 });
  }

  /** Replaces one window's watch list; returns what is watched now (all windows) and whether quotes are live. */
  watch(connectionId: string, symbols: readonly string[]): { watching: string[]; live: boolean } {
    if (symbols.length === 0) this.watchlists.delete(connectionId);
    else this.watchlists.set(connectionId, new Set(symbols.map((symbol) => symbol.trim().toUpperCase())));
    this.applyWatchlists();
    return { watching: [...this.watched()].sort(), live: Boolean(this.built?.alpaca?.market) };
  }

  private watched(): Set<string> {
    const all = new Set<string>();
    for (const list of this.watchlists.values()) for (const symbol of list) all.add(symbol);
    return all;
  }

  private applyWatchlists(): void {
    const market = this.built?.alpaca?.market;
    if (!market) return;
    const wanted = this.watched();
    market.unwatch(market.watching().filter((symbol) => !wanted.has(symbol)));
    market.watch([...wanted]);
  }

  replayStart(request: ReplayRequest): ReplayStatus {
    const paper = this.built?.paper;
    if (!paper) throw new InputError('replay drives the offline paper broker; switch to paper first');
    const status = paper.replay.start(request);
    void this.host?.replayStarted(paper.replay.replayed());
    return status;
  }

  replayStop(): ReplayStatus | null {
    return this.built?.paper?.replay.stop() ?? null;
  }

  replayStatus(): ReplayStatus | null {
    return this.built?.paper?.replay.status() ?? null;
  }

  /**
   * A fresh offline paper account with `initialCash` (the old one's history stays in the journal
   * under its id): paper trading stops, the new account is opened, trading starts again on it.
   */
  resetPaper(initialCash: number): Promise<{ account: string; previous: string; initialCash: number }> {
    return this.enqueue(async () => {
      const spec = this.spec;
      if (!this.built?.paper || spec?.kind !== 'paper') throw new InputError('only the offline paper account can be reset; switch trading.yaml to the paper broker first');
      if (!(initialCash > 0) || !Number.isFinite(initialCash)) throw new InputError(`the starting cash must be a positive amount, got ${initialCash}`);
      const previous = this.built.service.account;
      await this.closeNow();
      const account = openNewPaperAccount(this.options.db);
      this.options.log.warn('trading', `paper account ${previous} closed; trading now on the new paper account ${account} with ${initialCash} in cash`);
      await this.startNow({ ...spec, initialCash });
      return { account, previous, initialCash };
    });
  }

  close(): Promise<void> {
    return this.enqueue(() => this.closeNow());
  }

  private async startNow(spec: BrokerSpec): Promise<void> {
    const keys = spec.kind === 'alpaca' ? this.options.keyProvider?.(spec.mode) : undefined;
    const full: BrokerSpec = spec.kind === 'alpaca' ? { ...(keys ? { keyProvider: keys } : {}), ...this.options.alpaca, ...spec } : spec;
    const built = await buildTradingService(full, { ...this.options, limits: this.limits, sizing: this.sizing, strategies: this.strategies });
    this.built = built;
    this.spec = spec;
    try {
      await built.service.start();
    } catch (error) {
      this.built = null;
      await built.service.close();
      throw error;
    }
    this.applyWatchlists();
    this.startStrategies(built);
  }

  /** The strategy host of a started service; a paper replay waits for it after each bar. */
  private startStrategies(built: BuiltService): void {
    const replay = built.paper?.replay ?? null;
    const host = new StrategyHost({
      service: built.service,
      db: this.options.db,
      log: this.options.log,
      signals: this.signals,
      publisher: this.options.publisher ?? null,
      replayPosition: () => (replay?.running ? { replayed: replay.replayed(), t: replay.status()?.t ?? null } : null),
      ...(this.options.strategyAckTimeoutMs !== undefined ? { ackTimeoutMs: this.options.strategyAckTimeoutMs } : {}),
      ...(this.options.strategyRegistry ? { registry: this.options.strategyRegistry } : {}),
    });
    this.host = host;
    replay?.setBarrier(() => host.idle());
    host.start(liveStrategies(this.strategies ?? {}));
  }

  private async closeNow(): Promise<void> {
    const built = this.built;
    const host = this.host;
    this.built = null;
    this.host = null;
    built?.paper?.replay.setBarrier(null);
    await host?.close();
    await built?.service.close();
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}

export function describeSpec(spec: BrokerSpec): string {
  return spec.kind === 'paper' ? 'the offline paper broker' : `Alpaca ${spec.mode}`;
}
