import { useMemo, useState } from 'react';
import type { KillSwitchReport } from '../../../shared/ipc/services/trading';
import { formatQty } from '../../format/money';
import { formatLocalTime } from '../../format/local-time';
import { useKillSwitch } from '../../queries/trading';
import { useTrading } from '../../state/trading/store';
import { Dialog } from '../Dialog';

function Report({ report }: { report: KillSwitchReport }) {
  return (
    <div className="kill-report" data-testid="kill-switch-report">
      <p>
        <strong>Kill switch pulled at {formatLocalTime(report.t)}.</strong> Trading is <strong className="bad">{report.state.state}</strong>: only orders that reduce a
        position are accepted until you reset it.
      </p>
      <ul>
        <li>{report.canceled === 1 ? '1 working order' : `${report.canceled} working orders`} asked to cancel.</li>
        {report.unconfirmedCancels.length > 0 && (
          <li className="warn">Not yet confirmed by the broker: {report.unconfirmedCancels.join(', ')} (watch the Orders blotter).</li>
        )}
        {report.flatten.length === 0 ? (
          <li>No positions to flatten.</li>
        ) : (
          report.flatten.map((result, i) => {
            const order = result.orders[0];
            return (
              <li key={result.clientOrderId ?? i} className={result.status.startsWith('rejected') || result.status === 'invalid' || result.status === 'unavailable' ? 'bad' : undefined}>
                Flatten {order ? `${order.side.toUpperCase()} ${formatQty(order.qty)} ${order.symbol} at market` : result.clientOrderId}: {result.status.replace(/_/g, ' ')}
                {result.reason ? ` — ${result.reason}` : ''}
              </li>
            );
          })
        )}
      </ul>
    </div>
  );
}

/** What the kill switch will do (with the counts now), an optional reason, then what it did. */
export function KillSwitchDialog({ onClose }: { onClose: () => void }) {
  const kill = useKillSwitch();
  const [reason, setReason] = useState('');
  const orders = useTrading((s) => s.data.orders.rows);
  const positions = useTrading((s) => s.data.positions.rows);
  const working = useMemo(() => [...orders.values()].filter((o) => o.working).length, [orders]);
  const held = [...positions.values()];
  const mode = useTrading((s) => s.data.state?.mode ?? 'paper');
  return (
    <Dialog title="Kill switch" tone="danger" onClose={onClose} testId="kill-switch-dialog">
      {kill.data ? (
        <>
          <Report report={kill.data} />
          <div className="dialog-actions">
            <button type="button" className="primary" data-testid="kill-switch-done" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            kill.mutate(reason);
          }}
        >
          <p>
            This stops all trading on the <strong>{mode === 'live' ? 'LIVE' : 'paper'}</strong> account at once:
          </p>
          <ol className="kill-steps">
            <li>
              <strong>Halt</strong>: only orders that reduce a position are accepted until you reset.
            </li>
            <li>
              <strong>Cancel</strong> {working === 1 ? 'the working order' : `all ${working} working orders`} (bracket legs included).
            </li>
            <li>
              <strong>Flatten</strong>{' '}
              {held.length === 0
                ? 'nothing: there are no open positions.'
                : `${held.length === 1 ? 'the position' : `all ${held.length} positions`} at market: ${held.map((p) => `${p.symbol} ${p.qty > 0 ? '+' : ''}${formatQty(p.qty)}`).join(', ')}.`}
            </li>
          </ol>
          <label className="field">
            <span>Reason (kept in the trading history)</span>
            <input type="text" data-testid="kill-switch-reason" value={reason} maxLength={500} placeholder="optional" onChange={(event) => setReason(event.target.value)} />
          </label>
          {kill.error && (
            <p className="bad" role="alert">
              {kill.error.message}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={onClose} disabled={kill.isPending}>
              Keep trading
            </button>
            <button type="submit" className="danger" data-testid="kill-switch-confirm" disabled={kill.isPending}>
              {kill.isPending ? 'Cancelling and flattening…' : 'Cancel all, flatten, halt'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
