/**
 * Requests that fill the trading store: the snapshot a window starts from (account, state,
 * connections, positions, every working order) and the blotters' history, page by page.
 */
import type { IpcClient } from '../../../shared/ipc/contract';
import type { FillView, OrderView } from '../../../shared/ipc/services/trading';
import { useTrading, type HistoryKind } from './store';

const PAGE = 1000;
/** History rows read at once; "Load older" reads as many again. */
export const HISTORY_STEP = 10_000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Every working order, however many pages. */
async function openOrders(client: IpcClient): Promise<OrderView[]> {
  const all: OrderView[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.invoke('trading.orders', { scope: 'open', limit: PAGE, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** The snapshot of everything the streams then keep current. Resolves false when trading did not answer. */
export async function loadTradingSnapshot(client: IpcClient): Promise<boolean> {
  const store = useTrading.getState();
  const { generation } = store;
  const since = store.data.seq;
  try {
    const [account, state, connections, positions, orders] = await Promise.all([
      client.invoke('trading.account', {}),
      client.invoke('trading.state', {}),
      client.invoke('trading.connection', {}),
      client.invoke('trading.positions', {}),
      openOrders(client),
    ]);
    useTrading.getState().snapshot({ account, state, connections, positions, orders }, since, generation);
    useTrading.getState().setProblem(null, generation);
    return true;
  } catch (error) {
    useTrading.getState().setProblem(messageOf(error), generation);
    return false;
  }
}

async function historyPage(client: IpcClient, kind: HistoryKind, cursor: string | null): Promise<{ rows: OrderView[] | FillView[]; nextCursor: string | null }> {
  const paging = { limit: PAGE, ...(cursor ? { cursor } : {}) };
  if (kind === 'orders') {
    const page = await client.invoke('trading.orders', { scope: 'recent', ...paging });
    return { rows: page.items, nextCursor: page.nextCursor };
  }
  const page = await client.invoke('trading.fills', paging);
  return { rows: page.items, nextCursor: page.nextCursor };
}

/**
 * Reads `kind`'s history, newest first, from where it stopped until `HISTORY_STEP` more rows are
 * in (or nothing older is left). One reader at a time per kind.
 */
export async function loadHistory(client: IpcClient, kind: HistoryKind): Promise<void> {
  const start = useTrading.getState();
  const status = start.history[kind];
  if (status.state === 'loading' || status.state === 'complete') return;
  const { generation } = start;
  let loaded = status.loaded;
  let cursor = status.cursor;
  const target = loaded + HISTORY_STEP;
  const report = (state: 'loading' | 'complete' | 'more' | 'error', error: string | null = null) =>
    useTrading.getState().setHistory(kind, { state, loaded, cursor, error }, generation);
  report('loading');
  try {
    do {
      const since = useTrading.getState().data.seq;
      const page = await historyPage(client, kind, cursor);
      if (useTrading.getState().generation !== generation) return;
      useTrading.getState().snapshot(kind === 'orders' ? { orders: page.rows as OrderView[] } : { fills: page.rows as FillView[] }, since, generation);
      loaded += page.rows.length;
      cursor = page.nextCursor;
      if (cursor) report('loading');
    } while (cursor && loaded < target);
    report(cursor ? 'more' : 'complete');
  } catch (error) {
    report('error', messageOf(error));
  }
}
