/**
 * What a window knows of the trading service: the account, the trading state, the streams'
 * connections, positions, orders and fills. Pure functions from the stream's batches and the
 * requests' answers to the next state (see keyed-rows.ts for why the order of arrival does not
 * matter). The zustand store (store.ts) holds one of these per window; every window is fed by the
 * same service in main, so two windows never disagree.
 */
import type { AccountView, ConnectionView, FillView, OrderView, PositionView, TradingStateView } from '../../../shared/ipc/services/trading';
import { applySnapshotRows, applyStreamRows, emptyRows, type KeyedRows, type RowRules } from './keyed-rows';

export interface TradingData {
  /** Bumped by every stream batch; a snapshot remembers the value it was asked at. */
  readonly seq: number;
  readonly account: AccountView | null;
  readonly accountSeq: number;
  readonly state: TradingStateView | null;
  readonly stateSeq: number;
  readonly connections: KeyedRows<ConnectionView>;
  /** Open positions only (a stream item with quantity 0 removes its row). */
  readonly positions: KeyedRows<PositionView>;
  readonly orders: KeyedRows<OrderView>;
  /** Fills by execution id: they never change, so both sources simply add. */
  readonly fills: ReadonlyMap<string, FillView>;
}

export type TradingStream = 'trading.account' | 'trading.state' | 'trading.connection' | 'trading.positions' | 'trading.orders' | 'trading.fills';

export type StreamBatch =
  | { readonly name: 'trading.account'; readonly items: readonly AccountView[] }
  | { readonly name: 'trading.state'; readonly items: readonly TradingStateView[] }
  | { readonly name: 'trading.connection'; readonly items: readonly ConnectionView[] }
  | { readonly name: 'trading.positions'; readonly items: readonly PositionView[] }
  | { readonly name: 'trading.orders'; readonly items: readonly OrderView[] }
  | { readonly name: 'trading.fills'; readonly items: readonly FillView[] };

/** Answers of the snapshot requests; each part is optional (history pages carry orders or fills only). */
export interface TradingSnapshot {
  readonly account?: AccountView;
  readonly state?: TradingStateView;
  /** Complete: every stream's connection. */
  readonly connections?: readonly ConnectionView[];
  /** Complete: every open position. */
  readonly positions?: readonly PositionView[];
  /** A page: adds and updates, never removes. */
  readonly orders?: readonly OrderView[];
  readonly fills?: readonly FillView[];
}

const ORDER_RULES: RowRules<OrderView> = { key: (o) => o.clientOrderId };
const POSITION_RULES: RowRules<PositionView> = { key: (p) => p.symbol, removes: (p) => p.qty === 0 };
const CONNECTION_RULES: RowRules<ConnectionView> = { key: (c) => c.stream };

export function emptyTradingData(): TradingData {
  return {
    seq: 0,
    account: null,
    accountSeq: Number.NEGATIVE_INFINITY,
    state: null,
    stateSeq: Number.NEGATIVE_INFINITY,
    connections: emptyRows(),
    positions: emptyRows(),
    orders: emptyRows(),
    fills: new Map(),
  };
}

function addFills(fills: ReadonlyMap<string, FillView>, items: readonly FillView[]): ReadonlyMap<string, FillView> {
  if (items.every((f) => fills.has(f.executionId))) return fills;
  const next = new Map(fills);
  for (const fill of items) if (!next.has(fill.executionId)) next.set(fill.executionId, fill);
  return next;
}

/** One batch of a stream, in the order main sent it. */
export function applyStreamBatch(data: TradingData, batch: StreamBatch): TradingData {
  if (batch.items.length === 0) return data;
  const seq = data.seq + 1;
  switch (batch.name) {
    case 'trading.account':
      return { ...data, seq, account: batch.items[batch.items.length - 1]!, accountSeq: seq };
    case 'trading.state':
      return { ...data, seq, state: batch.items[batch.items.length - 1]!, stateSeq: seq };
    case 'trading.connection':
      return { ...data, seq, connections: applyStreamRows(data.connections, batch.items, CONNECTION_RULES, seq) };
    case 'trading.positions':
      return { ...data, seq, positions: applyStreamRows(data.positions, batch.items, POSITION_RULES, seq) };
    case 'trading.orders':
      return { ...data, seq, orders: applyStreamRows(data.orders, batch.items, ORDER_RULES, seq) };
    case 'trading.fills':
      return { ...data, seq, fills: addFills(data.fills, batch.items) };
  }
}

/** Answers to requests sent when the stream was at `since`. */
export function applySnapshot(data: TradingData, snapshot: TradingSnapshot, since: number): TradingData {
  let next = data;
  if (snapshot.account && data.accountSeq <= since) next = { ...next, account: snapshot.account };
  if (snapshot.state && data.stateSeq <= since) next = { ...next, state: snapshot.state };
  if (snapshot.connections) next = { ...next, connections: applySnapshotRows(next.connections, snapshot.connections, CONNECTION_RULES, since, true) };
  if (snapshot.positions) next = { ...next, positions: applySnapshotRows(next.positions, snapshot.positions, POSITION_RULES, since, true) };
  if (snapshot.orders) next = { ...next, orders: applySnapshotRows(next.orders, snapshot.orders, ORDER_RULES, since) };
  if (snapshot.fills) next = { ...next, fills: addFills(next.fills, snapshot.fills) };
  return next;
}
