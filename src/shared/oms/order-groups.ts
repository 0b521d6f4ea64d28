import { isTerminal, type OrderRole, type OrderStatus } from '../domain/order';

/** What the group logic needs of each order in a bracket, OCO or OTO. */
export interface GroupMember {
  readonly clientOrderId: string;
  readonly role: OrderRole | null;
  readonly status: OrderStatus;
  readonly qty: number;
  readonly filledQty: number;
}

export type GroupAction =
  /** A held leg goes live with this quantity (the entry's filled quantity). */
  | { readonly kind: 'activate'; readonly clientOrderId: string; readonly qty: number }
  | { readonly kind: 'cancel'; readonly clientOrderId: string; readonly reason: string };

/**
 * How a group reacts when one of its orders changed. Shared by the simulated broker (which runs
 * groups itself, as Alpaca does) and the order manager (which emulates groups for a broker that
 * cannot):
 * - the entry filled completely → its held legs go live for the filled quantity;
 * - the entry ended (canceled, expired, rejected) after a partial fill → the legs go live for the
 *   part that filled; without any fill → the legs are canceled;
 * - a leg's first execution cancels the other working legs (one-cancels-other). With a
 *   participation cap the executing leg's remainder keeps working alone.
 */
export function groupReactions(entry: GroupMember | null, legs: readonly GroupMember[], changedId: string): GroupAction[] {
  const actions: GroupAction[] = [];
  if (entry && entry.clientOrderId === changedId) {
    const done = entry.status === 'filled' || (isTerminal(entry.status) && entry.status !== 'replaced');
    if (!done) return actions;
    for (const leg of legs) {
      if (leg.status !== 'held') continue;
      if (entry.filledQty > 0) actions.push({ kind: 'activate', clientOrderId: leg.clientOrderId, qty: entry.filledQty });
      else actions.push({ kind: 'cancel', clientOrderId: leg.clientOrderId, reason: `entry ${entry.clientOrderId} ${entry.status} without a fill` });
    }
    return actions;
  }
  const changed = legs.find((leg) => leg.clientOrderId === changedId);
  if (!changed || changed.filledQty <= 0) return actions;
  for (const leg of legs) {
    if (leg === changed || isTerminal(leg.status) || leg.status === 'pending_cancel') continue;
    actions.push({ kind: 'cancel', clientOrderId: leg.clientOrderId, reason: `one-cancels-other: ${changed.clientOrderId} executed` });
  }
  return actions;
}
