import type { TradingConfigState } from '../../../../shared/ipc/services/trading-config';
import { useUpdateTradingConfig } from '../../../queries/trading-config';
import { AddStrategy } from './AddStrategy';
import { StrategyCard } from './StrategyCard';

/** Per-strategy settings; a strategy not listed runs with the defaults (enabled, no threshold, no caps of its own). */
export function StrategiesSection({ state }: { state: TradingConfigState }) {
  const update = useUpdateTradingConfig();
  const ids = Object.keys(state.config.strategies).sort();
  const change = (patch: Record<string, unknown>) => update.mutate({ patch: { strategies: patch }, baseHash: state.hash });
  return (
    <section className="settings-section" data-testid="strategy-settings" aria-label="Strategies">
      <p className="section-intro">A strategy not listed here runs with the defaults: enabled, no confidence threshold, no caps beyond the risk limits.</p>
      {ids.length === 0 && <p className="muted">No strategy has settings of its own yet.</p>}
      {ids.map((id) => (
        <StrategyCard key={id} id={id} state={state} removing={update.isPending} onRemove={() => change({ [id]: null })} />
      ))}
      <AddStrategy existing={ids} adding={update.isPending} onAdd={(id) => change({ [id]: { enabled: true } })} />
      {update.error && <p className="bad" role="alert">{update.error.message}</p>}
    </section>
  );
}
