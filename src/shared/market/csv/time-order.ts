import type { RowTable } from './rows';

export type FileOrder = 'ascending' | 'descending' | 'unordered';

export function fileOrder(t: Float64Array): FileOrder {
  let ascending = true;
  let descending = true;
  for (let i = 1; i < t.length && (ascending || descending); i++) {
    const a = t[i - 1]!;
    const b = t[i]!;
    if (b < a) ascending = false;
    else if (b > a) descending = false;
  }
  if (ascending) return 'ascending';
  if (descending) return 'descending';
  return 'unordered';
}

/** Puts rows in ascending time, in place when the file is simply reversed. Stable for equal times. */
export function sortRowsByTime(table: RowTable): FileOrder {
  const order = fileOrder(table.t);
  if (order === 'ascending') return order;
  const n = table.length;
  if (order === 'descending') {
    // Reverse whole runs of equal times too, so equal rows keep their file order (for messages).
    reverse(table.t);
    reverse(table.lines);
    for (const column of table.values) reverse(column);
    return order;
  }
  const index = new Uint32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  const t = table.t;
  index.sort((a, b) => t[a]! - t[b]! || a - b);
  table.t = permute(table.t, index);
  table.lines = permute(table.lines, index);
  table.values = table.values.map((column) => permute(column, index));
  return order;
}

function reverse(array: Float64Array | Int32Array): void {
  array.reverse();
}

function permute<T extends Float64Array | Int32Array>(array: T, index: Uint32Array): T {
  const out = new (array.constructor as new (length: number) => T)(array.length);
  for (let i = 0; i < index.length; i++) out[i] = array[index[i]!]!;
  return out;
}

/** Index of the first row whose time equals the previous row's (times ascending), or −1. */
export function firstDuplicateTime(t: Float64Array): number {
  for (let i = 1; i < t.length; i++) if (t[i] === t[i - 1]) return i;
  return -1;
}
