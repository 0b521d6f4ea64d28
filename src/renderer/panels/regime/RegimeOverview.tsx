import { Fragment } from 'react';
import type { DatasetSummary } from '../../../shared/ipc/services/datasets';
import type { RegimeCurrent } from '../../../shared/ipc/services/regime';
import { formatBarLabel } from '../../charts/format';
import { useWorkspace } from '../../state/workspace';
import { FOLLOWS_DATASET_SELECTION } from '../chosen-dataset';
import { orderDatasets } from '../dataset-order';
import { RegimeChip } from './RegimeChip';

export interface RegimeOverviewProps {
  readonly datasets: readonly DatasetSummary[];
  readonly currents: ReadonlyMap<number, RegimeCurrent>;
  readonly selected: number | null;
}

/** Every dataset's current label at a glance; a row shows that dataset in this window. */
export function RegimeOverview({ datasets, currents, selected }: RegimeOverviewProps) {
  const broadcast = useWorkspace((s) => s.broadcast);
  const choose = (dataset: number) => broadcast(FOLLOWS_DATASET_SELECTION, { dataset });
  // In the dataset list's order; the files of closes under a heading of their own.
  const rows = orderDatasets(datasets);
  return (
    <table className="data-table regime-overview" data-testid="regime-overview">
      <thead>
        <tr>
          <th>Symbol</th>
          <th>Regime</th>
          <th className="num" title="Confidence: 1 − normalised entropy">
            Conf.
          </th>
          <th>Since</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d, i) => {
          const c = currents.get(d.dataset);
          const heading = d.closesOnly && (i === 0 || !rows[i - 1]!.closesOnly);
          return (
            <Fragment key={d.dataset}>
              {heading && (
                <tr className="regime-overview-group">
                  <th colSpan={4}>Closes only</th>
                </tr>
              )}
              <tr
                className={d.dataset === selected ? 'selected' : undefined}
                data-testid={`regime-row-${d.dataset}`}
                tabIndex={0}
                aria-selected={d.dataset === selected}
                title={`${d.symbol} ${d.timeframe}${d.closesOnly ? ' · closes only' : ''} · source: ${d.source}`}
                onClick={() => choose(d.dataset)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    choose(d.dataset);
                  }
                }}
              >
                <td>
                  <b>{d.symbol}</b> <span className="muted">{d.timeframe}</span>
                </td>
                <td>{c ? <RegimeChip regime={c.label} /> : <span className="muted">reading…</span>}</td>
                <td className="num">{c ? `${Math.round(c.confidence * 100)}%` : ''}</td>
                <td className="muted">{c && c.since !== null ? formatBarLabel(c.since, d.timeKind, d.tz) : ''}</td>
              </tr>
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
