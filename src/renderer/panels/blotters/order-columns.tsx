import type { OrderView } from '../../../shared/ipc/services/trading';
import { formatPrice, formatQty } from '../../format/money';
import { SideCell, StatusCell, TimeCell } from './cells';
import { canCancel, canReplace, orderPriceText, orderSortPrice, orderStatusLabel, orderStatusTone, orderTypeLabel } from './order-status';
import type { Column } from './VirtualTable';

export interface OrderActions {
  cancel(order: OrderView): void;
  replace(order: OrderView): void;
  risk(order: OrderView): void;
  /** Orders whose cancel is on its way from this window. */
  readonly canceling: ReadonlySet<string>;
}

function StatusWithReason({ order }: { order: OrderView }) {
  return (
    <span className="status-with-reason">
      <StatusCell tone={orderStatusTone(order.status)} label={orderStatusLabel(order.status)} title={order.reason ?? undefined} />
      {order.reason && order.status !== 'filled' && <span className="order-reason" title={order.reason}>{order.reason}</span>}
    </span>
  );
}

export function orderColumns(actions: OrderActions): Column<OrderView>[] {
  return [
    { id: 'time', header: 'Time', width: '118px', firstDirection: 'desc', sortValue: (o) => o.createdAt, cell: (o) => <TimeCell t={o.createdAt} /> },
    { id: 'symbol', header: 'Symbol', width: '80px', sortValue: (o) => o.symbol, cell: (o) => <span className="symbol">{o.symbol}</span> },
    { id: 'side', header: 'Side', width: '58px', sortValue: (o) => o.side, cell: (o) => <SideCell side={o.side} /> },
    { id: 'type', header: 'Type', width: '96px', sortValue: (o) => orderTypeLabel(o), cell: (o) => orderTypeLabel(o) },
    { id: 'qty', header: 'Qty', width: '64px', align: 'right', firstDirection: 'desc', sortValue: (o) => o.qty, cell: (o) => formatQty(o.qty) },
    {
      id: 'filled',
      header: 'Filled',
      width: '70px',
      align: 'right',
      firstDirection: 'desc',
      sortValue: (o) => o.filledQty / o.qty,
      cell: (o) => <span className={o.filledQty > 0 ? undefined : 'muted'}>{`${formatQty(o.filledQty)}/${formatQty(o.qty)}`}</span>,
    },
    { id: 'price', header: 'Price', width: '100px', align: 'right', firstDirection: 'desc', sortValue: orderSortPrice, title: 'Limit, stop, stop / limit, or trail', cell: (o) => orderPriceText(o, formatPrice) },
    { id: 'avg', header: 'Avg fill', width: '78px', align: 'right', firstDirection: 'desc', sortValue: (o) => o.avgFillPrice, cell: (o) => formatPrice(o.avgFillPrice) },
    { id: 'tif', header: 'TIF', width: '52px', sortValue: (o) => o.timeInForce, cell: (o) => o.timeInForce.toUpperCase() },
    { id: 'status', header: 'Status', width: 'minmax(120px, 1fr)', sortValue: (o) => o.status, cell: (o) => <StatusWithReason order={o} /> },
    { id: 'source', header: 'Source', width: '76px', sortValue: (o) => o.source, title: 'Who asked: ticket, strategy, outside, cli, kill-switch, close, external', cell: (o) => <span className="muted">{o.source}</span> },
    {
      id: 'actions',
      header: '',
      width: '192px',
      cell: (o) => (
        <span className="row-actions">
          {canCancel(o) && (
            <button type="button" className="row-button" data-testid="order-cancel" disabled={actions.canceling.has(o.clientOrderId)} onClick={() => actions.cancel(o)}>
              Cancel
            </button>
          )}
          {canReplace(o) && (
            <button type="button" className="row-button" data-testid="order-replace" onClick={() => actions.replace(o)}>
              Replace
            </button>
          )}
          <button type="button" className="row-button subtle" data-testid="order-risk" title="The risk manager's verdicts on this order" onClick={() => actions.risk(o)}>
            Risk
          </button>
        </span>
      ),
    },
  ];
}
