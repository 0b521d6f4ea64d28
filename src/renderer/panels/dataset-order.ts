import type { DatasetSummary } from '../../shared/ipc/services/datasets';

/** How lists of datasets are ordered: full OHLCV data first, then files of closes; each group by symbol. */
export function orderDatasets(list: readonly DatasetSummary[]): DatasetSummary[] {
  return [...list].sort((a, b) => Number(a.closesOnly) - Number(b.closesOnly) || a.symbol.localeCompare(b.symbol) || a.dataset - b.dataset);
}
