import type { PanelPlacement } from '../../shared/ipc/services/layout';
import { useDatasets } from '../queries/datasets';

/** Panel kinds that show the dataset chosen in their window's dataset list (unless unlinked). */
export const FOLLOWS_DATASET_SELECTION = ['chart', 'regime-gauges'] as const;

/**
 * The dataset a panel shows: the one chosen for it (its `dataset` setting), else the first
 * full OHLCV dataset, else the first of any kind.
 */
export function useChosenDataset(panel: PanelPlacement) {
  const datasets = useDatasets();
  const chosen = typeof panel.settings.dataset === 'number' ? panel.settings.dataset : null;
  const fallback = datasets.data?.find((d) => !d.closesOnly) ?? datasets.data?.[0];
  const dataset = chosen ?? fallback?.dataset ?? null;
  const summary = datasets.data?.find((d) => d.dataset === dataset) ?? null;
  return { dataset, summary, datasets };
}
