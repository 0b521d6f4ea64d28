import { useState } from 'react';
import { SignalRowStatus } from '../../../shared/ipc/services/signals';
import { StrategyIdSchema, SymbolSchema } from '../../../shared/trading/identifiers';
import { SignalSource } from '../../../shared/trading/signal-outcome';
import type { SignalFilters as Filters } from '../../queries/signals';
import { statusLabel } from './signal-format';

export interface SignalFiltersProps {
  readonly value: Filters;
  readonly onChange: (filters: Filters) => void;
}

/** Source and status apply at once; strategy and symbol when Enter is pressed or the field is left. */
export function SignalFilters({ value, onChange }: SignalFiltersProps) {
  const [strategy, setStrategy] = useState(value.strategyId ?? '');
  const [symbol, setSymbol] = useState(value.symbol ?? '');
  const strategyOk = strategy.trim() === '' || StrategyIdSchema.safeParse(strategy.trim()).success;
  const symbolOk = symbol.trim() === '' || SymbolSchema.safeParse(symbol).success;
  const applyText = () => {
    if (!strategyOk || !symbolOk) return;
    const { strategyId: _s, symbol: _y, ...rest } = value;
    onChange({ ...rest, ...(strategy.trim() ? { strategyId: strategy.trim() } : {}), ...(symbol.trim() ? { symbol: symbol.trim().toUpperCase() } : {}) });
  };
  const choose = (key: 'source' | 'status', choice: string) => {
    const { [key]: _drop, ...rest } = value;
    onChange(choice === '' ? rest : { ...rest, [key]: choice });
  };
  return (
    <div className="signal-filters" role="group" aria-label="Filters">
      <select aria-label="Source" data-testid="filter-source" value={value.source ?? ''} onChange={(event) => choose('source', event.target.value)}>
        <option value="">All sources</option>
        {SignalSource.options.map((source) => (
          <option key={source} value={source}>
            {source}
          </option>
        ))}
      </select>
      <input type="text" aria-label="Strategy" placeholder="strategy" data-testid="filter-strategy" aria-invalid={!strategyOk} value={strategy} onChange={(event) => setStrategy(event.target.value)} onBlur={applyText} onKeyDown={(event) => event.key === 'Enter' && applyText()} />
      <input type="text" aria-label="Symbol" placeholder="symbol" data-testid="filter-symbol" aria-invalid={!symbolOk} value={symbol} onChange={(event) => setSymbol(event.target.value)} onBlur={applyText} onKeyDown={(event) => event.key === 'Enter' && applyText()} />
      <select aria-label="Status" data-testid="filter-status" value={value.status ?? ''} onChange={(event) => choose('status', event.target.value)}>
        <option value="">All statuses</option>
        {SignalRowStatus.options.map((status) => (
          <option key={status} value={status}>
            {statusLabel(status)}
          </option>
        ))}
      </select>
      {(!strategyOk || !symbolOk) && <span className="bad">{!symbolOk ? 'not a ticker' : 'not a strategy id'}</span>}
    </div>
  );
}
