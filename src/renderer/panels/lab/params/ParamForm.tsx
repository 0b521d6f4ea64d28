import type { StrategyParamInfo } from '../../../../shared/ipc/services/backtest';
import { boundsText, type ParamDraft } from './param-form';

export interface ParamFormProps {
  readonly fields: readonly StrategyParamInfo[];
  readonly draft: ParamDraft;
  /** Problem per field key ('param.fast'). */
  readonly problems: Readonly<Record<string, string>>;
  readonly onChange: (draft: ParamDraft) => void;
  readonly disabled?: boolean;
  /** Parameters an optimisation searches: shown as such, not edited here. */
  readonly searched?: readonly string[];
}

/** A strategy's parameters as inputs generated from its schema: type, bounds, default, help, problem. */
export function ParamForm({ fields, draft, problems, onChange, disabled, searched = [] }: ParamFormProps) {
  if (fields.length === 0) return <p className="lab-note">This strategy has no parameters.</p>;
  return (
    <div className="param-form" data-testid="param-form">
      {fields.map((field) => {
        const id = `lab-param-${field.name}`;
        const problem = problems[`param.${field.name}`];
        const value = draft[field.name];
        const bounds = boundsText(field);
        if (searched.includes(field.name)) {
          return (
            <div key={field.name} className="param-row param-searched" data-testid={`param-${field.name}-searched`}>
              <span className="param-name">{field.name}</span>
              <span className="param-searched-note">searched (see the ranges)</span>
            </div>
          );
        }
        if (field.type === 'boolean') {
          return (
            <label key={field.name} className="param-row param-check" title={field.description}>
              <input type="checkbox" id={id} data-testid={`param-${field.name}`} checked={value === true} disabled={disabled} onChange={(e) => onChange({ ...draft, [field.name]: e.target.checked })} />
              <span className="param-name">{field.name}</span>
              <span className="param-help">{field.description}</span>
            </label>
          );
        }
        return (
          <div key={field.name} className={problem ? 'param-row has-problem' : 'param-row'}>
            <label htmlFor={id} className="param-name" title={field.description}>
              {field.name}
            </label>
            <input
              id={id}
              type="text"
              className="num"
              inputMode={field.type === 'integer' ? 'numeric' : 'decimal'}
              data-testid={`param-${field.name}`}
              value={typeof value === 'string' ? value : ''}
              aria-invalid={problem ? true : undefined}
              aria-describedby={`${id}-help`}
              disabled={disabled}
              onChange={(e) => onChange({ ...draft, [field.name]: e.target.value })}
            />
            <span className="param-help" id={`${id}-help`}>
              {field.description}
              <span className="param-bounds">
                {[bounds && `range ${bounds}`, typeof field.default === 'number' && `default ${field.default}`].filter(Boolean).join(' · ')}
              </span>
            </span>
            {problem && (
              <span className="field-problem" role="alert" data-testid={`problem-param.${field.name}`}>
                {problem}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
