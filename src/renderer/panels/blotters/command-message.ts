/** What a blotter says after a command (close, cancel, replace): one line, good or bad. */
import type { SubmitResult } from '../../../shared/ipc/services/trading';
import { formatQty } from '../../format/money';

export interface CommandMessage {
  readonly tone: 'ok' | 'bad';
  readonly text: string;
}

const REFUSED = new Set(['rejected_by_risk', 'rejected_by_broker', 'invalid', 'unavailable']);

/** A close (or close-all) answer in words: the order sent, or why not. */
export function closeMessage(symbol: string, result: SubmitResult): CommandMessage {
  const order = result.orders.find((o) => o.clientOrderId === result.clientOrderId);
  if (REFUSED.has(result.status)) return { tone: 'bad', text: `Close ${symbol} refused (${result.status.replace(/_/g, ' ')}): ${result.reason ?? 'no reason given'}` };
  if (result.status === 'skipped') return { tone: 'bad', text: result.reason ?? `Nothing to close in ${symbol}` };
  return { tone: 'ok', text: order ? `${order.side.toUpperCase()} ${formatQty(order.qty)} ${symbol} at market: ${result.status.replace(/_/g, ' ')}` : `Close ${symbol}: ${result.status}` };
}

export function errorMessage(what: string, error: unknown): CommandMessage {
  return { tone: 'bad', text: `${what} failed: ${error instanceof Error ? error.message : String(error)}` };
}
