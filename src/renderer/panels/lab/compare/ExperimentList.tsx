import { useState } from 'react';
import type { ExperimentKind, ExperimentSummary } from '../../../../shared/ipc/services/backtest';
import { formatLocalTime } from '../../../format/local-time';
import { useDeleteExperiments, useExperiments, useUpdateExperiment } from '../../../queries/backtest';
import { formatSummaryValue, paramsText, summaryTone } from '../format/summary-format';

export interface ExperimentListProps {
  readonly selected: readonly number[];
  readonly onSelectedChange: (ids: number[]) => void;
  readonly onOpen: (experiment: ExperimentSummary) => void;
}

const KIND_LABEL: Record<ExperimentKind, string> = { backtest: 'backtest', optimization: 'optimisation', walkforward: 'walk-forward', montecarlo: 'Monte Carlo' };

/** Parses "name #tag1 #tag2" as typed in the rename box. */
function parseLabel(text: string): { name: string | null; tags: string[] } {
  const tags = [...text.matchAll(/#([^\s#]+)/g)].map((m) => m[1]!).slice(0, 20);
  const name = text.replace(/#[^\s#]+/g, '').replace(/\s+/g, ' ').trim();
  return { name: name === '' ? null : name, tags };
}

function LabelEditor({ experiment, onDone }: { experiment: ExperimentSummary; onDone: () => void }) {
  const update = useUpdateExperiment();
  const [text, setText] = useState(`${experiment.name ?? ''}${experiment.tags.map((t) => ` #${t}`).join('')}`.trim());
  const save = () => {
    const { name, tags } = parseLabel(text);
    update.mutate({ id: experiment.id, name, tags }, { onSuccess: onDone });
  };
  return (
    <span className="label-editor">
      <input
        type="text"
        autoFocus
        aria-label="Name and #tags"
        data-testid="experiment-label-input"
        value={text}
        placeholder="name #tag"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') save();
          if (e.key === 'Escape') onDone();
        }}
      />
      <button type="button" onClick={save} disabled={update.isPending}>
        Save
      </button>
      {update.error && <span className="field-problem">{(update.error as Error).message}</span>}
    </span>
  );
}

/** The experiment log, newest first: pick runs to compare, open, rename or tag, delete. */
export function ExperimentList({ selected, onSelectedChange, onOpen }: ExperimentListProps) {
  const [kind, setKind] = useState<ExperimentKind | ''>('');
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<number | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<number[] | null>(null);
  const list = useExperiments({ limit: 200, parentId: null, ...(kind ? { kind } : {}), ...(search.trim() ? { search: search.trim() } : {}) });
  const remove = useDeleteExperiments();
  const experiments = list.data?.experiments ?? [];
  const toggle = (id: number) => onSelectedChange(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id].slice(-12));

  return (
    <div className="experiment-list" data-testid="experiment-list" data-count={experiments.length}>
      <div className="list-toolbar">
        <select aria-label="Kind of run" value={kind} onChange={(e) => setKind(e.target.value as ExperimentKind | '')}>
          <option value="">all runs</option>
          {Object.entries(KIND_LABEL).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
        <input type="text" placeholder="search names and notes" aria-label="Search" value={search} onChange={(e) => setSearch(e.target.value)} />
        <span className="muted">{selected.length > 0 ? `${selected.length} selected` : 'tick two or more runs to compare them'}</span>
        <span className="job-spacer" />
        {selected.length > 0 && (
          <>
            <button type="button" className="link" onClick={() => onSelectedChange([])}>
              clear
            </button>
            <button type="button" className="danger-outline" data-testid="delete-selected" onClick={() => setConfirmDelete([...selected])}>
              Delete {selected.length}
            </button>
          </>
        )}
      </div>
      {confirmDelete && (
        <div className="confirm-bar" role="alertdialog" data-testid="confirm-delete">
          Delete {confirmDelete.length} run{confirmDelete.length === 1 ? '' : 's'} (and the runs stored under {confirmDelete.length === 1 ? 'it' : 'them'})? This cannot be undone.
          <button
            type="button"
            className="danger"
            data-testid="confirm-delete-yes"
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(confirmDelete, {
                onSuccess: (answer) => {
                  onSelectedChange(selected.filter((id) => !answer.deleted.includes(id)));
                  setConfirmDelete(null);
                },
              })
            }
          >
            Delete
          </button>
          <button type="button" onClick={() => setConfirmDelete(null)}>
            Keep
          </button>
          {remove.error && <span className="field-problem">{(remove.error as Error).message}</span>}
        </div>
      )}
      {list.error && <div className="panel-error">Could not load the experiment log: {(list.error as Error).message}</div>}
      {!list.error && experiments.length === 0 && <div className="panel-empty">{list.isLoading ? 'Loading runs…' : 'No runs stored yet. Run a backtest and it appears here.'}</div>}
      {experiments.length > 0 && (
        <div className="list-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th aria-label="Select" />
                <th>#</th>
                <th>When</th>
                <th>Name / tags</th>
                <th>Kind</th>
                <th>Strategy</th>
                <th>Data</th>
                <th className="number">Return</th>
                <th className="number">Sharpe</th>
                <th className="number">Max DD</th>
                <th className="number">Trades</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {experiments.map((e) => {
                const s = e.summary;
                return (
                  <tr key={e.id} data-testid="experiment-row" data-id={e.id} data-kind={e.kind} className={selected.includes(e.id) ? 'selected' : undefined}>
                    <td>
                      <input type="checkbox" aria-label={`Select run ${e.id}`} data-testid={`select-${e.id}`} checked={selected.includes(e.id)} onChange={() => toggle(e.id)} />
                    </td>
                    <td className="muted">{e.id}</td>
                    <td className="muted">{formatLocalTime(e.createdAt)}</td>
                    <td className="label-cell">
                      {editing === e.id ? (
                        <LabelEditor experiment={e} onDone={() => setEditing(null)} />
                      ) : (
                        <button type="button" className="link plain" title="Rename or tag" data-testid={`label-${e.id}`} onClick={() => setEditing(e.id)}>
                          {e.name ?? <span className="muted">unnamed</span>}
                          {e.tags.map((t) => (
                            <span key={t} className="tag">
                              #{t}
                            </span>
                          ))}
                        </button>
                      )}
                    </td>
                    <td>{KIND_LABEL[e.kind]}</td>
                    <td>
                      <code>{e.strategy}</code> <span className="muted">{paramsText(e.params)}</span>
                    </td>
                    <td>
                      {e.symbols.join('/')} <span className="muted">{e.timeframe}</span>
                    </td>
                    <td className={`number ${summaryTone('totalReturn', s?.totalReturn) ?? ''}`}>{formatSummaryValue('totalReturn', s?.totalReturn)}</td>
                    <td className="number">{formatSummaryValue('sharpe', s?.sharpe)}</td>
                    <td className="number down">{formatSummaryValue('maxDrawdown', s?.maxDrawdown)}</td>
                    <td className="number">{formatSummaryValue('tradeCount', s?.tradeCount)}</td>
                    <td className="row-actions">
                      <button type="button" data-testid={`open-${e.id}`} onClick={() => onOpen(e)}>
                        Open
                      </button>
                      <button type="button" className="link" aria-label={`Delete run ${e.id}`} onClick={() => setConfirmDelete([e.id])}>
                        delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
