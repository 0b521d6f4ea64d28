/**
 * Rows kept by key (an order by its client order id, a position by its symbol), fed by two sources
 * that can arrive in either order: the stream, whose items are complete rows in the order main sent
 * them, and snapshots (a request's answer), read by main at some moment after they were asked for.
 *
 * - A stream item always replaces its key (or removes it): the stream is ordered.
 * - A snapshot row replaces its key unless the stream wrote that key after the snapshot was asked
 *   for (`since`): such an item is at least as new as the snapshot, and any later change comes on
 *   the stream too. So the outcome does not depend on which arrived first, and applying the same
 *   items or the same snapshot again changes nothing.
 */

export interface KeyedRows<T> {
  readonly rows: ReadonlyMap<string, T>;
  /** The stream sequence number that last wrote (or removed) each key. */
  readonly touched: ReadonlyMap<string, number>;
}

export function emptyRows<T>(): KeyedRows<T> {
  return { rows: new Map(), touched: new Map() };
}

export interface RowRules<T> {
  readonly key: (row: T) => string;
  /** The item says the row is gone (a position with quantity 0). */
  readonly removes?: (row: T) => boolean;
}

/** Stream items, in the order they came, written at sequence number `seq`. */
export function applyStreamRows<T>(current: KeyedRows<T>, items: readonly T[], rules: RowRules<T>, seq: number): KeyedRows<T> {
  if (items.length === 0) return current;
  const rows = new Map(current.rows);
  const touched = new Map(current.touched);
  for (const item of items) {
    const key = rules.key(item);
    touched.set(key, seq);
    if (rules.removes?.(item)) rows.delete(key);
    else rows.set(key, item);
  }
  return { rows, touched };
}

function writtenSince(current: KeyedRows<unknown>, key: string, since: number): boolean {
  return (current.touched.get(key) ?? Number.NEGATIVE_INFINITY) > since;
}

/**
 * A snapshot asked for when the stream was at `since`. `complete`: it lists every row there is
 * (all open positions), so a row it leaves out is gone, unless the stream wrote it since.
 */
export function applySnapshotRows<T>(current: KeyedRows<T>, snapshot: readonly T[], rules: RowRules<T>, since: number, complete = false): KeyedRows<T> {
  const rows = new Map(current.rows);
  const listed = new Set<string>();
  for (const row of snapshot) {
    const key = rules.key(row);
    listed.add(key);
    if (writtenSince(current, key, since)) continue;
    if (rules.removes?.(row)) rows.delete(key);
    else rows.set(key, row);
  }
  if (complete) {
    for (const key of current.rows.keys()) {
      if (!listed.has(key) && !writtenSince(current, key, since)) rows.delete(key);
    }
  }
  return { rows, touched: current.touched };
}
