import type { OrderSide } from '../domain/order';
import type { RiskAccount } from './risk-types';

/**
 * True when an order only shrinks the position in its symbol: it trades against the position and,
 * with the other working orders on its side, cannot take the position through zero.
 */
export function isReducingOrder(account: RiskAccount, symbol: string, side: OrderSide, qty: number, replacesQty = 0): boolean {
  const position = account.positionQty(symbol);
  if (position === 0) return false;
  if ((position > 0) !== (side === 'sell')) return false;
  const alreadyWorking = Math.max(0, account.workingQty(symbol, side) - replacesQty);
  return qty + alreadyWorking <= Math.abs(position) + 1e-9;
}

/** The price an order will trade near: its limit, else its stop, else the last price (NaN if none). */
export function referencePrice(account: RiskAccount, symbol: string, limitPrice: number | null, stopPrice: number | null): number {
  if (limitPrice !== null) return limitPrice;
  if (stopPrice !== null) return stopPrice;
  return account.lastPrice(symbol);
}

export function formatPct(value: number, digits = 2): string {
  return `${value.toFixed(digits)}%`;
}

const offVerdicts = new Map<string, { rule: string; passed: true; detail: 'off' }>();

/** The verdict of a rule switched off (one shared object per rule: no allocation per order). */
export function offVerdict(rule: string): { readonly rule: string; readonly passed: true; readonly detail: 'off' } {
  let verdict = offVerdicts.get(rule);
  if (!verdict) offVerdicts.set(rule, (verdict = Object.freeze({ rule, passed: true, detail: 'off' as const })));
  return verdict;
}
