import type { SignalEndpointView } from '../../shared/ipc/services/signals';
import type { Handlers } from '../ipc/router';
import type { Logger } from '../log';
import type { SignalStore } from '../storage/signal-store';
import type { TradingConfigService } from '../trading/config/trading-config-service';
import type { SignalEndpointController } from '../trading/signal-endpoint/controller';
import { endpointToken, SIGNAL_ENDPOINT_TOKEN, TokenFileStore, type TokenStore } from '../trading/signal-endpoint/endpoint-token';
import { SIGNALS_STREAM_PATH } from '../trading/signal-endpoint/server';

export interface SignalsServiceDeps {
  readonly signals: SignalStore;
  readonly config: TradingConfigService;
  /** Null in a host without a trading service: the endpoint cannot listen there. */
  readonly endpoint: SignalEndpointController | null;
  readonly tokens: TokenStore;
  readonly log: Logger;
}

type SignalsHandlers = Pick<Handlers, 'signals.list' | 'signals.endpoint' | 'signals.endpointToken'>;

/** What the signals log shows about the endpoint: the configuration, whether it listens, and how to reach it. */
export async function signalEndpointView(deps: SignalsServiceDeps): Promise<SignalEndpointView> {
  const settings = deps.config.config.execution.signalEndpoint;
  await deps.endpoint?.settled();
  const status = deps.endpoint?.status() ?? null;
  const token = await deps.tokens.get(SIGNAL_ENDPOINT_TOKEN).catch(() => null);
  if (token) deps.log.registerSecret(token);
  const base = {
    enabled: settings.enabled,
    port: settings.port,
    tokenFile: deps.tokens instanceof TokenFileStore ? deps.tokens.fileOf(SIGNAL_ENDPOINT_TOKEN) : null,
    tokenLast4: token ? token.slice(-4) : null,
  };
  if (!settings.enabled) return { ...base, state: 'off', url: null, streamUrl: null, error: null };
  if (status === null) {
    return { ...base, state: 'unavailable', url: null, streamUrl: null, error: 'no trading service runs in this host to act on signals, so the endpoint does not listen' };
  }
  if (status.listening && status.url) {
    const stream = new URL(status.url);
    stream.protocol = 'ws:';
    stream.pathname = SIGNALS_STREAM_PATH;
    return { ...base, state: 'listening', url: status.url, streamUrl: stream.toString(), error: null };
  }
  return { ...base, state: 'error', url: null, streamUrl: null, error: status.error ?? 'not listening' };
}

/** The signals log (newest first, filtered, paged) and the endpoint's status and token. */
export function signalsHandlers(deps: SignalsServiceDeps): SignalsHandlers {
  return {
    'signals.list': (query) => {
      const signals = deps.signals.listRecent(query);
      const last = signals[signals.length - 1];
      return { signals, nextBeforeId: signals.length === query.limit && last ? last.id : null };
    },
    'signals.endpoint': () => signalEndpointView(deps),
    'signals.endpointToken': async () => ({ token: await endpointToken(deps.tokens, deps.log) }),
  };
}
