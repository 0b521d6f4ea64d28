import { ChartPanel } from './ChartPanel';
import { DatasetListPanel } from './DatasetListPanel';
import { RegimeGaugesPanel } from './regime/RegimeGaugesPanel';
import { registerPanel } from './registry';
import { TradingSettingsPanel } from './settings/TradingSettingsPanel';
import { SignalsLogPanel } from './signals/SignalsLogPanel';
import { LiveStrategiesPanel } from './strategies/LiveStrategiesPanel';

/** Every panel kind the workstation offers. Add yours here. */
export function registerPanels(): void {
  registerPanel({ kind: 'datasets', title: 'Datasets', placement: 'sidebar', component: DatasetListPanel, multiple: false });
  registerPanel({ kind: 'chart', title: 'Chart', placement: 'main', component: ChartPanel, multiple: true });
  registerPanel({ kind: 'regime-gauges', title: 'Regime', placement: 'sidebar', component: RegimeGaugesPanel, multiple: false, closable: true });
  registerPanel({ kind: 'trading-settings', title: 'Trading settings', placement: 'main', component: TradingSettingsPanel, multiple: false, closable: true });
  registerPanel({ kind: 'signals', title: 'Signals log', placement: 'main', component: SignalsLogPanel, multiple: false, closable: true });
  registerPanel({ kind: 'live-strategies', title: 'Live strategies', placement: 'main', component: LiveStrategiesPanel, multiple: false, closable: true });
}
