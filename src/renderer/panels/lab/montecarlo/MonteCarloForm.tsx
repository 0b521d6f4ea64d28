import { useExperiments } from '../../../queries/backtest';
import { formatSummaryValue, paramsText } from '../format/summary-format';
import type { MonteCarloDraft } from './monte-carlo-spec';

export interface MonteCarloFormProps {
  readonly draft: MonteCarloDraft;
  /** The backtest open in the Backtest tab (the default source). */
  readonly openRun: number | null;
  readonly problems: Readonly<Record<string, string>>;
  readonly onChange: (draft: MonteCarloDraft) => void;
  readonly onRun: () => void;
  readonly disabled: boolean;
}

/** Which stored backtest to resample, how, how many paths, and the seed. */
export function MonteCarloForm({ draft, openRun, problems, onChange, onRun, disabled }: MonteCarloFormProps) {
  const backtests = useExperiments({ kind: 'backtest', limit: 100 });
  const source = draft.source ?? openRun;
  const problem = problems.source ?? problems.simulations ?? problems.blockLength ?? problems.seed;
  return (
    <fieldset className="search-form" data-testid="mc-form" disabled={disabled}>
      <div className="search-row">
        <span className="axis-name">Resample</span>
        <select aria-label="Backtest to resample" data-testid="mc-source" value={source ?? ''} onChange={(e) => onChange({ ...draft, source: e.target.value === '' ? null : Number(e.target.value) })}>
          <option value="">choose a stored backtest…</option>
          {(backtests.data?.experiments ?? []).map((e) => (
            <option key={e.id} value={e.id}>
              #{e.id} {e.name ?? e.strategy} · {paramsText(e.params)} · {e.symbols.join('/')} · {formatSummaryValue('tradeCount', e.summary?.tradeCount)} trades · {formatSummaryValue('totalReturn', e.summary?.totalReturn)}
            </option>
          ))}
        </select>
      </div>
      <div className="search-row">
        <span className="axis-name">Method</span>
        <select aria-label="Method" data-testid="mc-method" value={draft.method} onChange={(e) => onChange({ ...draft, method: e.target.value as MonteCarloDraft['method'] })}>
          <option value="trades">its trades' returns, reshuffled</option>
          <option value="bootstrap">its daily returns, in blocks</option>
        </select>
        {draft.method === 'bootstrap' && (
          <>
            <select aria-label="Blocks" value={draft.blockMethod} onChange={(e) => onChange({ ...draft, blockMethod: e.target.value as MonteCarloDraft['blockMethod'] })}>
              <option value="stationary">random-length blocks</option>
              <option value="fixed">fixed-length blocks</option>
            </select>
            <label>
              of <input type="text" className="short" value={draft.blockLength} onChange={(e) => onChange({ ...draft, blockLength: e.target.value })} /> bars
            </label>
          </>
        )}
        <label>
          paths <input type="text" className="short" data-testid="mc-simulations" value={draft.simulations} onChange={(e) => onChange({ ...draft, simulations: e.target.value })} />
        </label>
        <label title="The same seed gives the same paths">
          seed <input type="text" className="short" value={draft.seed} onChange={(e) => onChange({ ...draft, seed: e.target.value })} />
        </label>
        <span className="job-spacer" />
        <button type="button" className="primary" data-testid="run-monte-carlo" onClick={onRun}>
          Run Monte Carlo
        </button>
      </div>
      {problem && (
        <div className="field-problem" role="alert" data-testid="mc-problem">
          {problem}
        </div>
      )}
    </fieldset>
  );
}
