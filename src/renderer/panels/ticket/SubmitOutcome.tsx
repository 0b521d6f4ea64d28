import { useEffect, useRef } from 'react';
import type { SubmitResult } from '../../../shared/ipc/services/trading';
import { useTrading } from '../../state/trading/store';
import { outcomeView } from './submit-outcome';

/** The answer to the last submit, following its order live (accepted → filled, or rejected by the broker with its reason). */
export function SubmitOutcome({ result, line }: { result: SubmitResult; line: string }) {
  const live = useTrading((s) => (result.clientOrderId ? s.data.orders.rows.get(result.clientOrderId) : undefined));
  const view = outcomeView(result, live);
  const box = useRef<HTMLDivElement>(null);
  // A ticket taller than its panel scrolls: the answer is brought into view.
  useEffect(() => {
    // Braces: newer browsers return a promise from scrollIntoView, which must not become the cleanup.
    box.current?.scrollIntoView({ block: 'nearest' });
  }, [result]);
  return (
    <div ref={box} className={`ticket-outcome tone-${view.tone}`} data-testid="ticket-outcome" data-status={view.status} role="status">
      <div className="outcome-headline">{view.headline}</div>
      <div className="outcome-line">{line}</div>
      {view.details.filter(Boolean).map((detail) => (
        <div key={detail} className="outcome-detail">
          {detail}
        </div>
      ))}
      {result.clientOrderId && <code className="outcome-id">{result.clientOrderId}</code>}
    </div>
  );
}
