import { useMemo, useState } from 'react';
import { formatMoney } from '../../format/money';
import { useTradingHistory } from '../../state/trading/feed';
import { useTrading } from '../../state/trading/store';
import type { PanelProps } from '../registry';
import { FILL_COLUMNS } from './fill-columns';
import { HistoryStatusLine } from './HistoryStatusLine';
import type { SortState } from './sorting';
import { VirtualTable } from './VirtualTable';

/** Every execution, newest first, live as fills arrive; the journal's history page by page. */
export function FillsPanel(_props: PanelProps) {
  const rows = useTrading((s) => s.data.fills);
  const history = useTrading((s) => s.history.fills);
  const { loadMore } = useTradingHistory('fills');
  const [symbol, setSymbol] = useState('');
  const [sort, setSort] = useState<SortState | null>({ column: 'time', direction: 'desc' });
  const all = useMemo(() => [...rows.values()], [rows]);
  const wanted = symbol.trim().toUpperCase();
  const shown = useMemo(() => (wanted === '' ? all : all.filter((f) => f.symbol.startsWith(wanted))), [all, wanted]);
  const bought = shown.reduce((sum, f) => sum + (f.side === 'buy' ? f.qty * f.price : 0), 0);
  const sold = shown.reduce((sum, f) => sum + (f.side === 'sell' ? f.qty * f.price : 0), 0);
  return (
    <div className="blotter" data-testid="fills">
      <div className="blotter-toolbar">
        <span className="blotter-summary" data-testid="fills-summary">
          {shown.length === 1 ? '1 fill' : `${shown.length.toLocaleString('en-US')} fills`} · bought {formatMoney(bought)} · sold {formatMoney(sold)}
        </span>
        <input type="text" className="symbol-filter" placeholder="Symbol" aria-label="Filter by symbol" data-testid="fills-symbol-filter" value={symbol} onChange={(event) => setSymbol(event.target.value)} />
        <HistoryStatusLine status={history} noun="fills" onMore={loadMore} />
      </div>
      <VirtualTable
        rows={shown}
        columns={FILL_COLUMNS}
        rowKey={(f) => f.executionId}
        sort={sort}
        onSort={setSort}
        label="Fills"
        testId="fills-table"
        rowTestId="fill-row"
        rowAttributes={(f) => ({ 'data-symbol': f.symbol, 'data-side': f.side, 'data-qty': String(f.qty), 'data-price': String(f.price) })}
        empty={history.state === 'loading' ? 'Reading the fills…' : 'No fills yet.'}
      />
    </div>
  );
}

export function FillsTabBadge() {
  const count = useTrading((s) => s.data.fills.size);
  return count > 0 ? <span className="tab-count">{count > 9999 ? '9999+' : count}</span> : null;
}
