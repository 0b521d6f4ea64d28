import { useState } from 'react';
import { strategyNames } from '../../../../shared/strategies/registry';
import { STRATEGY_ID_PATTERN } from '../../../../shared/trading/identifiers';

export interface AddStrategyProps {
  readonly existing: readonly string[];
  readonly adding: boolean;
  readonly onAdd: (id: string) => void;
}

/** Adds a strategy's section by id: a built-in strategy or the id an outside program sends with its signals. */
export function AddStrategy({ existing, adding, onAdd }: AddStrategyProps) {
  const [id, setId] = useState('');
  const trimmed = id.trim();
  const problem = trimmed === '' ? null : !STRATEGY_ID_PATTERN.test(trimmed) ? 'an id of letters, digits, "_", ".", ":" or "-"' : existing.includes(trimmed) ? 'already listed' : null;
  const suggestions = strategyNames().filter((name) => !existing.includes(name));
  return (
    <form
      className="add-strategy"
      onSubmit={(event) => {
        event.preventDefault();
        if (trimmed && !problem) {
          onAdd(trimmed);
          setId('');
        }
      }}
    >
      <input type="text" list="strategy-suggestions" placeholder="strategy id, e.g. sma-cross" aria-label="Strategy id" data-testid="add-strategy-id" value={id} onChange={(event) => setId(event.target.value)} />
      <datalist id="strategy-suggestions">
        {suggestions.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <button type="submit" disabled={!trimmed || problem !== null || adding}>
        Add strategy
      </button>
      {problem && <span className="bad">{problem}</span>}
    </form>
  );
}
