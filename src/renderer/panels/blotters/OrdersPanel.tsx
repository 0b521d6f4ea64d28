import { useMemo, useState } from 'react';
import type { OrderView } from '../../../shared/ipc/services/trading';
import { formatQty } from '../../format/money';
import { useCancelAll, useCancelOrder } from '../../queries/trading';
import { ConfirmDialog } from '../../shell/ConfirmDialog';
import { useTradingHistory } from '../../state/trading/feed';
import { useTrading } from '../../state/trading/store';
import type { PanelProps } from '../registry';
import { errorMessage, type CommandMessage } from './command-message';
import { HistoryStatusLine } from './HistoryStatusLine';
import { orderColumns } from './order-columns';
import { OrderRiskDialog } from './OrderRiskDialog';
import { ReplaceOrderDialog } from './ReplaceOrderDialog';
import type { SortState } from './sorting';
import { VirtualTable } from './VirtualTable';

type Scope = 'open' | 'all';

/** Working orders, or everything recent: live, with Cancel, Replace and each order's risk verdicts; Cancel all after a confirmation. */
export function OrdersPanel({ panel, updateSettings }: PanelProps) {
  const scope: Scope = panel.settings.scope === 'all' ? 'all' : 'open';
  const rows = useTrading((s) => s.data.orders.rows);
  const history = useTrading((s) => s.history.orders);
  const { loadMore } = useTradingHistory('orders');
  const [symbol, setSymbol] = useState('');
  const [sort, setSort] = useState<SortState | null>({ column: 'time', direction: 'desc' });
  const [message, setMessage] = useState<CommandMessage | null>(null);
  const [canceling, setCanceling] = useState<ReadonlySet<string>>(new Set());
  const [replacing, setReplacing] = useState<OrderView | null>(null);
  const [inspecting, setInspecting] = useState<OrderView | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const cancel = useCancelOrder();
  const cancelAll = useCancelAll();

  const all = useMemo(() => [...rows.values()], [rows]);
  const working = useMemo(() => all.filter((o) => o.working), [all]);
  const wanted = symbol.trim().toUpperCase();
  const shown = useMemo(() => (scope === 'open' ? working : all).filter((o) => wanted === '' || o.symbol.startsWith(wanted)), [scope, working, all, wanted]);

  const columns = useMemo(
    () =>
      orderColumns({
        canceling,
        cancel: (order) => {
          setCanceling((c) => new Set(c).add(order.clientOrderId));
          cancel.mutate(order.clientOrderId, {
            onSuccess: (result) => setMessage(result.ok ? { tone: 'ok', text: `Cancel of ${order.side.toUpperCase()} ${formatQty(order.qty)} ${order.symbol} sent` } : { tone: 'bad', text: `Not canceled: ${result.reason ?? 'refused'}` }),
            onError: (error) => setMessage(errorMessage('Cancel', error)),
            onSettled: () =>
              setCanceling((c) => {
                const next = new Set(c);
                next.delete(order.clientOrderId);
                return next;
              }),
          });
        },
        replace: setReplacing,
        risk: setInspecting,
      }),
    [canceling],
  );

  return (
    <div className="blotter" data-testid="orders" data-scope={scope}>
      <div className="blotter-toolbar">
        <div className="segmented" role="group" aria-label="Which orders">
          <button type="button" aria-pressed={scope === 'open'} data-testid="orders-scope-open" onClick={() => updateSettings({ scope: 'open' })}>
            Working <span className="tab-count">{working.length}</span>
          </button>
          <button type="button" aria-pressed={scope === 'all'} data-testid="orders-scope-all" onClick={() => updateSettings({ scope: 'all' })}>
            All recent
          </button>
        </div>
        <input type="text" className="symbol-filter" placeholder="Symbol" aria-label="Filter by symbol" data-testid="orders-symbol-filter" value={symbol} onChange={(event) => setSymbol(event.target.value)} />
        {scope === 'all' && (
          <>
            <span className="blotter-summary" data-testid="orders-summary">
              {shown.length === 1 ? '1 order' : `${shown.length.toLocaleString('en-US')} orders`}
            </span>
            <HistoryStatusLine status={history} noun="orders" onMore={loadMore} />
          </>
        )}
        {message && (
          <span className={`blotter-message ${message.tone}`} data-testid="orders-message" role="status">
            {message.text}
          </span>
        )}
        <span className="topbar-spacer" />
        <button type="button" className="danger-outline" data-testid="cancel-all" disabled={working.length === 0} onClick={() => setConfirmAll(true)}>
          Cancel all
        </button>
      </div>
      <VirtualTable
        rows={shown}
        columns={columns}
        rowKey={(o) => o.clientOrderId}
        sort={sort}
        onSort={setSort}
        label={scope === 'open' ? 'Working orders' : 'Recent orders'}
        testId="orders-table"
        rowTestId="order-row"
        rowAttributes={(o) => ({ 'data-status': o.status, 'data-symbol': o.symbol, 'data-type': o.type })}
        rowClass={(o) => (o.working ? 'working' : 'done')}
        empty={scope === 'open' ? 'No working orders.' : history.state === 'loading' ? 'Reading the orders…' : 'No orders yet.'}
      />
      {confirmAll && (
        <ConfirmDialog
          title="Cancel all orders"
          tone="danger"
          confirmLabel={`Cancel ${working.length === 1 ? 'it' : `all ${working.length}`}`}
          dismissLabel="Keep them"
          testId="cancel-all-dialog"
          onClose={() => setConfirmAll(false)}
          onConfirm={async () => {
            const { requested } = await cancelAll.mutateAsync();
            setMessage({ tone: 'ok', text: `Cancel asked for ${requested} ${requested === 1 ? 'order' : 'orders'}` });
          }}
        >
          <p>
            Asks the broker to cancel every working order ({working.length}), bracket legs included. Positions stay open; filled parts stay filled.
          </p>
        </ConfirmDialog>
      )}
      {replacing && <ReplaceOrderDialog order={replacing} onClose={() => setReplacing(null)} onReplaced={(text) => setMessage({ tone: 'ok', text })} />}
      {inspecting && <OrderRiskDialog order={inspecting} onClose={() => setInspecting(null)} />}
    </div>
  );
}

/** The number of working orders on the Orders tab. */
export function OrdersTabBadge() {
  const rows = useTrading((s) => s.data.orders.rows);
  const count = useMemo(() => [...rows.values()].filter((o) => o.working).length, [rows]);
  return count > 0 ? <span className="tab-count">{count}</span> : null;
}
