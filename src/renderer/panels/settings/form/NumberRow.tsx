import { keyOf } from './config-paths';
import { FieldProblems } from './FieldProblems';
import type { NumberRowSpec, NumberRowsDraft, ProblemMap } from './number-rows';
import { problemsUnder } from './save-outcome';
import { Toggle } from './Toggle';

export interface NumberRowProps {
  readonly row: NumberRowSpec;
  readonly draft: NumberRowsDraft;
  readonly problems: ProblemMap;
  readonly onChange: (draft: NumberRowsDraft) => void;
}

function defaultText(row: NumberRowSpec): string {
  const values = row.inputs.map((input) => `${input.label ? `${input.label} ` : ''}${input.defaultValue} ${input.unit}`);
  return row.offByDefault ? 'default: off' : `default: ${values.join(', ')}`;
}

/** One setting of trading.yaml: its name and help, on/off where null turns it off, its numbers with units, its default, its problems. */
export function NumberRow({ row, draft, problems, onChange }: NumberRowProps) {
  const offKey = keyOf(row.offPath);
  const on = draft.on[offKey] ?? true;
  const messages = problemsUnder(problems, offKey);
  return (
    <div className={messages.length > 0 ? 'setting-row has-problem' : 'setting-row'} data-testid={`field-${offKey}`}>
      <div className="setting-label">
        <label htmlFor={`input-${keyOf(row.inputs[0]!.path)}`}>{row.label}</label>
        <span className="setting-help">{row.help}</span>
      </div>
      <div className="setting-control">
        {row.nullable && <Toggle label={`${row.label}: on or off`} checked={on} testId={`toggle-${offKey}`} onChange={(checked) => onChange({ ...draft, on: { ...draft.on, [offKey]: checked } })} />}
        {row.inputs.map((input) => {
          const key = keyOf(input.path);
          return (
            <span className="number-input" key={key}>
              {input.label && <span className="number-input-label">{input.label}</span>}
              <input
                id={`input-${key}`}
                type="text"
                inputMode="decimal"
                aria-label={`${row.label}${input.label ? ` (${input.label})` : ''} in ${input.unit}`}
                data-testid={`input-${key}`}
                disabled={!on}
                value={draft.text[key] ?? ''}
                aria-invalid={problemsUnder(problems, key).length > 0}
                onChange={(event) => onChange({ ...draft, text: { ...draft.text, [key]: event.target.value } })}
              />
              <span className="unit">{input.unit}</span>
            </span>
          );
        })}
        <span className="setting-default">{defaultText(row)}</span>
      </div>
      <FieldProblems field={offKey} messages={messages} />
    </div>
  );
}
