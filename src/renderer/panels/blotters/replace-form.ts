/** The replace dialog's fields for an order, and the changes they ask for (only what differs). */
import type { RequestInput } from '../../../shared/ipc/contract';
import type { OrderView } from '../../../shared/ipc/services/trading';
import { readNumber } from '../ticket/ticket-validation';

export interface ReplaceDraft {
  readonly qty: string;
  readonly limitPrice: string;
  readonly stopPrice: string;
  readonly trail: string;
  readonly timeInForce: OrderView['timeInForce'];
}

export type ReplaceField = Exclude<keyof ReplaceDraft, 'timeInForce'>;

const text = (value: number | null) => (value === null ? '' : String(value));

export function replaceDraftOf(order: OrderView): ReplaceDraft {
  return {
    qty: text(order.qty),
    limitPrice: text(order.limitPrice),
    stopPrice: text(order.stopPrice),
    trail: text(order.trailPercent ?? order.trailPrice),
    timeInForce: order.timeInForce,
  };
}

/** The fields an order's type lets a replace change. */
export function replaceFieldsOf(order: OrderView): ReplaceField[] {
  const fields: ReplaceField[] = ['qty'];
  if (order.type === 'limit' || order.type === 'stop_limit') fields.push('limitPrice');
  if (order.type === 'stop' || order.type === 'stop_limit') fields.push('stopPrice');
  if (order.type === 'trailing_stop') fields.push('trail');
  return fields;
}

export type ReplaceCheck =
  | { readonly ok: true; readonly input: RequestInput<'trading.replaceOrder'> }
  | { readonly ok: false; readonly problems: Partial<Record<ReplaceField | 'form', string>> };

/** The replace request for the fields changed, or each field's problem (nothing changed is one too). */
export function replaceRequest(order: OrderView, draft: ReplaceDraft): ReplaceCheck {
  const problems: Partial<Record<ReplaceField | 'form', string>> = {};
  const changes: Record<string, number | string> = {};
  for (const field of replaceFieldsOf(order)) {
    const read = readNumber(draft[field]);
    if ('missing' in read) problems[field] = 'Enter a value';
    else if ('error' in read) problems[field] = read.error;
    else if (!(read.value > 0)) problems[field] = 'Must be more than 0';
    else {
      const key = field === 'trail' ? (order.trailPercent !== null ? 'trailPercent' : 'trailPrice') : field;
      const before = field === 'trail' ? (order.trailPercent ?? order.trailPrice) : order[field];
      if (field === 'trail' && key === 'trailPercent' && read.value >= 100) problems[field] = 'The trail must be less than 100%';
      else if (read.value !== before) changes[key] = read.value;
    }
  }
  if (draft.timeInForce !== order.timeInForce) changes.timeInForce = draft.timeInForce;
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  if (Object.keys(changes).length === 0) return { ok: false, problems: { form: 'Nothing changed: edit the quantity or a price' } };
  return { ok: true, input: { clientOrderId: order.clientOrderId, ...changes } };
}
