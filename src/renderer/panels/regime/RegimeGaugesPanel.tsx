import { useMemo } from 'react';
import { formatBarLabel } from '../../charts/format';
import { useHeldBars, useRegimeCurrents } from '../../queries/regime';
import { useChosenDataset } from '../chosen-dataset';
import type { PanelProps } from '../registry';
import { ProbabilityBars } from './ProbabilityBars';
import { RegimeFacts } from './RegimeFacts';
import { RegimeOverview } from './RegimeOverview';
import { RegimeSummary } from './RegimeSummary';

/** The regime of the dataset chosen in this window, live: six probabilities, label, confidence, since when. */
export function RegimeGaugesPanel({ panel }: PanelProps) {
  const { dataset, summary, datasets } = useChosenDataset(panel);
  const currents = useRegimeCurrents();
  const byDataset = useMemo(() => new Map((currents.data ?? []).map((c) => [c.dataset, c])), [currents.data]);
  const current = dataset === null ? undefined : byDataset.get(dataset);
  const held = useHeldBars(current);
  const formatTime = (t: number) => formatBarLabel(t, summary?.timeKind ?? 'date', summary?.tz ?? 'UTC');

  let body;
  if (dataset === null) body = <div className="panel-empty">Choose a dataset.</div>;
  else if (currents.error) body = <div className="panel-error">Could not load the regime: {(currents.error as Error).message}</div>;
  else if (currents.isLoading) body = <div className="panel-empty">Loading the regime…</div>;
  else if (!current) body = <div className="panel-empty">The regime bank is still reading this dataset’s bars…</div>;
  else
    body = (
      <>
        <RegimeSummary current={current} formatTime={formatTime} heldBars={held.data} />
        <ProbabilityBars p={current.p} label={current.label} mostLikely={current.mostLikely} />
        <RegimeFacts current={current} formatTime={formatTime} />
      </>
    );
  return (
    <div className="regime-gauges" data-testid="regime-gauges" data-dataset={dataset ?? ''} data-symbol={summary?.symbol ?? ''}>
      {summary && (
        <div className="regime-gauges-title">
          <b>{summary.symbol}</b> <span className="muted">{summary.timeframe}</span>
        </div>
      )}
      {body}
      {datasets.data && datasets.data.length > 1 && (
        <details className="regime-overview-section" open>
          <summary>All datasets</summary>
          <RegimeOverview datasets={datasets.data} currents={byDataset} selected={dataset} />
        </details>
      )}
    </div>
  );
}
