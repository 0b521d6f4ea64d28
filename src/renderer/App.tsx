import { TopBar } from './shell/TopBar';
import { Workspace } from './shell/Workspace';
import { useLayoutSync } from './shell/useLayoutSync';

export function App() {
  useLayoutSync();
  return (
    <div className="app">
      <TopBar />
      <Workspace />
    </div>
  );
}
