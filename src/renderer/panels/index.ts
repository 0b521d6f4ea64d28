import { FillsPanel, FillsTabBadge } from './blotters/FillsPanel';
import { OrdersPanel, OrdersTabBadge } from './blotters/OrdersPanel';
import { PositionsPanel, PositionsTabBadge } from './blotters/PositionsPanel';
import { ChartPanel } from './ChartPanel';
import { DatasetListPanel } from './DatasetListPanel';
import { StrategyLabPanel } from './lab/StrategyLabPanel';
import { RegimeGaugesPanel } from './regime/RegimeGaugesPanel';
import { registerPanel } from './registry';
import { TradingSettingsPanel } from './settings/TradingSettingsPanel';
import { SignalsLogPanel } from './signals/SignalsLogPanel';
import { LiveStrategiesPanel } from './strategies/LiveStrategiesPanel';
import { OrderTicketPanel } from './ticket/OrderTicketPanel';

/** Every panel kind the workstation offers. Add yours here. */
export function registerPanels(): void {
  registerPanel({ kind: 'datasets', title: 'Datasets', placement: 'sidebar', component: DatasetListPanel, multiple: false });
  registerPanel({ kind: 'order-ticket', title: 'Order ticket', placement: 'sidebar', component: OrderTicketPanel, multiple: false, closable: true });
  registerPanel({ kind: 'chart', title: 'Chart', placement: 'main', component: ChartPanel, multiple: true });
  registerPanel({ kind: 'regime-gauges', title: 'Regime', placement: 'sidebar', component: RegimeGaugesPanel, multiple: false, closable: true });
  registerPanel({ kind: 'positions', title: 'Positions', placement: 'dock', component: PositionsPanel, multiple: false, closable: true, tabBadge: PositionsTabBadge });
  registerPanel({ kind: 'orders', title: 'Orders', placement: 'dock', component: OrdersPanel, multiple: false, closable: true, tabBadge: OrdersTabBadge });
  registerPanel({ kind: 'fills', title: 'Fills', placement: 'dock', component: FillsPanel, multiple: false, closable: true, tabBadge: FillsTabBadge });
  registerPanel({ kind: 'trading-settings', title: 'Trading settings', placement: 'main', component: TradingSettingsPanel, multiple: false, closable: true });
  registerPanel({ kind: 'strategy-lab', title: 'Strategy lab', placement: 'main', component: StrategyLabPanel, multiple: false, closable: true });
  registerPanel({ kind: 'signals', title: 'Signals log', placement: 'main', component: SignalsLogPanel, multiple: false, closable: true });
  registerPanel({ kind: 'live-strategies', title: 'Live strategies', placement: 'main', component: LiveStrategiesPanel, multiple: false, closable: true });
}
