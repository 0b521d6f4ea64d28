/**
 * This window's trading data (zustand): one store per window, fed by main's streams and snapshot
 * requests (feed.ts), read by the account bar, the order ticket and the blotters.
 */
import { create } from 'zustand';
import { applySnapshot, applyStreamBatch, emptyTradingData, type StreamBatch, type TradingData, type TradingSnapshot } from './trading-data';

export type HistoryKind = 'orders' | 'fills';

/** How far the blotters' history (pages of the journal, newest first) has been read. */
export interface HistoryStatus {
  readonly state: 'idle' | 'loading' | 'complete' | 'more' | 'error';
  /** Rows read from history pages so far. */
  readonly loaded: number;
  /** Where the next page starts (null: nothing older). */
  readonly cursor: string | null;
  readonly error: string | null;
}

const IDLE: HistoryStatus = { state: 'idle', loaded: 0, cursor: null, error: null };

interface TradingStore {
  readonly data: TradingData;
  /** Bumped by `reset`: answers to requests sent before it are dropped. */
  readonly generation: number;
  /** Why the trading service could not be read (not running, switching brokers); null once it answers. */
  readonly problem: string | null;
  readonly history: Readonly<Record<HistoryKind, HistoryStatus>>;
  receive(batch: StreamBatch): void;
  snapshot(snapshot: TradingSnapshot, since: number, generation: number): void;
  setHistory(kind: HistoryKind, status: HistoryStatus, generation: number): void;
  setProblem(problem: string | null, generation: number): void;
  /** Forgets everything (another broker account, or events lost while disconnected from main). */
  reset(): void;
}

export const useTrading = create<TradingStore>((set, get) => ({
  data: emptyTradingData(),
  generation: 0,
  problem: null,
  history: { orders: IDLE, fills: IDLE },
  receive: (batch) => set({ data: applyStreamBatch(get().data, batch) }),
  snapshot: (snapshot, since, generation) => {
    if (generation !== get().generation) return;
    set({ data: applySnapshot(get().data, snapshot, since) });
  },
  setHistory: (kind, status, generation) => {
    if (generation !== get().generation) return;
    set({ history: { ...get().history, [kind]: status } });
  },
  setProblem: (problem, generation) => {
    if (generation !== get().generation || problem === get().problem) return;
    set({ problem });
  },
  reset: () => set({ data: emptyTradingData(), generation: get().generation + 1, problem: null, history: { orders: IDLE, fills: IDLE } }),
}));
