import type { ReactNode } from 'react';
import type { ObjectiveName, StrategyInfo } from '../../../../shared/ipc/services/backtest';
import { OBJECTIVE_NAMES } from '../../../../shared/lab/objectives';
import { OBJECTIVE_LABELS } from '../format/summary-format';
import { axesOf, rangeDraftOf, searchableParams, type OptimizeDraft, type ParsedOptimization } from './optimize-spec';
import { parseRange, type RangeDraft } from './range-form';

export interface SearchFormProps {
  readonly info: StrategyInfo | undefined;
  readonly draft: OptimizeDraft;
  readonly parsed: ParsedOptimization;
  readonly showProblems: boolean;
  readonly onChange: (draft: OptimizeDraft) => void;
  readonly disabled: boolean;
  /** What ends the objective row: the size of the search and its run button. */
  readonly footer: ReactNode;
}

function AxisRow({ axis, info, draft, problem, onChange }: { axis: 'x' | 'y'; info: StrategyInfo; draft: OptimizeDraft; problem?: string; onChange: (draft: OptimizeDraft) => void }) {
  const chosen = axesOf(draft, info);
  const name = chosen[axis];
  const other = chosen[axis === 'x' ? 'y' : 'x'];
  if (!name) return null;
  const field = info.params.find((p) => p.name === name)!;
  const range = rangeDraftOf(draft, info, name);
  const values = parseRange(field, range).values;
  const setRange = (patch: Partial<RangeDraft>) => onChange({ ...draft, x: chosen.x, y: chosen.y, ranges: { ...draft.ranges, [name]: { ...range, ...patch } } });
  return (
    <div className={problem ? 'search-row has-problem' : 'search-row'} data-testid={`axis-${axis}`}>
      <span className="axis-name">{axis === 'x' ? 'Across (x)' : 'Up (y)'}</span>
      <select aria-label={`Parameter on ${axis}`} data-testid={`axis-${axis}-param`} value={name} onChange={(e) => onChange({ ...draft, ...chosen, [axis]: e.target.value, ...(e.target.value === other ? { [axis === 'x' ? 'y' : 'x']: name } : {}) })}>
        {searchableParams(info).map((p) => (
          <option key={p.name} value={p.name}>
            {p.name}
          </option>
        ))}
      </select>
      <label>
        from <input type="text" className="short" data-testid={`axis-${axis}-start`} value={range.start} onChange={(e) => setRange({ start: e.target.value })} />
      </label>
      <label>
        to <input type="text" className="short" data-testid={`axis-${axis}-stop`} value={range.stop} onChange={(e) => setRange({ stop: e.target.value })} />
      </label>
      <label>
        step <input type="text" className="short" data-testid={`axis-${axis}-step`} value={range.step} onChange={(e) => setRange({ step: e.target.value })} />
      </label>
      <span className="muted">{values.length > 0 ? `${values.length} values` : ''}</span>
      {problem && (
        <span className="field-problem" role="alert" data-testid={`problem-range.${axis}`}>
          {problem}
        </span>
      )}
    </div>
  );
}

/** Two parameters to search with their ranges, the objective, and (in `footer`) what runs them. */
export function SearchForm({ info, draft, parsed, showProblems, onChange, disabled, footer }: SearchFormProps) {
  const problems = showProblems ? parsed.problems : {};
  if (!info) return <div className="panel-empty">Choose a strategy in the setup.</div>;
  if (parsed.axes.x === null || parsed.axes.y === null) {
    return <div className="panel-empty">{info.name} has fewer than two numeric parameters: there is no two-parameter map to draw. Choose another strategy.</div>;
  }
  const setupProblems = Object.keys(parsed.problems).filter((k) => !k.startsWith('range.') && k !== 'minTrades' && k !== 'samples');
  return (
    <fieldset className="search-form" data-testid="search-form" disabled={disabled}>
      <AxisRow axis="x" info={info} draft={draft} problem={problems['range.x']} onChange={onChange} />
      <AxisRow axis="y" info={info} draft={draft} problem={problems['range.y']} onChange={onChange} />
      <div className="search-row">
        <span className="axis-name">Maximise</span>
        <select aria-label="Objective" data-testid="objective" value={draft.objective} onChange={(e) => onChange({ ...draft, objective: e.target.value as ObjectiveName })}>
          {OBJECTIVE_NAMES.map((o) => (
            <option key={o} value={o}>
              {OBJECTIVE_LABELS[o]}
              {o === 'maxDrawdown' ? ' (minimised)' : ''}
            </option>
          ))}
        </select>
        <label title="A set with fewer closed trades cannot be chosen as the best">
          min trades <input type="text" className="short" data-testid="min-trades" value={draft.minTrades} onChange={(e) => onChange({ ...draft, minTrades: e.target.value })} />
        </label>
        <select aria-label="Search" value={draft.search} onChange={(e) => onChange({ ...draft, search: e.target.value as OptimizeDraft['search'] })}>
          <option value="grid">every combination</option>
          <option value="random">random sample</option>
        </select>
        {draft.search === 'random' && (
          <label>
            of <input type="text" className="short" value={draft.samples} onChange={(e) => onChange({ ...draft, samples: e.target.value })} /> sets
          </label>
        )}
        <span className="job-spacer" />
        {footer}
      </div>
      {(problems.minTrades || problems.samples) && <div className="field-problem">{problems.minTrades ?? problems.samples}</div>}
      {showProblems && setupProblems.length > 0 && <div className="field-problem">Fix the setup on the left first ({setupProblems.length} problem{setupProblems.length === 1 ? '' : 's'} marked there).</div>}
    </fieldset>
  );
}
