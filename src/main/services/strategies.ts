/** IPC handlers of the live strategy host (contract: src/shared/ipc/services/strategies.ts). */
import { IpcError } from '../../shared/ipc/errors';
import { liveStrategies } from '../../shared/trading/trading-config';
import type { Handlers } from '../ipc/router';
import { TradingConfigError, type TradingConfigService } from '../trading/config/trading-config-service';
import type { TradingRuntime } from '../trading/runtime';

export function strategiesHandlers(runtime: TradingRuntime, config: TradingConfigService): Pick<Handlers, 'strategies.live.status' | 'strategies.live.setEnabled'> {
  return {
    'strategies.live.status': () => runtime.strategiesStatus(),
    'strategies.live.setEnabled': async ({ id, enabled }) => {
      const spec = liveStrategies(config.config.strategies).find((s) => s.id === id);
      if (!spec) throw new IpcError('not_found', `trading.yaml runs no strategy "${id}" (a strategy entry has symbols and a timeframe)`);
      const errored = runtime.strategiesStatus().find((s) => s.id === id)?.state === 'errored';
      try {
        // Through the file: the host follows the configuration it applies (and the change is recorded as the UI's).
        await config.update({ strategies: { [id]: { enabled } } }, 'ui');
      } catch (error) {
        if (error instanceof TradingConfigError) throw new IpcError(error.kind === 'conflict' ? 'conflict' : 'invalid_payload', error.message, error.problems.length > 0 ? { problems: error.problems } : undefined);
        throw error;
      }
      // Already enabled and stopped on an error: enabling it again means "start it again".
      if (enabled && spec.enabled && errored) await runtime.restartStrategy(id);
      await runtime.strategiesIdle();
      const status = runtime.strategiesStatus().find((s) => s.id === id);
      if (!status) throw new IpcError('not_found', `strategy "${id}" is no longer in trading.yaml`);
      return status;
    },
  };
}
