/** The trading service's objects as the IPC contract shows them. */
import type { Fill } from '../../shared/domain/fill';
import { isTerminal, type Order } from '../../shared/domain/order';
import type { Position } from '../../shared/domain/position';
import type { FillView, OrderView, PositionView, RiskDecisionView } from '../../shared/ipc/services/trading';
import type { RiskDecision } from '../../shared/risk/risk-types';
import { isSyntheticExecution, sourceOfTag } from './journal/order-rows';

export function orderView(order: Order): OrderView {
  return {
    clientOrderId: order.clientOrderId,
    brokerOrderId: order.brokerOrderId,
    symbol: order.symbol,
    side: order.side,
    qty: order.qty,
    type: order.type,
    timeInForce: order.timeInForce,
    limitPrice: order.limitPrice,
    stopPrice: order.stopPrice,
    trailPrice: order.trailPrice,
    trailPercent: order.trailPercent,
    extendedHours: order.extendedHours,
    orderClass: order.orderClass,
    role: order.role,
    parentId: order.parentId,
    groupId: order.groupId,
    legIds: [...order.legIds],
    status: order.status,
    working: !isTerminal(order.status),
    filledQty: order.filledQty,
    avgFillPrice: order.avgFillPrice,
    commission: order.commission,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    replaces: order.replaces,
    replacedBy: order.replacedBy,
    reason: order.reason,
    source: sourceOfTag(order.tag),
    tag: order.tag,
  };
}

export function fillView(fill: Fill): FillView {
  return {
    executionId: fill.executionId,
    clientOrderId: fill.clientOrderId,
    brokerOrderId: fill.brokerOrderId,
    symbol: fill.symbol,
    side: fill.side,
    qty: fill.qty,
    price: fill.price,
    commission: fill.commission,
    t: fill.t,
    synthetic: isSyntheticExecution(fill.executionId),
  };
}

export function positionView(position: Position, stopPrice: number | undefined, t: number): PositionView {
  const costBasis = position.qty * position.avgEntryPrice;
  return {
    symbol: position.symbol,
    qty: position.qty,
    avgEntryPrice: position.avgEntryPrice,
    lastPrice: Number.isFinite(position.lastPrice) && position.lastPrice > 0 ? position.lastPrice : null,
    marketValue: position.marketValue,
    costBasis,
    unrealizedPnl: position.unrealizedPnl,
    unrealizedPnlPct: costBasis !== 0 ? (position.unrealizedPnl * 100) / Math.abs(costBasis) : null,
    realizedPnl: position.realizedPnl,
    stopPrice: stopPrice ?? null,
    t,
  };
}

export function riskView(decision: RiskDecision | null): RiskDecisionView | null {
  if (!decision) return null;
  return {
    approved: decision.approved,
    state: decision.state,
    reducing: decision.reducing,
    rules: decision.rules.map((r) => ({ rule: r.rule, passed: r.passed, detail: r.detail })),
  };
}
