import { useState } from 'react';
import type { OrderView } from '../../../shared/ipc/services/trading';
import { formatPrice, formatQty } from '../../format/money';
import { useReplaceOrder } from '../../queries/trading';
import { Dialog } from '../../shell/Dialog';
import { RiskVerdictList } from '../common/RiskVerdictList';
import { orderTypeLabel } from './order-status';
import { replaceDraftOf, replaceFieldsOf, replaceRequest, type ReplaceDraft, type ReplaceField } from './replace-form';

const LABEL: Record<ReplaceField, string> = { qty: 'Quantity', limitPrice: 'Limit price', stopPrice: 'Stop price', trail: 'Trail' };

/** Change a working order's quantity, prices or time in force: a new order id replaces it, checked by risk again. */
export function ReplaceOrderDialog({ order, onClose, onReplaced }: { order: OrderView; onClose: () => void; onReplaced: (text: string) => void }) {
  const [draft, setDraft] = useState<ReplaceDraft>(() => replaceDraftOf(order));
  const [problems, setProblems] = useState<Partial<Record<ReplaceField | 'form', string>>>({});
  const replace = useReplaceOrder();
  const fields = replaceFieldsOf(order);
  const submit = () => {
    const check = replaceRequest(order, draft);
    if (!check.ok) return setProblems(check.problems);
    setProblems({});
    replace.mutate(check.input, {
      onSuccess: (result) => {
        if (!result.ok) return;
        onReplaced(`${order.symbol} ${orderTypeLabel(order)} replaced${result.replacement ? ` by ${result.replacement.clientOrderId}` : ''}`);
        onClose();
      },
    });
  };
  const refused = replace.data && !replace.data.ok ? replace.data : null;
  return (
    <Dialog title={`Replace ${order.side.toUpperCase()} ${formatQty(order.qty)} ${order.symbol} ${orderTypeLabel(order)}`} onClose={onClose} testId="replace-dialog">
      <form
        className="replace-form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <p className="muted">
          Now: {formatQty(order.filledQty)} of {formatQty(order.qty)} filled
          {order.limitPrice !== null && <> · limit {formatPrice(order.limitPrice)}</>}
          {order.stopPrice !== null && <> · stop {formatPrice(order.stopPrice)}</>} · {order.timeInForce.toUpperCase()}
        </p>
        {fields.map((field) => (
          <label key={field} className="field">
            <span>
              {LABEL[field]}
              {field === 'trail' ? (order.trailPercent !== null ? ' (%)' : ' ($)') : ''}
            </span>
            <input
              type="text"
              inputMode="decimal"
              data-testid={`replace-${field}`}
              aria-invalid={problems[field] ? true : undefined}
              value={draft[field]}
              onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
            />
            {problems[field] && <span className="field-problem">{problems[field]}</span>}
          </label>
        ))}
        <label className="field">
          <span>Time in force</span>
          <select value={draft.timeInForce} data-testid="replace-tif" onChange={(event) => setDraft({ ...draft, timeInForce: event.target.value as ReplaceDraft['timeInForce'] })}>
            {(order.type === 'trailing_stop' || order.orderClass !== 'simple' ? ['day', 'gtc'] : ['day', 'gtc', 'ioc', 'fok']).map((tif) => (
              <option key={tif} value={tif}>
                {tif.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        {problems.form && <p className="bad">{problems.form}</p>}
        {refused && (
          <div className="refusal" role="alert" data-testid="replace-refused">
            <p className="bad">Not replaced: {refused.reason ?? 'refused'}</p>
            {refused.risk && <RiskVerdictList rules={refused.risk.rules} />}
          </div>
        )}
        {replace.error && (
          <p className="bad" role="alert">
            {replace.error.message}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Keep as is
          </button>
          <button type="submit" className="primary" data-testid="replace-submit" disabled={replace.isPending}>
            {replace.isPending ? 'Replacing…' : 'Replace order'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
