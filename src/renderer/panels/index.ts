import { ChartPanel } from './ChartPanel';
import { DatasetListPanel } from './DatasetListPanel';
import { registerPanel } from './registry';

/** Every panel kind the workstation offers. Add yours here. */
export function registerPanels(): void {
  registerPanel({ kind: 'datasets', title: 'Datasets', placement: 'sidebar', component: DatasetListPanel, multiple: false });
  registerPanel({ kind: 'chart', title: 'Chart', placement: 'main', component: ChartPanel, multiple: true });
}
