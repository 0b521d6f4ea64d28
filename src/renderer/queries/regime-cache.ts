import { REGIME_COUNT } from '../../shared/domain/regime';
import type { RegimeCurrent, RegimeSeries } from '../../shared/ipc/services/regime';

/** What a cached band needs after `regime.updates` said where its dataset's bank is now. */
export type SeriesUpdatePlan =
  | { readonly kind: 'none' }
  /** Fetch the rows from `from` on and append them. */
  | { readonly kind: 'tail'; readonly from: number }
  /** The bank reran (settings or bars changed): load the band again. */
  | { readonly kind: 'reload' };

const SAME = 1e-12;

export function planSeriesUpdate(cached: RegimeSeries | undefined, update: RegimeCurrent): SeriesUpdatePlan {
  if (!cached || update.dataset !== cached.dataset) return { kind: 'reload' };
  const n = cached.t.length;
  if (n === 0) return { kind: 'reload' };
  const lastT = cached.t[n - 1]!;
  if (update.t > lastT) return { kind: 'tail', from: lastT + 1 };
  if (update.t < lastT) return { kind: 'reload' };
  for (let k = 0; k < REGIME_COUNT; k++) {
    if (!(Math.abs((cached.p[k]?.[n - 1] ?? NaN) - update.p[k]!) <= SAME)) return { kind: 'reload' };
  }
  return { kind: 'none' };
}

/** The cached band with newer rows appended (rows of the tail replace cached rows at or after its first time). */
export function appendSeriesTail(cached: RegimeSeries, tail: RegimeSeries): RegimeSeries {
  if (tail.t.length === 0) return cached;
  const first = tail.t[0]!;
  let keep = cached.t.length;
  while (keep > 0 && cached.t[keep - 1]! >= first) keep--;
  return {
    ...cached,
    t: [...cached.t.slice(0, keep), ...tail.t],
    p: cached.p.map((column, k) => [...column.slice(0, keep), ...(tail.p[k] ?? [])]),
    label: [...cached.label.slice(0, keep), ...tail.label],
    observed: [...cached.observed.slice(0, keep), ...tail.observed],
    transitions: [...cached.transitions.filter((tr) => tr.t < first), ...tail.transitions],
  };
}

/** Every dataset's current regime with the updates applied (a dataset new to the list is added). */
export function mergeCurrents(cached: readonly RegimeCurrent[] | undefined, updates: readonly RegimeCurrent[]): RegimeCurrent[] {
  const byDataset = new Map<number, RegimeCurrent>();
  for (const c of cached ?? []) byDataset.set(c.dataset, c);
  for (const u of updates) byDataset.set(u.dataset, u);
  return [...byDataset.values()];
}
