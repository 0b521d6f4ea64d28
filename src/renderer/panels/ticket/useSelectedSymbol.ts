import { useDatasets } from '../../queries/datasets';
import { useWorkspace, windowOf } from '../../state/workspace';

/**
 * The symbol this window is looking at: the dataset of its first chart (chosen in the dataset list),
 * else the one a new chart shows (the first full OHLCV dataset). Null until the datasets are known.
 */
export function useSelectedSymbol(): string | null {
  const datasets = useDatasets();
  const chosen = useWorkspace((s) => {
    const chart = windowOf(s.layout, s.windowId)?.panels.find((p) => p.kind === 'chart');
    return typeof chart?.settings.dataset === 'number' ? chart.settings.dataset : null;
  });
  const list = datasets.data ?? [];
  const dataset = (chosen !== null ? list.find((d) => d.dataset === chosen) : undefined) ?? list.find((d) => !d.closesOnly) ?? list[0];
  return dataset?.symbol ?? null;
}
