/**
 * A window's trading data from main's streams and snapshots: the same end state whichever arrives
 * first, nothing changed by a repeated batch or snapshot, closed positions gone and not brought
 * back by a stale snapshot, fills kept once.
 */
import { describe, expect, it } from 'vitest';
import type { AccountView, FillView, OrderView, PositionView, TradingStateView } from '../../../src/shared/ipc/services/trading';
import { applySnapshot, applyStreamBatch, emptyTradingData, type StreamBatch, type TradingData, type TradingSnapshot } from '../../../src/renderer/state/trading/trading-data';

function order(id: string, status: OrderView['status'], filledQty = 0, updatedAt = 1_000): OrderView {
  const terminal = ['filled', 'canceled', 'rejected', 'expired', 'replaced'].includes(status);
  return {
    clientOrderId: id, brokerOrderId: null, symbol: 'SPY', side: 'buy', qty: 10, type: 'market', timeInForce: 'day', limitPrice: null, stopPrice: null,
    trailPrice: null, trailPercent: null, extendedHours: false, orderClass: 'simple', role: null, parentId: null, groupId: null, legIds: [], status,
    working: !terminal, filledQty, avgFillPrice: filledQty > 0 ? 350 : null, commission: 0, createdAt: 1_000, updatedAt, replaces: null, replacedBy: null,
    reason: null, source: 'ticket', tag: 'ticket',
  };
}

function position(symbol: string, qty: number, t = 1_000): PositionView {
  return { symbol, qty, avgEntryPrice: 350, lastPrice: 351, marketValue: qty * 351, costBasis: qty * 350, unrealizedPnl: qty, unrealizedPnlPct: 0.29, realizedPnl: 0, stopPrice: null, t };
}

function fill(id: string, t: number): FillView {
  return { executionId: id, clientOrderId: 'o1', brokerOrderId: null, symbol: 'SPY', side: 'buy', qty: 10, price: 350, commission: 0, t, synthetic: false };
}

function account(cash: number, equity: number): AccountView {
  return {
    t: 1, account: 'paper', mode: 'paper', cash, equity, buyingPower: cash, longMarketValue: equity - cash, shortMarketValue: 0, sessionStartEquity: 100_000,
    dayPnl: equity - 100_000, dayPnlPct: ((equity - 100_000) * 100) / 100_000, realizedPnl: 0, unrealizedPnl: 0, reconciledAt: 1,
  };
}

const stateView = (state: TradingStateView['state']): TradingStateView => ({
  state, reason: state === 'ACTIVE' ? '' : 'kill switch: test', haltedBy: state === 'HALTED' ? 'manual' : null, since: 1, mode: 'paper',
  broker: { id: 'paper', kind: 'paper', label: 'Paper (offline simulator)' }, ready: true, reconciling: false, lastReconciledAt: 1, killSwitchAt: null,
  limits: { maxPositionPct: 10, fatFingerPct: 5, orderRate: { maxOrders: 30, windowMs: 60_000 }, maxDailyLossPct: 3, maxPortfolioRiskPct: 5, maxCorrelation: 0.7, defaultStopPct: 2, maxPriceAgeSec: 60 },
  replay: null,
});

const ordersOf = (data: TradingData) => [...data.orders.rows.values()].map((o) => `${o.clientOrderId}:${o.status}:${o.filledQty}`).sort();
const positionsOf = (data: TradingData) => [...data.positions.rows.values()].map((p) => `${p.symbol}:${p.qty}`).sort();

describe('trading data: snapshot and stream in either order', () => {
  it('a snapshot asked before a stream item that arrives after it: the stream item wins', () => {
    let data = emptyTradingData();
    const since = data.seq;
    data = applyStreamBatch(data, { name: 'trading.orders', items: [order('o1', 'filled', 10)] });
    // The snapshot was read before the fill: it still says accepted.
    data = applySnapshot(data, { orders: [order('o1', 'accepted')] }, since);
    expect(ordersOf(data)).toEqual(['o1:filled:10']);
  });

  it('a stream item from before the snapshot was asked for: the snapshot (newer) wins', () => {
    let data = applyStreamBatch(emptyTradingData(), { name: 'trading.orders', items: [order('o1', 'accepted')] });
    const since = data.seq;
    data = applySnapshot(data, { orders: [order('o1', 'filled', 10)] }, since);
    expect(ordersOf(data)).toEqual(['o1:filled:10']);
  });

  it('ends in the same state whichever of stream and snapshot comes first, with the replay clock running backwards', () => {
    // During a replay the paper clock is the replayed time: a later change can carry an earlier updatedAt.
    const accepted = order('o1', 'accepted', 0, 2_000_000);
    const filled = order('o1', 'filled', 10, 1_000);
    const snapshotFirst = applyStreamBatch(applySnapshot(emptyTradingData(), { orders: [accepted] }, 0), { name: 'trading.orders', items: [filled] });
    const streamFirst = applySnapshot(applyStreamBatch(emptyTradingData(), { name: 'trading.orders', items: [filled] }), { orders: [accepted] }, 0);
    expect(ordersOf(snapshotFirst)).toEqual(['o1:filled:10']);
    expect(ordersOf(streamFirst)).toEqual(['o1:filled:10']);
  });

  it('stream items apply in the order sent: the last one per order stands', () => {
    const data = applyStreamBatch(emptyTradingData(), { name: 'trading.orders', items: [order('o1', 'accepted'), order('o2', 'accepted'), order('o1', 'partially_filled', 4), order('o1', 'filled', 10)] });
    expect(ordersOf(data)).toEqual(['o1:filled:10', 'o2:accepted:0']);
  });
});

describe('trading data: idempotent', () => {
  const batches: StreamBatch[] = [
    { name: 'trading.orders', items: [order('o1', 'filled', 10)] },
    { name: 'trading.fills', items: [fill('e1', 5), fill('e2', 6)] },
    { name: 'trading.positions', items: [position('SPY', 10)] },
    { name: 'trading.account', items: [account(96_500, 100_010)] },
  ];
  const snapshot: TradingSnapshot = { orders: [order('o0', 'canceled')], fills: [fill('e0', 1)], positions: [position('SPY', 10), position('QQQ', 5)], account: account(96_500, 100_010) };

  it('the same batches and snapshot applied twice change nothing', () => {
    let once = applySnapshot(emptyTradingData(), snapshot, 0);
    for (const batch of batches) once = applyStreamBatch(once, batch);
    let twice = once;
    for (const batch of batches) twice = applyStreamBatch(twice, batch);
    twice = applySnapshot(twice, snapshot, 0);
    expect(ordersOf(twice)).toEqual(ordersOf(once));
    expect(positionsOf(twice)).toEqual(positionsOf(once));
    expect([...twice.fills.keys()].sort()).toEqual(['e0', 'e1', 'e2']);
    expect(twice.account).toEqual(once.account);
  });

  it('a fill seen on the stream and again in a history page is kept once', () => {
    let data = applyStreamBatch(emptyTradingData(), { name: 'trading.fills', items: [fill('e1', 5)] });
    data = applySnapshot(data, { fills: [fill('e1', 5), fill('e0', 1)] }, 0);
    expect(data.fills.size).toBe(2);
  });
});

describe('trading data: positions', () => {
  it('a position closed on the stream (quantity 0) goes, and a snapshot read before the close does not bring it back', () => {
    let data = applySnapshot(emptyTradingData(), { positions: [position('SPY', 10)] }, 0);
    const since = data.seq;
    data = applyStreamBatch(data, { name: 'trading.positions', items: [position('SPY', 0)] });
    expect(positionsOf(data)).toEqual([]);
    data = applySnapshot(data, { positions: [position('SPY', 10)] }, since);
    expect(positionsOf(data)).toEqual([]);
  });

  it('a complete snapshot drops positions it no longer lists, unless the stream opened them since', () => {
    let data = applyStreamBatch(emptyTradingData(), { name: 'trading.positions', items: [position('SPY', 10), position('QQQ', 3)] });
    const since = data.seq;
    data = applyStreamBatch(data, { name: 'trading.positions', items: [position('IWM', 2)] });
    // Read after SPY and QQQ were closed elsewhere but before IWM was opened.
    data = applySnapshot(data, { positions: [] }, since);
    expect(positionsOf(data)).toEqual(['IWM:2']);
  });
});

describe('trading data: account and state', () => {
  it('the account from the stream after the request wins over the older answer', () => {
    let data = emptyTradingData();
    const since = data.seq;
    data = applyStreamBatch(data, { name: 'trading.account', items: [account(100_000, 100_000), account(96_500, 100_010)] });
    data = applySnapshot(data, { account: account(100_000, 100_000), state: stateView('ACTIVE') }, since);
    expect(data.account).toMatchObject({ cash: 96_500, equity: 100_010 });
    expect(data.state?.state).toBe('ACTIVE');
  });

  it('the latest trading state of a batch stands', () => {
    const data = applyStreamBatch(emptyTradingData(), { name: 'trading.state', items: [stateView('HALTED'), stateView('ACTIVE')] });
    expect(data.state?.state).toBe('ACTIVE');
  });

  it('connections: a complete snapshot without streams (the offline paper broker) drops those of a previous broker', () => {
    let data = applyStreamBatch(emptyTradingData(), {
      name: 'trading.connection',
      items: [{ stream: 'trading', state: 'connected', since: 1, attempt: 0, reason: null, retryInMs: null, connection: 1 }],
    });
    data = applySnapshot(data, { connections: [] }, data.seq);
    expect(data.connections.rows.size).toBe(0);
  });
});
