import type { FillView } from '../../../shared/ipc/services/trading';
import { formatMoney, formatPrice, formatQty } from '../../format/money';
import { SideCell, TimeCell } from './cells';
import type { Column } from './VirtualTable';

export const FILL_COLUMNS: Column<FillView>[] = [
  { id: 'time', header: 'Time', width: '118px', firstDirection: 'desc', sortValue: (f) => f.t, cell: (f) => <TimeCell t={f.t} /> },
  { id: 'symbol', header: 'Symbol', width: '80px', sortValue: (f) => f.symbol, cell: (f) => <span className="symbol">{f.symbol}</span> },
  { id: 'side', header: 'Side', width: '56px', sortValue: (f) => f.side, cell: (f) => <SideCell side={f.side} /> },
  { id: 'qty', header: 'Qty', width: '80px', align: 'right', firstDirection: 'desc', sortValue: (f) => f.qty, cell: (f) => formatQty(f.qty) },
  { id: 'price', header: 'Price', width: '90px', align: 'right', firstDirection: 'desc', sortValue: (f) => f.price, cell: (f) => formatPrice(f.price) },
  { id: 'value', header: 'Value', width: '120px', align: 'right', firstDirection: 'desc', sortValue: (f) => f.qty * f.price, cell: (f) => formatMoney(f.qty * f.price) },
  { id: 'commission', header: 'Commission', width: '96px', align: 'right', firstDirection: 'desc', sortValue: (f) => f.commission, cell: (f) => formatMoney(f.commission) },
  { id: 'order', header: 'Order', width: 'minmax(140px, 1fr)', sortValue: (f) => f.clientOrderId, cell: (f) => <code className="muted">{f.clientOrderId}</code> },
  {
    id: 'execution',
    header: 'Execution',
    width: 'minmax(140px, 1fr)',
    sortValue: (f) => f.executionId,
    cell: (f) =>
      f.synthetic ? (
        <span className="status status-warn" title="Recovered by reconciliation: the broker's average price for what the stream never delivered, not one execution">
          recovered
        </span>
      ) : (
        <code className="muted">{f.executionId}</code>
      ),
  },
];
