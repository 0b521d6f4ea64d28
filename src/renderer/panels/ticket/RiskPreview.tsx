import type { OrderPreview } from '../../../shared/ipc/services/trading';
import { formatMoney, formatPrice, formatQty } from '../../format/money';
import { RiskVerdictList } from '../common/RiskVerdictList';

export interface RiskPreviewProps {
  readonly preview: OrderPreview | null;
  /** The preview answers an older ticket (a newer one is being checked). */
  readonly stale: boolean;
  readonly pending: boolean;
  readonly error: string | null;
  /** What the form still lacks, when it cannot be checked yet. */
  readonly waitingFor: string | null;
}

function estimateText(preview: OrderPreview): string | null {
  const order = preview.order;
  if (!order || preview.estimatedValue === null) return null;
  const price = order.limitPrice ?? order.stopPrice ?? preview.lastPrice;
  const basis = order.limitPrice !== null ? 'limit' : order.stopPrice !== null ? 'stop' : 'last';
  return `${order.side === 'buy' ? 'Est. cost' : 'Est. proceeds'} ${formatMoney(preview.estimatedValue)} · ${formatQty(order.qty)} × ${formatPrice(price)} (${basis})`;
}

/** Every risk rule's verdict on the ticket as it stands, and what it would cost, before anything is sent. */
export function RiskPreview({ preview, stale, pending, error, waitingFor }: RiskPreviewProps) {
  const rules = preview?.risk?.rules ?? [];
  const failed = rules.filter((r) => !r.passed).length;
  const invalid = (preview?.problems.length ?? 0) > 0;
  const state = waitingFor ? 'idle' : error ? 'error' : !preview ? 'pending' : invalid ? 'invalid' : preview.risk?.approved ? 'approved' : 'refused';
  const estimate = preview && !waitingFor ? estimateText(preview) : null;
  return (
    <section className={`risk-preview${stale || pending ? ' stale' : ''}`} data-testid="risk-preview" data-state={state} data-stale={stale || pending} aria-live="polite">
      <header className="risk-preview-header">
        <span className="risk-preview-title">Risk check</span>
        {state === 'approved' && <span className="ok">All {rules.length} rules pass</span>}
        {state === 'refused' && (
          <span className="bad">
            {failed} of {rules.length} rules {failed === 1 ? 'fails' : 'fail'}
          </span>
        )}
        {state === 'invalid' && <span className="bad">Not a valid order</span>}
        {(pending || stale) && !waitingFor && <span className="muted">checking…</span>}
      </header>
      {waitingFor && <p className="muted risk-waiting">{waitingFor}</p>}
      {error && !waitingFor && <p className="bad">Could not check: {error}</p>}
      {preview && !waitingFor && (
        <>
          {invalid && (
            <ul className="preview-problems" data-testid="preview-problems">
              {preview.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          {rules.length > 0 && <RiskVerdictList rules={rules} testId="preview-verdicts" />}
          {estimate && (
            <p className="estimate" data-testid="estimated-cost" data-value={preview.estimatedValue ?? ''}>
              {estimate}
            </p>
          )}
          {preview.notes.map((note) => (
            <p key={note} className="muted preview-note">
              {note}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
