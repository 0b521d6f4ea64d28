/**
 * Keeps the trading runtime on what trading.yaml and the live switch say: new risk limits and
 * strategy settings apply from the next order; a change of broker (`execution.broker`) or of the
 * mode in force (the confirmed switch to live, or leaving it) moves trading to that broker.
 */
import type { LiveModeView } from '../../shared/ipc/services/trading-config';
import { paperFillModel, type TradingConfig } from '../../shared/trading/trading-config';
import type { ServiceContext } from '../services/context';
import type { TradingConfigService } from './config/trading-config-service';
import { describeSpec, type BrokerSpec, type TradingRuntime } from './runtime';

/** The broker for a configuration and the mode in force. Live needs the confirmed switch: only then is `effective` live. */
export function brokerSpecOf(config: TradingConfig, effective: LiveModeView['effective']): BrokerSpec {
  if (effective === 'live') return { kind: 'alpaca', mode: 'live', liveConfirmed: true };
  return config.execution.broker === 'alpaca' ? { kind: 'alpaca', mode: 'paper' } : { kind: 'paper', fillModel: paperFillModel(config.execution.paper) };
}

/** Same broker, and for paper the same fills (a change of the paper fill model restarts the paper service). */
function sameBroker(a: BrokerSpec | null, b: BrokerSpec): boolean {
  if (!a || a.kind !== b.kind) return false;
  if (a.kind === 'paper') return JSON.stringify(a.fillModel ?? null) === JSON.stringify((b as typeof a).fillModel ?? null);
  return b.kind === 'alpaca' && a.mode === b.mode;
}

/** Returns the function that stops following the configuration. */
export function wireRuntimeToConfig(runtime: TradingRuntime, config: TradingConfigService, context: Pick<ServiceContext, 'bus' | 'log'>): () => void {
  let wanted = brokerSpecOf(config.config, config.modeView.effective);
  const follow = (next: BrokerSpec): void => {
    if (sameBroker(wanted, next) && (runtime.current !== null || sameBroker(runtime.brokerSpec, next))) return;
    wanted = next;
    context.log.info('trading', `moving trading to ${describeSpec(next)}`);
    runtime.switchTo(next).catch(() => {
      // switchTo logged why and put the previous broker back.
    });
  };
  const offApplied = context.bus.on('trading.config.applied', ({ config: next }) => {
    runtime.applyConfig(next);
    follow(brokerSpecOf(next, config.modeView.effective));
  });
  const offMode = context.bus.on('trading.mode.changed', (view) => follow(brokerSpecOf(config.config, view.effective)));
  return () => {
    offApplied();
    offMode();
  };
}
