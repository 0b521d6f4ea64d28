import crypto from 'node:crypto';
import path from 'node:path';
import type { Bus } from '../../bus';
import type { EventHub } from '../../ipc/event-hub';
import type { Logger } from '../../log';
import { ConfigChangeStore } from '../../storage/config-change-store';
import type { Db } from '../../storage/database';
import type { SettingsStore } from '../../storage/settings';
import type { ConfigActor, LiveModeView, TradingConfigState } from '../../../shared/ipc/services/trading-config';
import { diffConfig, type ConfigChange } from '../../../shared/trading/config-diff';
import { DEFAULT_TRADING_CONFIG_TEXT } from '../../../shared/trading/default-trading-config';
import {
  INITIAL_LIVE_MODE_STATE,
  liveModeStep,
  type LiveChallenge,
  type LiveModeCommand,
  type LiveModeRefusal,
  type LiveModeState,
  type LiveModeStep,
} from '../../../shared/trading/live-mode';
import { DEFAULT_TRADING_CONFIG, TradingConfigSchema, type TradingConfig } from '../../../shared/trading/trading-config';
import { patchTradingConfig, readTradingConfig, TRADING_CONFIG_FILE, type ConfigPatch, type ConfigProblem } from '../../../shared/trading/trading-config-yaml';
import { watchFile, type FileWatch } from './file-watcher';
import { contentHash, createFileExclusive, readTextIfExists, writeFileAtomic } from './text-file';

declare module '../../bus' {
  interface InternalEvents {
    /** A new trading configuration is in force (the risk manager and strategy host read it here). */
    'trading.config.applied': { config: TradingConfig; previous: TradingConfig; changes: readonly ConfigChange[]; actor: ConfigActor };
    'trading.mode.changed': LiveModeView;
  }
}

/** A change refused: the file or the patch has problems, or the file changed under the caller. */
export class TradingConfigError extends Error {
  constructor(
    readonly kind: 'invalid' | 'conflict',
    message: string,
    readonly problems: readonly ConfigProblem[] = [],
  ) {
    super(message);
    this.name = 'TradingConfigError';
  }
}

/** A step of the switch to live that was refused, with the state machine's reason. */
export class LiveModeError extends Error {
  constructor(
    readonly refusal: LiveModeRefusal | 'config_invalid',
    message: string,
  ) {
    super(message);
    this.name = 'LiveModeError';
  }
}

export interface TradingConfigServiceOptions {
  readonly dataDir: string;
  readonly db: Db;
  readonly log: Logger;
  readonly hub?: EventHub;
  readonly bus?: Bus;
  /** Mirrors the mode in force under `trading.mode` (what `system.info` reports). */
  readonly settings?: SettingsStore;
  /** Whether live keys are available now. Without it live trading cannot be entered. */
  readonly liveKeysPresent?: () => Promise<boolean>;
  /** Watch the file and apply edits (default true; the CLI turns it off). */
  readonly watch?: boolean;
  readonly debounceMs?: number;
  readonly clock?: () => number;
  readonly nonce?: () => string;
  readonly challengeTtlMs?: number;
}

/**
 * Owns `trading.yaml`: creates it with commented defaults, reads and validates it, applies edits
 * without a restart, writes changes from the UI and the CLI back into it (comments kept), records
 * every change, and keeps the live-mode switch. A bad file never replaces the configuration in
 * force: the last good one stays and the problems are reported.
 */
export class TradingConfigService {
  readonly file: string;
  private readonly store: ConfigChangeStore;
  private readonly log: Logger;
  private readonly clock: () => number;
  private readonly nonce: () => string;
  private readonly liveKeysPresent: () => Promise<boolean>;
  private running: TradingConfig = DEFAULT_TRADING_CONFIG;
  private problems: readonly ConfigProblem[] = [];
  private raw = '';
  private lastSeenHash = '';
  private live: LiveModeState = INITIAL_LIVE_MODE_STATE;
  private watcher: FileWatch | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Set while a confirmed switch writes `mode: live` into the file. */
  private confirming = false;

  private constructor(private readonly options: TradingConfigServiceOptions) {
    this.file = path.join(options.dataDir, TRADING_CONFIG_FILE);
    this.store = new ConfigChangeStore(options.db);
    this.log = options.log;
    this.clock = options.clock ?? Date.now;
    this.nonce = options.nonce ?? (() => crypto.randomBytes(18).toString('base64url'));
    this.liveKeysPresent = options.liveKeysPresent ?? (async () => false);
  }

  static async open(options: TradingConfigServiceOptions): Promise<TradingConfigService> {
    const service = new TradingConfigService(options);
    await service.start();
    return service;
  }

  /** The configuration in force. */
  get config(): TradingConfig {
    return this.running;
  }

  get modeView(): LiveModeView {
    return {
      effective: this.live.mode,
      requested: this.running.execution.mode,
      since: this.live.mode === 'live' ? this.live.since : null,
      confirmationExpiresAt: this.live.mode === 'paper' && this.live.challenge ? this.live.challenge.expiresAt : null,
    };
  }

  state(): TradingConfigState {
    return { file: this.file, raw: this.raw, hash: this.lastSeenHash, config: this.running, problems: [...this.problems], mode: this.modeView };
  }

  changes(query: { limit?: number; beforeId?: number; path?: string } = {}) {
    return this.store.list(query);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async start(): Promise<void> {
    if (await createFileExclusive(this.file, DEFAULT_TRADING_CONFIG_TEXT)) {
      this.log.info('trading-config', `created ${this.file} with the default settings`);
    }
    const applied = this.store.lastApplied();
    const previous = applied ? TradingConfigSchema.safeParse(applied.config) : null;
    // At start-up the configuration "in force" is the one last applied (a bad file then keeps it).
    if (previous?.success) this.running = previous.data;
    const text = (await readTextIfExists(this.file)) ?? '';
    const hash = contentHash(text);
    this.raw = text;
    this.lastSeenHash = hash;
    const read = readTradingConfig(text);
    if (read.ok) {
      // An edit made while Sextant was closed is a change by the file like any other.
      this.commit(read.config, 'file', hash, { record: applied !== null && applied.hash !== hash });
    } else {
      this.reportProblems(read.problems, applied ? 'running with the configuration last applied' : 'running with the defaults');
    }
    this.options.settings?.set('trading.mode', 'paper');
    if (this.options.watch !== false) {
      this.watcher = watchFile(this.file, () => void this.reload().catch((error: unknown) => this.log.error('trading-config', `reload failed: ${(error as Error).message}`)), {
        debounceMs: this.options.debounceMs ?? 200,
        log: this.log,
      });
    }
  }

  /** Reads the file again and applies it if it changed and is valid (the watcher calls this). */
  reload(): Promise<TradingConfigState> {
    return this.serial(async () => {
      if (this.closed) return this.state();
      const text = await readTextIfExists(this.file);
      if (text === null) {
        if (this.raw !== '' || this.problems.length === 0) {
          this.raw = '';
          this.lastSeenHash = '';
          this.reportProblems([{ line: null, key: '', message: 'the file is missing', text: `${TRADING_CONFIG_FILE}: the file is missing` }], 'keeping the running configuration; a change from the app will write the file again');
        }
        return this.state();
      }
      const hash = contentHash(text);
      if (hash === this.lastSeenHash) return this.state();
      this.raw = text;
      this.lastSeenHash = hash;
      const read = readTradingConfig(text);
      if (!read.ok) {
        this.reportProblems(read.problems, 'keeping the running configuration');
        return this.state();
      }
      // Another Sextant process (the CLI) that wrote this text has recorded the change already.
      const recordedElsewhere = this.store.lastApplied()?.hash === hash;
      this.commit(read.config, 'file', hash, { record: !recordedElsewhere });
      return this.state();
    });
  }

  /**
   * Applies a partial change from the UI or the CLI: validated first, then written into the file
   * with its comments kept, then put in force and recorded. Refused as a whole on any problem.
   */
  update(patch: ConfigPatch, actor: ConfigActor, baseHash?: string): Promise<TradingConfigState> {
    return this.serial(() => this.writePatch(patch, actor, baseHash));
  }

  private async writePatch(patch: ConfigPatch, actor: ConfigActor, baseHash?: string): Promise<TradingConfigState> {
    const onDisk = await readTextIfExists(this.file);
    const currentHash = onDisk === null ? '' : contentHash(onDisk);
    if (baseHash !== undefined && baseHash !== currentHash) {
      throw new TradingConfigError('conflict', `${TRADING_CONFIG_FILE} changed since it was read; reload it and make the change again`);
    }
    // A missing file is written again from the defaults' text carrying the settings in force.
    const base = onDisk ?? this.renderRunning();
    const result = patchTradingConfig(base, patch);
    if (!result.ok) {
      throw new TradingConfigError('invalid', result.problems.map((p) => p.text).join('; '), result.problems);
    }
    const hash = contentHash(result.text);
    await writeFileAtomic(this.file, result.text);
    this.raw = result.text;
    this.lastSeenHash = hash;
    this.commit(result.config, actor, hash, { record: true });
    return this.state();
  }

  private renderRunning(): string {
    const rendered = patchTradingConfig(DEFAULT_TRADING_CONFIG_TEXT, this.running as unknown as ConfigPatch);
    return rendered.ok ? rendered.text : DEFAULT_TRADING_CONFIG_TEXT;
  }

  /** Puts `next` in force: records the difference, publishes it, and follows a request for paper. */
  private commit(next: TradingConfig, actor: ConfigActor, hash: string, how: { record: boolean }): void {
    const previous = this.running;
    const changes = diffConfig(previous, next);
    const at = this.clock();
    this.store.recordApplied(at, actor, how.record ? changes : [], next, hash);
    this.running = next;
    const hadProblems = this.problems.length > 0;
    this.problems = [];
    if (hadProblems) this.options.hub?.publish('trading.config.problems', { at, file: this.file, problems: [] });
    if (changes.length === 0) return;
    this.log.info('trading-config', `${actor} changed ${changes.map((c) => c.path).join(', ')}`);
    this.options.hub?.publish('trading.config.changed', { at, actor, changes });
    this.options.bus?.emit('trading.config.applied', { config: next, previous, changes, actor }, (error) =>
      this.log.error('trading-config', `a listener of trading.config.applied failed: ${(error as Error).message}`),
    );
    if (next.execution.mode !== previous.execution.mode) {
      if (next.execution.mode === 'paper' && this.live.mode === 'live') {
        this.transition({ type: 'leave_live', now: at, reason: `${actor} set execution.mode to paper` }, actor);
      } else {
        if (next.execution.mode === 'live' && !this.confirming) this.log.warn('trading-config', `${actor} asks for live trading; it starts only after the switch is confirmed in the app`);
        this.publishMode();
      }
    }
  }

  private reportProblems(problems: readonly ConfigProblem[], consequence: string): void {
    this.problems = problems;
    for (const p of problems) this.log.error('trading-config', `${p.text} (${consequence})`);
    this.options.hub?.publish('trading.config.problems', { at: this.clock(), file: this.file, problems: [...problems] });
  }

  private publishMode(): void {
    const view = this.modeView;
    this.options.hub?.publish('trading.mode.changed', view);
    this.options.bus?.emit('trading.mode.changed', view, (error) => this.log.error('trading-config', `a listener of trading.mode.changed failed: ${(error as Error).message}`));
  }

  /** Runs one command of the live-mode state machine; records and publishes a change of mode. */
  private transition(command: LiveModeCommand, actor: ConfigActor): LiveModeStep {
    const step = liveModeStep(this.live, command, this.options.challengeTtlMs);
    this.enter(step, command.now, actor);
    return step;
  }

  private enter(step: LiveModeStep, now: number, actor: ConfigActor): void {
    const before = this.live;
    this.live = step.state;
    if (before.mode !== step.state.mode) {
      this.store.record(now, actor, [{ path: 'mode.effective', before: before.mode, after: step.state.mode }]);
      this.options.settings?.set('trading.mode', step.state.mode);
      const level = step.state.mode === 'live' ? 'warn' : 'info';
      this.log[level]('trading-config', `${actor}: ${step.message}`);
    }
    this.publishMode();
  }

  private async keysPresent(): Promise<boolean> {
    try {
      return await this.liveKeysPresent();
    } catch (error) {
      this.log.warn('trading-config', `could not check for live keys: ${(error as Error).message}`);
      return false;
    }
  }

  /** Step one of the switch to live. */
  requestLive(actor: ConfigActor): Promise<LiveChallenge> {
    return this.serial(async () => {
      const liveKeys = await this.keysPresent();
      const step = this.transition({ type: 'request_live', now: this.clock(), liveKeys, nonce: this.nonce() }, actor);
      if (!step.accepted) throw new LiveModeError(step.refusal, step.message);
      return step.challenge!;
    });
  }

  /**
   * Step two: enters live, and writes `execution.mode: live` into the file so that a later edit of
   * an unrelated key does not read as a request for paper.
   */
  confirmLive(challengeId: string, phrase: string, actor: ConfigActor): Promise<LiveModeView> {
    return this.serial(async () => {
      if (this.problems.length > 0) {
        this.live = INITIAL_LIVE_MODE_STATE;
        this.publishMode();
        throw new LiveModeError('config_invalid', `${TRADING_CONFIG_FILE} has errors; fix them before going live: ${this.problems.map((p) => p.text).join('; ')}`);
      }
      const liveKeys = await this.keysPresent();
      const now = this.clock();
      const step = liveModeStep(this.live, { type: 'confirm_live', now, liveKeys, challengeId, phrase }, this.options.challengeTtlMs);
      if (!step.accepted) {
        this.enter(step, now, actor);
        throw new LiveModeError(step.refusal, step.message);
      }
      // The file first: if it cannot say live, live is not entered (and the challenge is spent).
      if (this.running.execution.mode !== 'live') {
        this.confirming = true;
        try {
          await this.writePatch({ execution: { mode: 'live' } }, actor);
        } catch (error) {
          this.enter({ accepted: true, state: INITIAL_LIVE_MODE_STATE, message: 'still paper' }, now, actor);
          throw error;
        } finally {
          this.confirming = false;
        }
      }
      this.enter(step, now, actor);
      return this.modeView;
    });
  }

  /** Back to paper at once; also writes `execution.mode: paper` into the file (best effort). */
  leaveLive(actor: ConfigActor, reason: string): Promise<LiveModeView> {
    return this.serial(async () => {
      this.transition({ type: 'leave_live', now: this.clock(), reason }, actor);
      if (this.running.execution.mode !== 'paper') {
        try {
          await this.writePatch({ execution: { mode: 'paper' } }, actor);
        } catch (error) {
          this.log.warn('trading-config', `left live trading, but could not write execution.mode: paper into ${this.file}: ${(error as Error).message}`);
        }
      }
      return this.modeView;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
    await this.queue;
  }
}
