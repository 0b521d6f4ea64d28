import { useMemo, useState } from 'react';
import { formatMoney, pnlTone } from '../../format/money';
import { useCloseAll, useClosePosition } from '../../queries/trading';
import { ConfirmDialog } from '../../shell/ConfirmDialog';
import { useTrading } from '../../state/trading/store';
import type { PanelProps } from '../registry';
import { closeMessage, errorMessage, type CommandMessage } from './command-message';
import { positionColumns } from './position-columns';
import type { SortState } from './sorting';
import { VirtualTable } from './VirtualTable';

/** Open positions, live: marked at every price, gone when closed; Close one, or Close all after a confirmation. */
export function PositionsPanel(_props: PanelProps) {
  const rows = useTrading((s) => s.data.positions.rows);
  const positions = useMemo(() => [...rows.values()], [rows]);
  const [sort, setSort] = useState<SortState | null>({ column: 'value', direction: 'desc' });
  const [message, setMessage] = useState<CommandMessage | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [confirmAll, setConfirmAll] = useState(false);
  const close = useClosePosition();
  const closeAll = useCloseAll();

  const closeOne = (symbol: string) => {
    setBusy((b) => new Set(b).add(symbol));
    close.mutate(symbol, {
      onSuccess: (result) => setMessage(closeMessage(symbol, result)),
      onError: (error) => setMessage(errorMessage(`Close ${symbol}`, error)),
      onSettled: () =>
        setBusy((b) => {
          const next = new Set(b);
          next.delete(symbol);
          return next;
        }),
    });
  };
  const columns = useMemo(() => positionColumns(closeOne, busy), [busy]);
  const value = positions.reduce((sum, p) => sum + p.marketValue, 0);
  const unrealized = positions.reduce((sum, p) => sum + p.unrealizedPnl, 0);

  return (
    <div className="blotter" data-testid="positions">
      <div className="blotter-toolbar">
        <span className="blotter-summary" data-testid="positions-summary">
          {positions.length === 1 ? '1 position' : `${positions.length} positions`}
          {positions.length > 0 && (
            <>
              {' '}
              · value {formatMoney(value)} · unrealized <span className={`pnl-${pnlTone(unrealized)}`}>{formatMoney(unrealized, { signed: true })}</span>
            </>
          )}
        </span>
        {message && (
          <span className={`blotter-message ${message.tone}`} data-testid="positions-message" role="status">
            {message.text}
          </span>
        )}
        <span className="topbar-spacer" />
        <button type="button" className="danger-outline" data-testid="close-all" disabled={positions.length === 0} onClick={() => setConfirmAll(true)}>
          Close all
        </button>
      </div>
      <VirtualTable
        rows={positions}
        columns={columns}
        rowKey={(p) => p.symbol}
        sort={sort}
        onSort={setSort}
        label="Positions"
        testId="positions-table"
        rowTestId="position-row"
        rowAttributes={(p) => ({ 'data-symbol': p.symbol, 'data-qty': String(p.qty) })}
        empty="No open positions."
      />
      {confirmAll && (
        <ConfirmDialog
          title="Close all positions"
          tone="danger"
          confirmLabel={`Close ${positions.length === 1 ? 'it' : `all ${positions.length}`} at market`}
          dismissLabel="Keep them"
          testId="close-all-dialog"
          onClose={() => setConfirmAll(false)}
          onConfirm={async () => {
            const results = await closeAll.mutateAsync();
            const refused = results.map((r, i) => closeMessage(r.orders[0]?.symbol ?? positions[i]?.symbol ?? '?', r)).filter((m) => m.tone === 'bad');
            setMessage(refused.length > 0 ? { tone: 'bad', text: refused.map((m) => m.text).join(' · ') } : { tone: 'ok', text: `${results.length} market ${results.length === 1 ? 'order' : 'orders'} sent to close` });
          }}
        >
          <p>
            Sends a market order to close each open position:
          </p>
          <ul className="confirm-list">
            {positions.map((p) => (
              <li key={p.symbol}>
                {p.qty > 0 ? 'SELL' : 'BUY'} {Math.abs(p.qty)} {p.symbol} (value {formatMoney(p.marketValue)})
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** The count on the Positions tab. */
export function PositionsTabBadge() {
  const count = useTrading((s) => s.data.positions.rows.size);
  return count > 0 ? <span className="tab-count">{count}</span> : null;
}
