import type { SignalEndpointSettings } from '../../../shared/trading/trading-config';
import type { Logger } from '../../log';
import type { SignalIntake } from '../signal-intake';
import { endpointToken, type TokenStore } from './endpoint-token';
import { startSignalEndpoint, type SignalEndpoint } from './server';

export interface SignalEndpointStatus {
  readonly enabled: boolean;
  readonly listening: boolean;
  /** Where it listens, or null. */
  readonly url: string | null;
  /** Why it is not listening although enabled. */
  readonly error: string | null;
}

export interface SignalEndpointControllerOptions {
  readonly intake: SignalIntake;
  readonly tokens: TokenStore;
  readonly log: Logger;
  readonly clock?: () => number;
}

function sameSettings(a: SignalEndpointSettings | null, b: SignalEndpointSettings): boolean {
  return a !== null && a.enabled === b.enabled && a.port === b.port && a.maxPerSecond === b.maxPerSecond && a.burst === b.burst;
}

/**
 * Keeps the signal endpoint as the configuration says: off (the default), or listening on its
 * port. Give it each configuration in force; a change of port or rate restarts it, turning it off
 * closes it. A failure to listen (a port in use) is reported in the status and the log, not thrown.
 */
export class SignalEndpointController {
  private endpoint: SignalEndpoint | null = null;
  private settings: SignalEndpointSettings | null = null;
  private error: string | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: SignalEndpointControllerOptions) {}

  status(): SignalEndpointStatus {
    return { enabled: this.settings?.enabled ?? false, listening: this.endpoint !== null, url: this.endpoint?.url ?? null, error: this.error };
  }

  /** Resolves once the endpoint matches `settings`. */
  apply(settings: SignalEndpointSettings): Promise<void> {
    const next = this.queue.then(() => this.reconcile(settings));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every configuration given so far is in effect. */
  settled(): Promise<void> {
    return this.queue;
  }

  private async reconcile(settings: SignalEndpointSettings): Promise<void> {
    if (sameSettings(this.settings, settings) && (this.endpoint !== null || !settings.enabled)) return;
    this.settings = settings;
    this.error = null;
    if (this.endpoint) {
      await this.endpoint.close();
      this.endpoint = null;
      this.options.log.info('signal-endpoint', 'stopped');
    }
    if (!settings.enabled) return;
    try {
      const token = await endpointToken(this.options.tokens, this.options.log);
      this.endpoint = await startSignalEndpoint({
        port: settings.port,
        token,
        intake: this.options.intake,
        log: this.options.log,
        rate: { perSecond: settings.maxPerSecond, burst: settings.burst },
        ...(this.options.clock ? { clock: this.options.clock } : {}),
      });
      this.options.log.info('signal-endpoint', `listening on ${this.endpoint.url} and ws://127.0.0.1:${this.endpoint.port}/v1/signals/stream`);
    } catch (error) {
      this.error = (error as Error).message;
      this.options.log.error('signal-endpoint', `not started: ${this.error}`);
    }
  }

  close(): Promise<void> {
    return this.apply({ ...(this.settings ?? { port: 0, maxPerSecond: 1, burst: 1 }), enabled: false });
  }
}
