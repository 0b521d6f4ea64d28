import type { ParsedWalkForward, WalkForwardDraft } from './walk-forward-spec';

export interface WalkForwardFormProps {
  readonly draft: WalkForwardDraft;
  readonly parsed: ParsedWalkForward;
  readonly showProblems: boolean;
  readonly onChange: (draft: WalkForwardDraft) => void;
  readonly onRun: () => void;
  readonly disabled: boolean;
}

/** The windows of a walk-forward: bars in, bars out, how far they move, rolling or anchored. */
export function WalkForwardForm({ draft, parsed, showProblems, onChange, onRun, disabled }: WalkForwardFormProps) {
  const problems = showProblems ? parsed.problems : {};
  const problem = problems['wf.inSample'] ?? problems['wf.outOfSample'] ?? problems['wf.step'];
  return (
    <fieldset className="search-form" data-testid="wf-form" disabled={disabled}>
      <div className={problem ? 'search-row has-problem' : 'search-row'}>
        <span className="axis-name">Windows</span>
        <label>
          optimise on <input type="text" className="short" data-testid="wf-in-sample" value={draft.inSample} onChange={(e) => onChange({ ...draft, inSample: e.target.value })} /> bars
        </label>
        <label>
          test on <input type="text" className="short" data-testid="wf-out-of-sample" value={draft.outOfSample} onChange={(e) => onChange({ ...draft, outOfSample: e.target.value })} /> bars
        </label>
        <label>
          move by <input type="text" className="short" placeholder={draft.outOfSample} data-testid="wf-step" value={draft.step} onChange={(e) => onChange({ ...draft, step: e.target.value })} /> bars
        </label>
        <select aria-label="Window mode" data-testid="wf-mode" value={draft.mode} onChange={(e) => onChange({ ...draft, mode: e.target.value as WalkForwardDraft['mode'] })}>
          <option value="rolling">rolling (fixed length)</option>
          <option value="anchored">anchored (from the first bar)</option>
        </select>
        <span className="job-spacer" />
        <span className="muted" data-testid="wf-size">
          {parsed.windows !== null && parsed.runs !== null ? `${parsed.windows} windows · ${parsed.runs.toLocaleString('en-US')} backtests` : ''}
        </span>
        <button type="button" className="primary" data-testid="run-walk-forward" onClick={onRun}>
          Run walk-forward
        </button>
      </div>
      {problem && (
        <div className="field-problem" role="alert" data-testid="wf-problem">
          {problem}
        </div>
      )}
    </fieldset>
  );
}
