import type { DatasetSummary } from '../../shared/ipc/services/datasets';
import { useDatasets } from '../queries/datasets';
import { useWorkspace, windowOf } from '../state/workspace';
import { FOLLOWS_DATASET_SELECTION } from './chosen-dataset';
import { orderDatasets } from './dataset-order';
import type { PanelProps } from './registry';

function formatRows(rows: number): string {
  return rows.toLocaleString('en-US');
}

/** The datasets in the database; choosing one shows it in this window's linked charts. */
export function DatasetListPanel(_props: PanelProps) {
  const { data, error, isLoading } = useDatasets();
  const broadcast = useWorkspace((s) => s.broadcast);
  const selected = useWorkspace((s) => {
    const follower = windowOf(s.layout, s.windowId)?.panels.find((p) => (FOLLOWS_DATASET_SELECTION as readonly string[]).includes(p.kind) && typeof p.settings.dataset === 'number');
    return typeof follower?.settings.dataset === 'number' ? follower.settings.dataset : null;
  });
  if (isLoading) return <div className="panel-empty">Loading datasets…</div>;
  if (error) return <div className="panel-error">Could not load datasets: {(error as Error).message}</div>;
  const list: DatasetSummary[] = orderDatasets(data ?? []);
  if (list.length === 0) return <div className="panel-empty">No datasets yet. Import a CSV with <code>sextant import FILE --symbol SYM</code>.</div>;
  return (
    <ul className="dataset-list" data-testid="dataset-list" role="listbox" aria-label="Datasets">
      {list.map((d) => (
        <li key={d.dataset}>
          <button
            type="button"
            role="option"
            aria-selected={selected === d.dataset}
            className={selected === d.dataset ? 'dataset selected' : 'dataset'}
            data-testid={`dataset-${d.dataset}`}
            data-symbol={d.symbol}
            data-rows={d.rows}
            title={`${d.symbol} ${d.timeframe} · source: ${d.source}${d.closesOnly ? ' · closes only' : ''}`}
            onClick={() => broadcast(FOLLOWS_DATASET_SELECTION, { dataset: d.dataset })}
          >
            <span className="dataset-symbol">{d.symbol}</span>
            <span className="dataset-tf">
              {d.closesOnly && <span className="tag" title="This file has closing prices only: drawn as a line">closes</span>} {d.timeframe}
            </span>
            <span className="dataset-range">
              {d.first ?? '—'} → {d.last ?? '—'}
            </span>
            <span className="dataset-rows">{formatRows(d.rows)} bars</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
