import { useState } from 'react';
import { useSignals, useSignalsSync, type SignalFilters as Filters } from '../../queries/signals';
import type { PanelProps } from '../registry';
import { EndpointStatus } from './EndpointStatus';
import { SignalFilters } from './SignalFilters';
import { SignalsTable } from './SignalsTable';

/** Every signal from every source with what became of it, and the local endpoint that takes signals from outside. */
export function SignalsLogPanel(_props: PanelProps) {
  useSignalsSync();
  const [filters, setFilters] = useState<Filters>({});
  const signals = useSignals(filters);
  const records = signals.data?.pages.flatMap((page) => page.signals) ?? [];
  const filtered = Object.keys(filters).length > 0;
  return (
    <div className="signals-log" data-testid="signals-log">
      <EndpointStatus />
      <div className="signals-toolbar">
        <SignalFilters value={filters} onChange={setFilters} />
        <span className="topbar-spacer" />
        <span className="muted" data-testid="signals-count">
          {records.length}
          {signals.hasNextPage ? '+' : ''} signal{records.length === 1 ? '' : 's'}
        </span>
        <button type="button" disabled={signals.isFetching} onClick={() => void signals.refetch()}>
          Refresh
        </button>
      </div>
      <div className="signals-body">
        {signals.isLoading && <div className="panel-empty">Loading signals…</div>}
        {signals.error && <div className="panel-error">Could not load the signals: {signals.error.message}</div>}
        {!signals.isLoading && records.length === 0 && !signals.error && (
          <div className="panel-empty">{filtered ? 'No signal matches these filters.' : 'No signals yet. Strategies, the order ticket, the CLI and the local endpoint all record theirs here.'}</div>
        )}
        {records.length > 0 && <SignalsTable records={records} />}
        {signals.hasNextPage && (
          <button type="button" className="load-more" disabled={signals.isFetchingNextPage} onClick={() => void signals.fetchNextPage()}>
            {signals.isFetchingNextPage ? 'Loading…' : 'Older signals'}
          </button>
        )}
      </div>
    </div>
  );
}
