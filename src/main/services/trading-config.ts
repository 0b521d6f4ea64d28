import { IpcError } from '../../shared/ipc/errors';
import type { Handlers } from '../ipc/router';
import { LiveModeError, TradingConfigError, type TradingConfigService } from '../trading/config/trading-config-service';

type TradingConfigHandlers = Pick<
  Handlers,
  'trading.config.get' | 'trading.config.update' | 'trading.config.changes' | 'trading.mode.requestLive' | 'trading.mode.confirmLive' | 'trading.mode.leaveLive'
>;

function asIpcError(error: unknown): unknown {
  if (error instanceof TradingConfigError) {
    return new IpcError(error.kind === 'conflict' ? 'conflict' : 'invalid_payload', error.message, error.problems.length > 0 ? { problems: error.problems } : undefined);
  }
  if (error instanceof LiveModeError) return new IpcError('rejected', error.message, { refusal: error.refusal });
  return error;
}

async function mapped<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    throw asIpcError(error);
  }
}

/** The UI's side of trading.yaml and of the switch to live (every change made here is by `ui`). */
export function tradingConfigHandlers(service: TradingConfigService): TradingConfigHandlers {
  return {
    'trading.config.get': () => service.state(),
    'trading.config.update': ({ patch, baseHash }) => mapped(() => service.update(patch, 'ui', baseHash)),
    'trading.config.changes': (query) => service.changes(query),
    'trading.mode.requestLive': () =>
      mapped(async () => {
        const challenge = await service.requestLive('ui');
        return { challengeId: challenge.id, phrase: challenge.phrase, expiresAt: challenge.expiresAt, expiresInMs: challenge.expiresAt - challenge.issuedAt };
      }),
    'trading.mode.confirmLive': ({ challengeId, phrase }) => mapped(() => service.confirmLive(challengeId, phrase, 'ui')),
    'trading.mode.leaveLive': () => mapped(() => service.leaveLive('ui', 'switched to paper in the app')),
  };
}
