import type { ReactNode } from 'react';
import type { DatasetSummary } from '../../../../shared/ipc/services/datasets';
import type { StrategyInfo } from '../../../../shared/ipc/services/backtest';
import { ParamForm } from '../params/ParamForm';
import { RunSettingsForm } from '../run-form/RunSettingsForm';
import { paramDraftOf, type LabSetupDraft, type RegimeSource, type SetupProblems } from './lab-setup';

export interface SetupFormProps {
  readonly setup: LabSetupDraft;
  readonly strategies: readonly StrategyInfo[];
  readonly datasets: readonly DatasetSummary[];
  readonly problems: SetupProblems;
  /** Show problems only after a first try, so an untouched form is not red. */
  readonly showProblems: boolean;
  readonly onChange: (setup: LabSetupDraft) => void;
  readonly disabled: boolean;
  /** Parameters searched by the optimisation (its tab is open). */
  readonly searched?: readonly string[];
  /** The run button(s) at the foot of the form. */
  readonly actions: ReactNode;
}

function datasetLabel(d: DatasetSummary): string {
  return `${d.symbol} · ${d.timeframe}${d.closesOnly ? ' closes' : ''} · ${d.first ?? '?'} → ${d.last ?? '?'} (${d.rows.toLocaleString('en-US')})`;
}

function FieldProblem({ problem, field }: { problem?: string; field: string }) {
  return problem ? (
    <span className="field-problem" role="alert" data-testid={`problem-${field}`}>
      {problem}
    </span>
  ) : null;
}

/** The lab's setup: data, strategy, parameters, account and costs; the run buttons below. */
export function SetupForm({ setup, strategies, datasets, problems, showProblems, onChange, disabled, searched, actions }: SetupFormProps) {
  const info = strategies.find((s) => s.name === setup.strategy);
  const shown = showProblems ? problems : {};
  const slots = info?.symbols ?? 1;
  // Full OHLCV data first (trades are drawn on candles), then files of closes.
  const sorted = [...datasets].sort((a, b) => Number(a.closesOnly) - Number(b.closesOnly) || a.symbol.localeCompare(b.symbol) || a.dataset - b.dataset);
  const setDataset = (slot: number, id: number | null) => {
    const next = [...setup.datasets];
    next[slot] = id;
    onChange({ ...setup, datasets: next });
  };
  return (
    <form className="lab-setup" data-testid="lab-setup" onSubmit={(e) => e.preventDefault()}>
      <fieldset disabled={disabled}>
        <h3>Data</h3>
        {Array.from({ length: slots }, (_x, slot) => (
          <div key={slot} className={shown[`dataset.${slot}`] ? 'param-row has-problem' : 'param-row'}>
            <label className="param-name" htmlFor={`lab-dataset-${slot}`}>
              {slots > 1 ? (slot === 0 ? 'Leg A' : 'Leg B') : 'Dataset'}
            </label>
            <select id={`lab-dataset-${slot}`} data-testid={`lab-dataset-${slot}`} value={setup.datasets[slot] ?? ''} onChange={(e) => setDataset(slot, e.target.value === '' ? null : Number(e.target.value))}>
              <option value="">choose…</option>
              {sorted.map((d) => (
                <option key={d.dataset} value={d.dataset}>
                  {datasetLabel(d)}
                </option>
              ))}
            </select>
            <FieldProblem problem={shown[`dataset.${slot}`]} field={`dataset.${slot}`} />
          </div>
        ))}
        <div className={shown.from || shown.to ? 'param-row has-problem' : 'param-row'}>
          <span className="param-name">Period</span>
          <span className="setting-inputs">
            <input type="text" className="date" placeholder="first bar" aria-label="From date (YYYY-MM-DD)" data-testid="lab-from" value={setup.from} onChange={(e) => onChange({ ...setup, from: e.target.value })} />
            <span className="unit">→</span>
            <input type="text" className="date" placeholder="last bar" aria-label="To date (YYYY-MM-DD)" data-testid="lab-to" value={setup.to} onChange={(e) => onChange({ ...setup, to: e.target.value })} />
          </span>
          <FieldProblem problem={shown.from ?? shown.to} field={shown.from ? 'from' : 'to'} />
        </div>

        <h3>Strategy</h3>
        <div className={shown.strategy ? 'param-row has-problem' : 'param-row'}>
          <label className="param-name" htmlFor="lab-strategy">
            Strategy
          </label>
          <select id="lab-strategy" data-testid="lab-strategy" value={setup.strategy} onChange={(e) => onChange({ ...setup, strategy: e.target.value })}>
            {strategies.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
                {s.symbols > 1 ? ` (${s.symbols} datasets)` : ''}
              </option>
            ))}
          </select>
          {info && <span className="param-help">{info.summary}</span>}
          <FieldProblem problem={shown.strategy} field="strategy" />
        </div>
        {info?.usesRegime && (
          <div className="param-row">
            <label className="param-name" htmlFor="lab-regime">
              Regimes
            </label>
            <select id="lab-regime" value={setup.regime} onChange={(e) => onChange({ ...setup, regime: e.target.value as RegimeSource })}>
              <option value="auto">stored if complete, else computed</option>
              <option value="stored">stored by the regime service</option>
              <option value="computed">computed from these bars</option>
              <option value="none">none</option>
            </select>
          </div>
        )}
        {info && (
          <ParamForm
            fields={info.params}
            draft={paramDraftOf(setup, info)}
            problems={shown}
            searched={searched}
            onChange={(draft) => onChange({ ...setup, params: { ...setup.params, [info.name]: draft } })}
          />
        )}

        <h3>Account and costs</h3>
        <RunSettingsForm draft={setup.settings} problems={shown} defaultSizing={info?.defaultSizing ?? '—'} onChange={(settings) => onChange({ ...setup, settings })} />
        <div className="param-row">
          <label className="param-name" htmlFor="lab-name">
            Label
          </label>
          <input id="lab-name" type="text" placeholder="optional name for the log" data-testid="lab-name" value={setup.name} onChange={(e) => onChange({ ...setup, name: e.target.value })} />
        </div>
      </fieldset>
      <div className="lab-actions">
        {actions}
        {showProblems && Object.keys(problems).length > 0 && (
          <span className="field-problem" data-testid="setup-problems">
            {Object.keys(problems).length === 1 ? 'One field above needs a change' : `${Object.keys(problems).length} fields above need a change`} before this can run.
          </span>
        )}
      </div>
    </form>
  );
}
