import { useTradingConfigSync } from './queries/trading-config';
import { useTradingMode } from './queries/trading-mode';
import { AccountBar } from './shell/account/AccountBar';
import { LiveFrame } from './shell/LiveFrame';
import { TopBar } from './shell/TopBar';
import { Workspace } from './shell/Workspace';
import { useLayoutSync } from './shell/useLayoutSync';
import { useRefreshOnReconnect } from './shell/useRefreshOnReconnect';
import { useTradingFeed } from './state/trading/feed';

export function App() {
  useLayoutSync();
  useTradingConfigSync();
  useRefreshOnReconnect();
  useTradingFeed();
  const { mode } = useTradingMode();
  return (
    <div className={`app mode-${mode ?? 'unknown'}`} data-mode={mode ?? 'unknown'}>
      <TopBar />
      <AccountBar />
      <Workspace />
      <LiveFrame />
    </div>
  );
}
