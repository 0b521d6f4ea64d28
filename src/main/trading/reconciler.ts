/**
 * Order reconciliation: bring the order manager to what the broker says (the broker's view wins),
 * at start-up, after every reconnect and on request. See docs in `TradingService.reconcile`.
 *
 * For every order the journal believes working:
 * - the broker has it → its state is taken over: missed fills are recovered (the broker's own
 *   executions when it can list them, else one synthetic fill priced to the broker's average),
 *   then its status; a cancel or replace that never reached the broker is undone;
 * - the broker never received it and it was never acknowledged (journaled, then the app stopped
 *   before the send completed) → rejected with that reason. **It is never re-sent**: the moment
 *   that wanted it has passed, and a person or the strategy decides again;
 * - an emulated bracket leg still waiting for its entry is left alone; a native one the broker has
 *   made live since (its entry filled) goes live here before its fills are recovered;
 * - an acknowledged order the broker no longer knows → canceled, with that reason.
 * Legs are looked at before entries, so a leg already at the broker is known to be sent before its
 * entry's fill would activate it again. Working orders at the broker that the journal never saw
 * (placed on another device) are adopted: journaled and followed like any other.
 */
import type { Broker, BrokerOrderReport } from '../../shared/broker/broker';
import type { Fill } from '../../shared/domain/fill';
import { isTerminal, type Order } from '../../shared/domain/order';
import { isFillEvent } from '../../shared/domain/order-events';
import type { OrderManager } from '../../shared/oms/order-manager';
import type { ReconcileReport } from '../../shared/ipc/services/trading';
import type { SqliteOrderJournal } from './journal/sqlite-order-journal';

/** A broker that can also list an order's executions with their own ids (the paper broker). */
export interface ExecutionSource {
  fetchFills?(clientOrderId: string): Promise<Fill[]>;
}

export type MutableReconcileReport = { -readonly [K in keyof ReconcileReport]: ReconcileReport[K] extends readonly (infer U)[] ? U[] : ReconcileReport[K] };

export const NEVER_RECEIVED =
  'the broker never received this order: it was journaled, then Sextant stopped before the send completed; it was not sent again';

export interface OrderReconcileDeps {
  readonly oms: OrderManager;
  readonly broker: Broker & ExecutionSource;
  readonly journal: SqliteOrderJournal;
  readonly clock: () => number;
}

function flatten(reports: readonly BrokerOrderReport[]): BrokerOrderReport[] {
  const out: BrokerOrderReport[] = [];
  for (const report of reports) out.push(report, ...flatten(report.legs));
  return out;
}

/** Legs first, then simple orders, entries last; oldest first within each. */
function rank(order: Order): number {
  if (order.role === 'take_profit' || order.role === 'stop_loss') return 0;
  return order.role === 'entry' ? 2 : 1;
}

export async function reconcileOrders(deps: OrderReconcileDeps, report: MutableReconcileReport): Promise<void> {
  const { oms, broker, journal } = deps;
  if (!broker.fetchOrder) return;
  const open = flatten(broker.fetchOpenOrders ? await broker.fetchOpenOrders() : []);
  const openById = new Map(open.map((r) => [r.clientOrderId, r]));
  const local = oms.workingOrders().sort((a, b) => rank(a) - rank(b) || a.createdAt - b.createdAt);
  const reports = new Map<string, BrokerOrderReport | null>();
  for (const order of local) reports.set(order.clientOrderId, openById.get(order.clientOrderId) ?? (await broker.fetchOrder(order.clientOrderId)));
  const executions = new Map<string, Fill[]>();
  if (broker.fetchFills) {
    for (const order of local) {
      const found = reports.get(order.clientOrderId);
      if (found && found.filledQty > order.filledQty + 1e-9) executions.set(order.clientOrderId, await broker.fetchFills(order.clientOrderId));
    }
  }
  const t = deps.clock();
  journal.transaction(() => {
    for (const before of local) {
      const id = before.clientOrderId;
      const current = oms.order(id);
      if (!current || isTerminal(current.status)) continue;
      report.ordersChecked++;
      const found = reports.get(id) ?? null;
      const status = current.status;
      const filled = current.filledQty;
      if (found === null) {
        if (status === 'held') continue;
        if (current.brokerOrderId === null && status === 'pending_new') {
          oms.apply({ type: 'OrderRejected', clientOrderId: id, t, reason: NEVER_RECEIVED });
          report.neverReceived.push(id);
        } else {
          oms.apply({ type: 'OrderCanceled', clientOrderId: id, t, reason: 'the broker no longer knows this order (found at reconciliation)' });
        }
      } else {
        // A leg the broker runs (native group) went live while this side missed it: live first, then its fills.
        if (status === 'held' && found.status !== 'held' && found.status !== 'pending_new') {
          oms.apply({ type: 'OrderAccepted', clientOrderId: id, brokerOrderId: found.brokerOrderId, t, qty: found.qty });
        }
        for (const fill of executions.get(id) ?? []) {
          const applied = oms.apply({ type: 'OrderPartiallyFilled', clientOrderId: id, brokerOrderId: found.brokerOrderId, t: fill.t, fill });
          if (applied.applied) report.fillsRecovered++;
        }
        const afterFills = oms.order(id)!;
        if (afterFills.status === 'pending_cancel' && !isTerminal(found.status) && found.status !== 'pending_cancel') {
          oms.apply({ type: 'OrderCancelRejected', clientOrderId: id, t, reason: 'the cancel did not reach the broker; ask again' });
        }
        if (afterFills.status === 'pending_replace') {
          const replacement = oms.orders().find((o) => o.replaces === id && !isTerminal(o.status));
          if (found.status === 'replaced' && replacement) oms.apply({ type: 'OrderReplaced', clientOrderId: id, t, replacedBy: replacement.clientOrderId });
          else if (!isTerminal(found.status) && found.status !== 'pending_replace') oms.apply({ type: 'OrderReplaceRejected', clientOrderId: id, t, reason: 'the replace did not reach the broker' });
        }
        report.fillsRecovered += oms.reconcile(found, t).filter(isFillEvent).length;
      }
      const after = oms.order(id)!;
      if (after.status !== status || after.filledQty !== filled) report.ordersUpdated++;
    }
    for (const found of open) {
      if (oms.order(found.clientOrderId)) continue;
      const adopted = adoptedOrder(found, t);
      journal.recordOrder(adopted, null);
      oms.restore([adopted], []);
      report.adopted.push(found.clientOrderId);
    }
  });
}

/** A working order found at the broker that this journal never saw, as the order manager keeps it. */
function adoptedOrder(report: BrokerOrderReport, t: number): Order {
  return {
    clientOrderId: report.clientOrderId,
    brokerOrderId: report.brokerOrderId,
    symbol: report.symbol,
    side: report.side,
    qty: report.qty,
    type: report.type,
    timeInForce: report.timeInForce,
    limitPrice: report.limitPrice,
    stopPrice: report.stopPrice,
    trailPrice: null,
    trailPercent: null,
    extendedHours: false,
    orderClass: 'simple',
    role: null,
    parentId: null,
    groupId: null,
    legIds: [],
    status: report.status,
    filledQty: report.filledQty,
    avgFillPrice: report.avgFillPrice,
    commission: 0,
    createdAt: Math.min(report.updatedAt, t),
    updatedAt: report.updatedAt,
    replaces: null,
    replacedBy: null,
    reason: 'placed outside Sextant; adopted at reconciliation',
    tag: 'external',
  };
}
