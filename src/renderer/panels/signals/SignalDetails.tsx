import type { SignalRecordShape } from '../../../shared/ipc/services/signals';
import { formatLocalDateTime } from '../../format/local-time';
import { formatLatency } from './signal-format';

/** Everything stored about one signal: the risk manager's verdicts, latencies, order ids, the payload as sent. */
export function SignalDetails({ record }: { record: SignalRecordShape }) {
  const outcome = record.outcome;
  return (
    <div className="signal-details" data-testid={`signal-details-${record.id}`}>
      <div className="signal-details-column">
        <h5>Risk</h5>
        {outcome?.risk ? (
          <ul className="risk-verdicts">
            {outcome.risk.rules.map((rule, index) => (
              <li key={index} className={rule.passed ? 'ok' : 'bad'}>
                <span aria-hidden>{rule.passed ? '✓' : '✗'}</span> <code>{rule.rule}</code> {rule.detail}
              </li>
            ))}
            {outcome.risk.rules.length === 0 && <li className="muted">no rules ran</li>}
          </ul>
        ) : (
          <p className="muted">Did not reach the risk manager.</p>
        )}
        {(record.error || outcome?.reason) && <p className={record.error ? 'bad' : 'muted'}>{record.error ?? outcome?.reason}</p>}
      </div>
      <div className="signal-details-column">
        <h5>Outcome</h5>
        <dl className="facts">
          <dt>Received</dt>
          <dd>{formatLocalDateTime(record.receivedAt)}</dd>
          <dt>Decided</dt>
          <dd>{record.decidedAt !== null ? formatLocalDateTime(record.decidedAt) : '—'}</dd>
          <dt>Latency</dt>
          <dd>
            risk {formatLatency(outcome?.latency_ms.risk)} · submit {formatLatency(outcome?.latency_ms.submit)} · total {formatLatency(outcome?.latency_ms.total)}
          </dd>
          <dt>Filled</dt>
          <dd>{outcome ? `${outcome.filled_qty}${outcome.filled_avg_price !== null ? ` @ ${outcome.filled_avg_price}` : ''}` : '—'}</dd>
          <dt>Client order</dt>
          <dd>
            <code>{record.clientOrderId ?? '—'}</code>
          </dd>
          <dt>Broker order</dt>
          <dd>
            <code>{outcome?.broker_order_id ?? '—'}</code>
          </dd>
        </dl>
      </div>
      <div className="signal-details-column wide">
        <h5>{record.status === 'invalid' ? 'What was sent' : 'Signal'}</h5>
        <pre className="payload">{JSON.stringify(record.payload, null, 2)}</pre>
      </div>
    </div>
  );
}
