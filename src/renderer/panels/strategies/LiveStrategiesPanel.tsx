import { useLiveStrategies, useLiveStrategiesSync, useSetStrategyEnabled } from '../../queries/strategies';
import { useTradingMode } from '../../queries/trading-mode';
import { openPanel } from '../../shell/open-panel';
import type { PanelProps } from '../registry';
import { StrategyRow } from './StrategyRow';

const EXAMPLE = `strategies:
  spy-trend:
    strategy: sma-cross
    symbols: [SPY]
    timeframe: 1Day
    parameters: { fast: 10, slow: 30 }
    sizing: percent:10`;

/**
 * The strategies Sextant runs itself on live or replayed bars (trading.yaml's entries with symbols
 * and a timeframe): the same code as their backtests, each with its state, and a switch that writes
 * `enabled` into the file.
 */
export function LiveStrategiesPanel(_props: PanelProps) {
  useLiveStrategiesSync();
  const strategies = useLiveStrategies();
  const setEnabled = useSetStrategyEnabled();
  const { mode } = useTradingMode();
  const list = strategies.data ?? [];
  const running = list.filter((s) => s.state === 'running' || s.state === 'waiting').length;
  return (
    <div className="live-strategies" data-testid="live-strategies">
      <div className="signals-toolbar">
        <span className="muted" data-testid="strategies-count">
          {list.length} strateg{list.length === 1 ? 'y' : 'ies'} · {running} on
        </span>
        <span className="topbar-spacer" />
        <button type="button" onClick={() => openPanel('trading-settings', { section: 'file' })} title="Strategies are set in trading.yaml">
          trading.yaml
        </button>
      </div>
      {setEnabled.error && (
        <div className="panel-error" data-testid="strategies-error">
          Could not change it: {setEnabled.error.message}
        </div>
      )}
      <div className="signals-body">
        {strategies.isLoading && <div className="panel-empty">Loading strategies…</div>}
        {strategies.error && <div className="panel-error">Could not load the strategies: {strategies.error.message}</div>}
        {!strategies.isLoading && !strategies.error && list.length === 0 && (
          <div className="panel-empty" data-testid="strategies-empty">
            <p>No strategy runs live yet. Add one to trading.yaml (the same strategies and parameters as a backtest):</p>
            <pre className="payload">{EXAMPLE}</pre>
          </div>
        )}
        {list.length > 0 && (
          <table className="data-table strategies-table" data-testid="strategies-table">
            <thead>
              <tr>
                <th>Strategy</th>
                <th>Trades</th>
                <th>State</th>
                <th>Warm-up</th>
                <th>Last bar</th>
                <th className="number">Bars</th>
                <th>Last signal</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((status) => (
                <StrategyRow
                  key={status.id}
                  status={status}
                  live={mode === 'live'}
                  busy={setEnabled.isPending && setEnabled.variables?.id === status.id}
                  onSetEnabled={(enabled) => setEnabled.mutate({ id: status.id, enabled })}
                />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
