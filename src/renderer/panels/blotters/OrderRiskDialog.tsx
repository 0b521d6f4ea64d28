import type { OrderView } from '../../../shared/ipc/services/trading';
import { formatQty } from '../../format/money';
import { useOrderRisk } from '../../queries/trading';
import { Dialog } from '../../shell/Dialog';
import { RiskVerdictList } from '../common/RiskVerdictList';
import { orderTypeLabel } from './order-status';

/** The risk decision recorded for an order when it was sent: every rule's verdict. */
export function OrderRiskDialog({ order, onClose }: { order: OrderView; onClose: () => void }) {
  const risk = useOrderRisk(order.clientOrderId);
  return (
    <Dialog title={`Risk: ${order.side.toUpperCase()} ${formatQty(order.qty)} ${order.symbol} ${orderTypeLabel(order)}`} onClose={onClose} testId="order-risk-dialog">
      <p className="muted">
        Order <code>{order.clientOrderId}</code>
        {order.source ? ` from ${order.source}` : ''}
      </p>
      {risk.isLoading && <p className="muted">Reading the decision…</p>}
      {risk.error && <p className="bad">Could not read it: {risk.error.message}</p>}
      {risk.data === null && <p className="muted">No risk decision was recorded for this order (placed outside Sextant, or found at the broker).</p>}
      {risk.data && (
        <>
          <p className={risk.data.approved ? 'ok' : 'bad'} data-testid="order-risk-verdict">
            {risk.data.approved ? 'Approved' : 'Refused'} while trading was {risk.data.state}
            {risk.data.reducing ? ' (the order reduces a position)' : ''}
          </p>
          <RiskVerdictList rules={risk.data.rules} testId="order-risk-rules" />
        </>
      )}
    </Dialog>
  );
}
