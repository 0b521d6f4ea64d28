import { useTradingConfigSync } from './queries/trading-config';
import { useTradingMode } from './queries/trading-mode';
import { LiveFrame } from './shell/LiveFrame';
import { TopBar } from './shell/TopBar';
import { Workspace } from './shell/Workspace';
import { useLayoutSync } from './shell/useLayoutSync';
import { useRefreshOnReconnect } from './shell/useRefreshOnReconnect';

export function App() {
  useLayoutSync();
  useTradingConfigSync();
  useRefreshOnReconnect();
  const { mode } = useTradingMode();
  return (
    <div className={`app mode-${mode ?? 'unknown'}`} data-mode={mode ?? 'unknown'}>
      <TopBar />
      <Workspace />
      <LiveFrame />
    </div>
  );
}
