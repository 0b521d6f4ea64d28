/**
 * What became of a submit, in the ticket's words: accepted (and then its live status from the
 * orders stream: filled, working, rejected by the broker with its reason...), refused by risk with
 * the rules that failed, or not sent at all and why.
 */
import type { OrderView, SubmitResult } from '../../../shared/ipc/services/trading';
import { formatPrice, formatQty } from '../../format/money';

export interface OutcomeView {
  readonly tone: 'ok' | 'bad' | 'working' | 'muted';
  /** For tests and styling: filled, accepted, partially_filled, rejected_by_risk, rejected_by_broker, canceled... */
  readonly status: string;
  readonly headline: string;
  readonly details: readonly string[];
}

function filledText(order: OrderView): string {
  return `${formatQty(order.filledQty)} @ ${formatPrice(order.avgFillPrice)}`;
}

/** `live`: the order as the stream shows it now (newer than the answer). */
export function outcomeView(result: SubmitResult, live: OrderView | undefined): OutcomeView {
  switch (result.status) {
    case 'rejected_by_risk': {
      const failed = result.risk?.rules.filter((r) => !r.passed) ?? [];
      return {
        tone: 'bad',
        status: 'rejected_by_risk',
        headline: `Rejected by risk: ${failed.map((r) => r.rule).join(', ') || 'refused'}`,
        details: failed.length > 0 ? failed.map((r) => `${r.rule}: ${r.detail}`) : [result.reason ?? ''],
      };
    }
    case 'invalid':
      return { tone: 'bad', status: 'invalid', headline: 'Not sent: the order is not valid', details: [result.reason ?? ''] };
    case 'unavailable':
      return { tone: 'bad', status: 'unavailable', headline: 'Not sent: trading is not available', details: [result.reason ?? ''] };
    case 'skipped':
    case 'hold':
    case 'disabled':
      return { tone: 'muted', status: result.status, headline: 'Nothing sent', details: [result.reason ?? ''] };
    default:
      break;
  }
  const order = live ?? result.orders.find((o) => o.clientOrderId === result.clientOrderId);
  if (!order) return { tone: 'working', status: result.status, headline: `Sent: ${result.status.replace(/_/g, ' ')}`, details: [] };
  const legs = order.legIds.length > 0 ? [`with ${order.legIds.length === 1 ? 'one exit leg' : `${order.legIds.length} exit legs`}`] : [];
  switch (order.status) {
    case 'filled':
      return { tone: 'ok', status: 'filled', headline: `Filled ${filledText(order)}`, details: legs };
    case 'partially_filled':
      return { tone: 'working', status: 'partially_filled', headline: `Partially filled ${formatQty(order.filledQty)} of ${formatQty(order.qty)} @ ${formatPrice(order.avgFillPrice)}`, details: legs };
    case 'rejected':
      return { tone: 'bad', status: 'rejected_by_broker', headline: 'Rejected by the broker', details: [order.reason ?? result.reason ?? 'no reason given'] };
    case 'canceled':
    case 'expired':
      return {
        tone: 'muted',
        status: order.status,
        headline: `${order.status === 'canceled' ? 'Canceled' : 'Expired'}${order.filledQty > 0 ? ` after ${filledText(order)}` : ''}`,
        details: order.reason ? [order.reason] : [],
      };
    case 'replaced':
      return { tone: 'muted', status: 'replaced', headline: `Replaced${order.replacedBy ? ` by ${order.replacedBy}` : ''}`, details: [] };
    case 'pending_new':
      return { tone: 'working', status: 'submitted', headline: 'Sent: waiting for the broker', details: legs };
    case 'held':
      return { tone: 'working', status: 'accepted', headline: 'Accepted: waiting for its entry to fill', details: legs };
    case 'pending_cancel':
      return { tone: 'working', status: 'accepted', headline: 'Cancel requested', details: legs };
    case 'pending_replace':
      return { tone: 'working', status: 'accepted', headline: 'Replace requested', details: legs };
    default:
      return { tone: 'working', status: 'accepted', headline: 'Accepted: working at the broker', details: legs };
  }
}
